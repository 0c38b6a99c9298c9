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
    const c = aContact({ address: { street: 'Gebäude B\nEtage 3\nHauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'AT' } });
    const reasons = check(c);
    expect(reasons).toEqual([expect.stringMatching(/^address: 7 lines, but the envelope window shows 6/)]);
  });

  it('names the field of a line too wide for the window, with its width', () => {
    const c = aContact({ company: 'Müller Präzisionsmaschinenbau und Vertriebsgesellschaft mbH & Co. KG' });
    const reasons = check(c);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^company: line 1 ".*" is 1\d\d mm wide, but the envelope window holds 80 mm at 10 pt/);
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
