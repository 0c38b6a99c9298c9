import { describe, expect, it } from 'vitest';
import { buildLetter, defaultSalutation } from '../../../functions/core/letters/letter';
import { MERGE_COLUMNS, mergeRecordOf } from '../../../functions/core/letters/merge-record';
import { aContact, aDraft, aRep } from '../../support/factories';

const at = new Date('2026-11-27T23:30:00Z');
const letterDraft = aDraft({
  kind: 'letter',
  channel: 'letter',
  status: 'approved',
  content: { subject: 'Lieferfähigkeit  im Dezember', html: '', text: 'Erster Absatz.\r\n\r\nZweiter Absatz.', salutation: 'Liebe Anna,', closing: 'Herzliche Grüße' },
});

describe('letter model', () => {
  it('takes the approved words from the draft and the sender block from the rep', () => {
    const rep = aRep({ title: 'Key Account Manager', phone: '+49 30 1234567' });
    const letter = buildLetter(letterDraft, aContact(), rep, { homeCountry: 'DE', returnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg', at });
    expect(letter.subject).toBe('Lieferfähigkeit im Dezember');
    expect(letter.salutation).toBe('Liebe Anna,');
    expect(letter.body).toBe('Erster Absatz.\n\nZweiter Absatz.');
    expect(letter.closing).toBe('Herzliche Grüße');
    expect(letter.senderLines).toEqual(['Petra Schneider', 'Key Account Manager', 'Telefon +49 30 1234567', 'petra.schneider@example.com']);
    expect(letter.returnLine).toBe('Presence GmbH · Hafenweg 2 · 20457 Hamburg');
    expect(letter.repName).toBe('Petra Schneider');
    expect(letter.repTitle).toBe('Key Account Manager');
  });

  it('dates the letter in the contact\'s locale, in the rep\'s time zone', () => {
    // 23:30 UTC is already the 28th in Berlin
    expect(buildLetter(letterDraft, aContact(), aRep(), { homeCountry: 'DE', at }).date).toBe('28. November 2026');
    expect(buildLetter(letterDraft, aContact({ locale: 'en-GB' }), aRep(), { homeCountry: 'DE', at }).date).toBe('28 November 2026');
    expect(buildLetter(letterDraft, aContact({ locale: 'en' }), aRep({ timeZone: 'America/New_York' }), { homeCountry: 'DE', at }).date).toBe(
      'November 27, 2026',
    );
  });

  it('leaves empty sender lines out and falls back to the rep\'s name as return line', () => {
    const letter = buildLetter(letterDraft, aContact(), aRep(), { homeCountry: 'DE', at });
    expect(letter.senderLines).toEqual(['Petra Schneider', 'petra.schneider@example.com']);
    expect(letter.returnLine).toBe('Petra Schneider');
  });

  it('greets by the contact\'s form when the draft carries no greeting', () => {
    expect(defaultSalutation(aContact(), 'de')).toBe('Sehr geehrte Frau Dr. Müller,');
    expect(defaultSalutation(aContact({ salutation: 'mr', title: '', lastName: 'Çelik' }), 'de')).toBe('Sehr geehrter Herr Çelik,');
    expect(defaultSalutation(aContact({ formal: false }), 'de')).toBe('Liebe Anna,');
    expect(defaultSalutation(aContact({ title: '' }), 'en')).toBe('Dear Ms Müller,');
    expect(defaultSalutation(aContact({ firstName: '', lastName: '' }), 'en')).toBe('Dear Sir or Madam,');
    const noWords = aDraft({ kind: 'letter', content: { subject: 'S', html: '', text: 'T' } });
    const letter = buildLetter(noWords, aContact(), aRep(), { homeCountry: 'DE', at });
    expect([letter.salutation, letter.closing]).toEqual(['Sehr geehrte Frau Dr. Müller,', 'Mit freundlichen Grüßen']);
  });

  it('fills every merge column in order, padding missing lines with empty cells', () => {
    const letter = buildLetter(letterDraft, aContact(), aRep(), { homeCountry: 'DE', at });
    const record = mergeRecordOf(letter);
    expect(record).toHaveLength(MERGE_COLUMNS.length);
    const row = Object.fromEntries(MERGE_COLUMNS.map((c, i) => [c, record[i]]));
    expect(row).toMatchObject({
      senderLine1: 'Petra Schneider',
      senderLine2: 'petra.schneider@example.com',
      senderLine3: '',
      recipientLine1: 'Müller GmbH',
      recipientLine4: '10115 Berlin',
      recipientLine5: '',
      recipientLine6: '',
      body: 'Erster Absatz.\n\nZweiter Absatz.',
      contactId: 'c-1',
      draftId: letterDraft.id,
    });
  });
});
