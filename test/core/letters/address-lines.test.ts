import { describe, expect, it } from 'vitest';
import { countryName, nameLineOf, recipientAddressOf } from '../../../functions/core/letters/address-lines';
import { aContact } from '../../support/factories';

const domestic = { homeCountry: 'DE', letterLocale: 'de-DE', senderLocale: 'de-DE' };

describe('recipient address lines', () => {
  it('builds company, name with salutation and title, street, postal code and city for a domestic letter', () => {
    const a = recipientAddressOf(aContact(), domestic);
    expect(a.lines).toEqual(['Müller GmbH', 'Frau Dr. Anna Müller', 'Hauptstraße 1', '10115 Berlin']);
    expect(a.fields).toEqual(['company', 'name', 'street', 'city']);
    expect(a.foreign).toBe(false);
  });

  it('treats an empty country and the home country in any case as domestic', () => {
    expect(recipientAddressOf(aContact({ address: { street: 'A 1', postalCode: '1', city: 'X', country: '' } }), domestic).foreign).toBe(false);
    expect(recipientAddressOf(aContact({ address: { street: 'A 1', postalCode: '1', city: 'X', country: 'de' } }), domestic).foreign).toBe(false);
  });

  it('adds the country in capitals in the sender\'s language as the last line of a foreign address', () => {
    const c = aContact({ address: { street: 'Ringstraße 5', postalCode: '1010', city: 'Wien', country: 'AT' } });
    expect(recipientAddressOf(c, domestic).lines.at(-1)).toBe('ÖSTERREICH');
    expect(recipientAddressOf(c, { ...domestic, senderLocale: 'en-GB' }).lines.at(-1)).toBe('AUSTRIA');
  });

  it('leaves out the country line when the code names no country', () => {
    const c = aContact({ address: { street: 'x 1', postalCode: '1', city: 'Y', country: 'Frankreich' } });
    const a = recipientAddressOf(c, domestic);
    expect(a.foreign).toBe(true);
    expect(a.countryLine).toBeUndefined();
    expect(countryName('XX', 'de')).toBeUndefined();
    expect(countryName('fr', 'de')).toBe('Frankreich');
  });

  it('writes the name line in the letter\'s language', () => {
    expect(nameLineOf(aContact({ title: '' }), 'en')).toBe('Ms Anna Müller');
    expect(nameLineOf(aContact(), 'en')).toBe('Dr. Anna Müller');
    expect(nameLineOf(aContact({ salutation: 'mr', title: '', firstName: 'Łukasz', lastName: 'Wąsik' }), 'de')).toBe('Herr Łukasz Wąsik');
    expect(nameLineOf(aContact({ salutation: 'none', title: '' }), 'de')).toBe('Anna Müller');
    expect(nameLineOf(aContact({ firstName: '', lastName: '' }), 'de')).toBe('');
  });

  it('splits values that hold line breaks into lines of their own and leaves empty parts out', () => {
    const c = aContact({ company: '', address: { street: 'c/o Praxis Yılmaz\nBahnhofstr. 3', postalCode: '80331', city: 'München', country: '' } });
    const a = recipientAddressOf(c, domestic);
    expect(a.lines).toEqual(['Frau Dr. Anna Müller', 'c/o Praxis Yılmaz', 'Bahnhofstr. 3', '80331 München']);
    expect(a.fields).toEqual(['name', 'street', 'street', 'city']);
  });
});
