import { describe, expect, it } from 'vitest';
import { recipientAddressOf } from '../../../functions/core/letters/address-lines';
import { checkAddress } from '../../../functions/core/letters/check-address';
import { geometryOf } from '../../../functions/core/letters/geometry';
import { fixedWidthMeasure } from '../../../functions/core/letters/text-measure';
import type { Contact } from '../../../functions/core/model';
import { aContact } from '../../support/factories';

const g = geometryOf('B');
// 10 pt at 0.5 em: 1.76 mm a character, so 45 characters fit the 80 mm the window gives a line
const measure = fixedWidthMeasure(0.5);
const check = (c: Contact, homeCountry = 'DE') =>
  checkAddress(c, recipientAddressOf(c, { homeCountry, letterLocale: c.locale, senderLocale: 'de-DE' }), g, measure);

describe('address pre-check', () => {
  it('passes a complete domestic address', () => {
    expect(check(aContact())).toEqual([]);
  });

  it('names a missing postal code and a missing city separately', () => {
    const reasons = check(aContact({ address: { street: 'Hauptstraße 1', postalCode: '', city: '', country: '' } }));
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/^address\.postalCode: .*no postal code/);
    expect(reasons[1]).toMatch(/^address\.city: .*no city/);
  });

  it('rejects a foreign address whose country cannot be named', () => {
    const reasons = check(aContact({ address: { street: 'Rue 1', postalCode: '75001', city: 'Paris', country: 'Frankreich' } }));
    expect(reasons).toEqual([expect.stringMatching(/^address\.country: "Frankreich" .*two-letter ISO code/)]);
  });

  it('accepts a foreign address with a country line, and the same address at home without one', () => {
    const c = aContact({ address: { street: 'Rue 1', postalCode: '75001', city: 'Paris', country: 'FR' } });
    expect(check(c)).toEqual([]);
    expect(check(c, 'FR')).toEqual([]);
  });

  it('rejects more lines than the window shows', () => {
    const c = aContact({ address: { street: 'Gebäude B\nEtage 3\nRingstraße 1', postalCode: '1010', city: 'Wien', country: 'AT' } });
    const reasons = check(c);
    expect(reasons).toEqual([expect.stringMatching(/^address: 7 lines, but the envelope window shows 6/)]);
  });

  it('names the field of a line too wide for the window, with its width', () => {
    const c = aContact({ company: 'Müller Präzisionsmaschinenbau und Vertriebsgesellschaft mbH & Co. KG' });
    const reasons = check(c);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^company: line 1 ".*" is 1\d\d mm wide, but the envelope window holds 80 mm at 10 pt/);
  });

  it('names a postcode that does not fit the country the letter goes to, and what to write instead', () => {
    const german = check(aContact({ address: { street: 'Domkloster 4', postalCode: '1234', city: 'Köln', country: '' } }));
    expect(german).toEqual([
      'address.postalCode: "1234" is not a postcode of Germany (DE): write 5 digits, e.g. 10115 (a spreadsheet may have dropped a leading 0: 1067 is 01067); fix it in the contact.',
    ]);
    const polish = check(aContact({ address: { street: 'ul. Długa 5', postalCode: '00238', city: 'Warszawa', country: 'PL' } }));
    expect(polish).toEqual([expect.stringMatching(/^address\.postalCode: "00238" is not a postcode of Poland \(PL\): write 2 digits, a dash and 3 digits/)]);
    // the same five digits are a good postcode at home in France
    expect(check(aContact({ address: { street: 'Rue 1', postalCode: '75001', city: 'Paris', country: '' } }), 'FR')).toEqual([]);
  });

  it('counts a UK address as Royal Mail writes it: the town and the postcode on lines of their own', () => {
    const c = aContact({ address: { street: 'Suite 4\nFloor 2\n12 George Street', postalCode: 'EH2 2PF', city: 'Edinburgh', country: 'GB' } });
    // company, name, three street lines, town, postcode, country: 8 lines
    expect(check(c)).toEqual([expect.stringMatching(/^address: 8 lines, but the envelope window shows 6/)]);
    const town = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch';
    const long = check(aContact({ address: { street: '1 High Street', postalCode: 'LL61 5UJ', city: town, country: 'GB' } }));
    expect(long).toEqual([expect.stringMatching(/^address\.city: line 4 "LLANFAIR.*" is \d+ mm wide/)]);
  });

  it('reports every problem at once', () => {
    const c = aContact({
      lastName: 'Müller-Lüdenscheidt-Hohenzollern von Brandenburg',
      address: { street: 'Hauptstraße 1', postalCode: '', city: 'Berlin', country: '' },
    });
    const reasons = check(c);
    expect(reasons.map((r) => r.split(':')[0])).toEqual(['address.postalCode', 'title/firstName/lastName']);
  });
});
