import { describe, expect, it } from 'vitest';
import { stripQuotedHistory } from '../../../functions/adapters/mail/strip-quoted-history';

const history = 'Guten Tag Frau Müller,\n\ndie Lieferzeiten sind wieder normal.\n\nPetra Schneider\n';

describe('stripQuotedHistory', () => {
  it.each([
    ['Outlook de, name only (our own rule)', `Danke, passt so.\n\nVon: Petra Schneider\nGesendet: Montag, 11. Januar 2027 09:12\nAn: Anna Müller\nBetreff: Neuigkeiten\n\n${history}`],
    ['Outlook de, rule above the block', `Danke, passt so.\n\n________________________________\nVon: Petra Schneider\nGesendet: Montag, 11. Januar 2027 09:12\n${history}`],
    ['Outlook de, with address', `Danke, passt so.\n\nVon: Petra Schneider <petra.schneider@presence.example>\nGesendet: Montag, 11. Januar 2027 09:12\nAn: Anna Müller\n\n${history}`],
    ['Outlook de, "Ursprüngliche Nachricht"', `Danke, passt so.\n\n-----Ursprüngliche Nachricht-----\nVon: Petra Schneider [mailto:petra.schneider@presence.example]\nGesendet: Montag, 11. Januar 2027 09:12\n\n${history}`],
    ['Outlook de, bold headers from HTML', `Danke, passt so.\n\n*Von:* Petra Schneider\n*Gesendet:* Montag, 11. Januar 2027 09:12\n${history}`],
    ['Outlook en', `Danke, passt so.\n\nFrom: Petra Schneider\nSent: Monday, January 11, 2027 9:12 AM\nTo: Anna Müller\n\n${history}`],
    ['Outlook fr', `Danke, passt so.\n\nDe : Petra Schneider\nEnvoyé : lundi 11 janvier 2027 09:12\nÀ : Anna Müller\n\n${history}`],
    ['Outlook nl', `Danke, passt so.\n\nVan: Petra Schneider\nVerzonden: maandag 11 januari 2027 09:12\n\n${history}`],
    ['Outlook pl', `Danke, passt so.\n\nOd: Petra Schneider\nWysłano: poniedziałek, 11 stycznia 2027 09:12\n\n${history}`],
    ['Gmail de, address wrapped (joined by our rule)', `Danke, passt so.\n\nAm Mo., 11. Jan. 2027 um 09:12 Uhr schrieb Petra Schneider <\npetra.schneider@presence.example>:\n\n> Guten Tag\n> Frau Müller\n`],
    ['Gmail en', `Danke, passt so.\n\nOn Mon, Jan 11, 2027 at 9:12 AM Petra Schneider <petra.schneider@presence.example> wrote:\n> Guten Tag\n`],
    ['Thunderbird de', `Danke, passt so.\n\nAm 11.01.27 um 09:12 schrieb Petra Schneider:\n> Guten Tag\n`],
    ['Apple Mail de', `Danke, passt so.\n\n> Am 11.01.2027 um 09:12 schrieb Petra Schneider <petra.schneider@presence.example>:\n> \n> Guten Tag\n`],
    ['French client', `Danke, passt so.\n\nLe lun. 11 janv. 2027 à 09:12, Petra Schneider <petra.schneider@presence.example> a écrit :\n> Bonjour\n`],
    ['Dutch client', `Danke, passt so.\n\nOp ma 11 jan. 2027 om 09:12 schreef Petra Schneider <petra.schneider@presence.example>:\n> Hallo\n`],
    ['Polish client', `Danke, passt so.\n\nW dniu pon., 11 sty 2027 o 09:12 Petra Schneider <petra.schneider@presence.example> napisał(a):\n> Dzień dobry\n`],
    ['signature "Von meinem iPhone gesendet"', 'Danke, passt so.\n\nVon meinem iPhone gesendet'],
  ])('%s', (_name, text) => {
    expect(stripQuotedHistory(text)).toBe('Danke, passt so.');
  });

  it('keeps a text without history as it is', () => {
    const text = 'Guten Tag,\n\ndas passt.\nVon: Montag an bin ich wieder da.\n\nGrüße';
    expect(stripQuotedHistory(text)).toBe(text);
  });

  it('reads only the top of a very long text, quickly', () => {
    const long = `Danke.\n\n${'> alte Zeile ohne Ende\n'.repeat(200_000)}`;
    const started = performance.now();
    expect(stripQuotedHistory(long)).toBe('Danke.');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
