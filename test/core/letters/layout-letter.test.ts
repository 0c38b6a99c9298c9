import { describe, expect, it } from 'vitest';
import { geometryOf } from '../../../functions/core/letters/geometry';
import { layoutLetter, type TextRun } from '../../../functions/core/letters/layout-letter';
import { buildLetter } from '../../../functions/core/letters/letter';
import { fixedWidthMeasure, wrapText } from '../../../functions/core/letters/text-measure';
import { aContact, aDraft, aRep } from '../../support/factories';

const measure = fixedWidthMeasure(0.5);
const at = new Date('2026-11-27T09:00:00Z');

function letterWith(text: string, locale = 'de-DE') {
  const draft = aDraft({ kind: 'letter', channel: 'letter', status: 'approved', locale, content: { subject: 'Betreff', html: '', text } });
  return buildLetter(draft, aContact(), aRep({ title: 'Vertrieb' }), { homeCountry: 'DE', returnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg', at });
}
const role = (texts: TextRun[], r: TextRun['role']) => texts.filter((t) => t.role === r);

describe('wrapText', () => {
  it('breaks at spaces within the width, keeps line breaks and cuts words longer than a line', () => {
    const style = { size: 10 };
    const w = measure('x', style);
    expect(wrapText('aa bb cc', 5.5 * w, style, measure)).toEqual(['aa bb', 'cc']);
    expect(wrapText('aa\n\nbb', 10 * w, style, measure)).toEqual(['aa', '', 'bb']);
    expect(wrapText('abcdefgh ij', 3 * w, style, measure)).toEqual(['abc', 'def', 'gh', 'ij']);
  });
});

describe('letter layout (DIN 5008)', () => {
  it('puts the return line and the address inside the Form B address field, the subject below it', () => {
    const g = geometryOf('B');
    const [page] = layoutLetter(letterWith('Kurz.'), g, measure).pages;
    const f = g.addressField;
    const ret = role(page!.texts, 'return');
    expect(ret).toHaveLength(1);
    expect(ret[0]).toMatchObject({ underline: true, size: 7 });
    expect(ret[0]!.y).toBeGreaterThanOrEqual(f.y);
    expect(ret[0]!.y + 3).toBeLessThanOrEqual(f.y + 5);
    const address = role(page!.texts, 'address');
    expect(address.map((t) => t.text)).toEqual(['Müller GmbH', 'Frau Dr. Anna Müller', 'Hauptstraße 1', '10115 Berlin']);
    for (const t of address) {
      expect(t.x).toBe(25);
      expect(t.y).toBeGreaterThanOrEqual(f.y + 17.7);
      expect(t.y + 4.23).toBeLessThanOrEqual(f.y + f.height);
    }
    expect(role(page!.texts, 'subject')[0]).toMatchObject({ bold: true, x: 25 });
    expect(role(page!.texts, 'subject')[0]!.y).toBeGreaterThan(f.y + f.height);
  });

  it('places the Form A field 27 mm from the top and its fold marks at 87 and 192 mm', () => {
    const a = geometryOf('A');
    const [page] = layoutLetter(letterWith('Kurz.'), a, measure).pages;
    expect(a.addressField).toEqual({ x: 20, y: 27, width: 85, height: 45 });
    expect(role(page!.texts, 'address')[0]!.y).toBeCloseTo(27 + 17.7);
    expect(page!.marks.map((m) => m.y1)).toEqual([87, 192, 148.5]);
    const b = layoutLetter(letterWith('Kurz.'), geometryOf('B'), measure).pages[0]!;
    expect(b.marks.map((m) => m.y1)).toEqual([105, 210, 148.5]);
  });

  it('puts sender lines and the date in the information block right of the window', () => {
    const [page] = layoutLetter(letterWith('Kurz.'), geometryOf('B'), measure).pages;
    const sender = role(page!.texts, 'sender');
    expect(sender.map((t) => t.text)).toEqual(['Petra Schneider', 'Vertrieb', 'petra.schneider@example.com']);
    expect(sender.every((t) => t.x === 125 && t.y >= 50)).toBe(true);
    expect(role(page!.texts, 'date')[0]).toMatchObject({ text: '27. November 2026', x: 125 });
  });

  it('keeps a short letter on one page without page numbers', () => {
    const layout = layoutLetter(letterWith('Ein Absatz.'), geometryOf('B'), measure);
    expect(layout.pages).toHaveLength(1);
    expect(role(layout.pages[0]!.texts, 'page')).toHaveLength(0);
    expect(role(layout.pages[0]!.texts, 'signature').map((t) => t.text)).toEqual(['Petra Schneider', 'Vertrieb']);
  });

  it('flows a long body onto further pages, numbers them and keeps text above the bottom margin', () => {
    const g = geometryOf('B');
    const body = Array.from({ length: 60 }, (_, i) => `Absatz ${i + 1} mit etwas Text.`).join('\n\n');
    const layout = layoutLetter(letterWith(body), g, measure);
    expect(layout.pages.length).toBe(3);
    layout.pages.forEach((p, i) => {
      expect(role(p.texts, 'page').map((t) => t.text)).toEqual([`Seite ${i + 1} von 3`]);
      for (const t of p.texts.filter((t) => t.role !== 'page')) expect(t.y + g.body.lineHeight).toBeLessThanOrEqual(g.contentBottom + 1e-9);
    });
    expect(layout.pages[1]!.texts[0]!.y).toBe(g.nextPageTop);
    expect(layout.pages[1]!.marks).toEqual([]);
    const englishLayout = layoutLetter(letterWith(body, 'en-GB'), g, measure);
    expect(role(englishLayout.pages[0]!.texts, 'page')[0]!.text).toBe('Page 1 of 3');
  });

  it('keeps the closing and the signature together on one page', () => {
    const g = geometryOf('B');
    // fill the first page so that only a few lines remain
    const lines = Math.floor((g.contentBottom - g.subjectY) / g.body.lineHeight) - 8;
    const layout = layoutLetter(letterWith(Array.from({ length: lines }, () => 'Zeile').join('\n')), g, measure);
    const last = layout.pages.at(-1)!;
    expect(role(last.texts, 'closing')).toHaveLength(1);
    expect(role(last.texts, 'signature')).toHaveLength(2);
  });

  it('shrinks a long return line to fit the window', () => {
    const g = geometryOf('B');
    const letter = { ...letterWith('x'), returnLine: 'Presence Beratungs- und Vertriebsgesellschaft mbH · Industriestraße 123 · 12345 Musterstadt' };
    const ret = role(layoutLetter(letter, g, measure).pages[0]!.texts, 'return')[0]!;
    expect(ret.size).toBeLessThan(7);
    expect(measure(ret.text, { size: ret.size })).toBeLessThanOrEqual(g.returnLine.maxWidth);
  });
});
