import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fontWidthTableSource } from '../../../functions/adapters/pdf/font-width-table';
import { loadLetterFonts } from '../../../functions/adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../../../functions/adapters/pdf/pdf-text-measure';
import { addressWindowMeasure } from '../../../functions/core/letters/window-measure';

const fonts = loadLetterFonts();
const pdf = pdfTextMeasure(fonts);
const style = { size: 10 };

// address lines as the window prints them: kerning-heavy capitals, diacritics, Greek and Cyrillic, punctuation
const LINES = [
  'Öztürk Präzisionsmaschinenbau GmbH & Co. KG',
  'Çelik & Müller Handels GmbH',
  'Frau Prof. Dr. Annegret Wąsik-Łukaszewska',
  'ul. Piotrkowska 104',
  '90-004 Łódź',
  'VEREINIGTES KÖNIGREICH',
  'AVAWAY TOWER, Tottenham Court Road',
  'LLANFAIRPWLLGWYNGYLL',
  'EH2 2PF',
  'Ελληνική Εταιρεία Α.Ε.',
  'ООО «Северный Ветер»',
  'c/o „Müller“ – Abteilung Einkauf …',
  'Société Générale, 29 boulevard Haussmann',
  'AA-A-A Ä-Ö-Ü Ð-Ó',
];

describe('address window measure (the table the planner drafts with)', () => {
  it('is the table the letter font gives: regenerate it when the font changes', async () => {
    const committed = await readFile('functions/core/letters/address-font-widths.ts', 'utf8');
    expect(committed, 'npx tsx -e "import(\'./functions/adapters/pdf/font-width-table.ts\').then((m) => m.writeFontWidthTable())"').toBe(
      fontWidthTableSource(fonts),
    );
  });

  it('never measures a line narrower than it prints, and at most a few per cent wider', () => {
    for (const line of LINES) {
      const printed = pdf(line, style);
      const table = addressWindowMeasure(line, style);
      // the pairs this font pushes apart ("A-", "AA") add up to 0.1 mm each
      expect(table, line).toBeGreaterThanOrEqual(printed - 0.35);
      expect(table / printed, line).toBeLessThan(1.1);
    }
    const usual = LINES.filter((l) => !/AVAWAY|AA-A/.test(l));
    for (const line of usual) expect(addressWindowMeasure(line, style) / pdf(line, style), line).toBeLessThan(1.025);
  });

  it('counts a character the table does not hold one em wide, and knows the regular face only', () => {
    expect(addressWindowMeasure('漢', style)).toBeCloseTo((10 * 25.4) / 72, 6);
    expect(addressWindowMeasure('漢', style)).toBeGreaterThan(pdf('漢', style));
    expect(() => addressWindowMeasure('Betreff', { size: 10, bold: true })).toThrow(/regular face only/);
  });
});
