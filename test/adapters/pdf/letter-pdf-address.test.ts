// The address block as the post reads it: printed, then read back out of the PDF with poppler.
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLetterPdfWriter } from '../../../functions/adapters/pdf/letter-pdf';
import { loadLetterFonts } from '../../../functions/adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../../../functions/adapters/pdf/pdf-text-measure';
import { checkAddress } from '../../../functions/core/letters/check-address';
import { geometryOf, mmToPt } from '../../../functions/core/letters/geometry';
import { layoutLetter } from '../../../functions/core/letters/layout-letter';
import { buildLetter } from '../../../functions/core/letters/letter';
import type { ContactInput, RepInput } from '../../../functions/core/model';
import { aContact, aDraft, aRep } from '../../support/factories';
import { pdfWords, type PdfWord } from './pdf-words';

const fonts = loadLetterFonts();
const measure = pdfTextMeasure(fonts);
const g = geometryOf('B');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'letter-address-'));
});

/** The recipient lines inside the window, as poppler reads them: words on one baseline joined by a space. */
function windowLines(words: PdfWord[]): string[] {
  const f = g.addressField;
  const top = mmToPt(g.address.y) - 1;
  const inside = words.filter((w) => w.xMin >= mmToPt(f.x) && w.xMax <= mmToPt(f.x + f.width) && w.yMin >= top && w.yMax <= mmToPt(f.y + f.height));
  const lines = new Map<number, PdfWord[]>();
  for (const w of inside) {
    const key = [...lines.keys()].find((y) => Math.abs(y - w.yMin) < 2) ?? w.yMin;
    lines.set(key, [...(lines.get(key) ?? []), w]);
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([, ws]) => ws.sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' '));
}

async function printedAddress(contact: Partial<ContactInput>, rep: Partial<RepInput>): Promise<string[]> {
  const c = aContact(contact);
  const draft = aDraft({ contactId: c.id, kind: 'letter', channel: 'letter', status: 'approved', locale: c.locale, content: { subject: 'Update', html: '', text: 'Hello.' } });
  const letter = buildLetter(draft, c, aRep(rep), { homeCountry: 'DE', returnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg', at: new Date('2026-11-27T09:00:00Z') });
  expect(checkAddress(c, letter.recipient, g, measure)).toEqual([]);
  const file = join(dir, `${c.id}-${rep.locale}.pdf`);
  const out = createWriteStream(file);
  const closed = new Promise<void>((r) => out.once('close', () => r()));
  const doc = createLetterPdfWriter(fonts)(out);
  await doc.addLetter(layoutLetter(letter, g, measure));
  await doc.end();
  await closed;
  return windowLines(pdfWords(file)[0]!);
}

const edinburgh: Partial<ContactInput> = {
  id: 'c-uk',
  salutation: 'mr',
  title: '',
  firstName: 'James',
  lastName: 'Reid',
  company: 'Thistle Trading Ltd',
  locale: 'en-GB',
  // as a CRM may hold it: lower case, no space
  address: { street: '12 George Street', postalCode: 'eh22pf', city: 'Edinburgh', country: 'GB' },
};

describe('letters PDF, the address block', () => {
  it('prints a UK address in Royal Mail order, the country named in the sender\'s language', async () => {
    expect(await printedAddress(edinburgh, { locale: 'en-GB' })).toEqual(['Thistle Trading Ltd', 'Mr James Reid', '12 George Street', 'EDINBURGH', 'EH2 2PF', 'UNITED KINGDOM']);
    expect((await printedAddress(edinburgh, { locale: 'de-DE' })).slice(-3)).toEqual(['EDINBURGH', 'EH2 2PF', 'VEREINIGTES KÖNIGREICH']);
  });

  it('prints other foreign addresses with postcode and city on one line and the country by name', async () => {
    const amsterdam = { id: 'c-nl', address: { street: 'Damrak 1', postalCode: '1012ab', city: 'Amsterdam', country: 'NL' } };
    expect(await printedAddress(amsterdam, { locale: 'de-DE' })).toEqual(['Müller GmbH', 'Frau Dr. Anna Müller', 'Damrak 1', '1012 AB Amsterdam', 'NIEDERLANDE']);
  });
});
