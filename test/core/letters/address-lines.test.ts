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

  it('writes a UK address in Royal Mail order: post town in capitals, the postcode on its own line, then the country by name', () => {
    const c = aContact({ company: 'Thistle Trading Ltd', address: { street: '12 George Street', postalCode: 'eh22pf', city: 'Edinburgh', country: 'GB' } });
    const a = recipientAddressOf(c, domestic);
    expect(a.lines).toEqual(['Thistle Trading Ltd', 'Frau Dr. Anna Müller', '12 George Street', 'EDINBURGH', 'EH2 2PF', 'VEREINIGTES KÖNIGREICH']);
    expect(a.fields).toEqual(['company', 'name', 'street', 'town', 'postalCode', 'country']);
    expect(a.destination).toBe('GB');
    expect(recipientAddressOf(c, { ...domestic, senderLocale: 'en-GB' }).lines.slice(-3)).toEqual(['EDINBURGH', 'EH2 2PF', 'UNITED KINGDOM']);
    // a sender in the UK writes the same order, without a country line
    expect(recipientAddressOf(c, { homeCountry: 'GB', letterLocale: 'en-GB', senderLocale: 'en-GB' }).lines.slice(-2)).toEqual(['EDINBURGH', 'EH2 2PF']);
  });

  it('names every foreign country, never its code, and prints a postcode in its country\'s form', () => {
    const nl = recipientAddressOf(aContact({ address: { street: 'Damrak 1', postalCode: '1012ab', city: 'Amsterdam', country: 'NL' } }), domestic);
    expect(nl.lines.slice(-2)).toEqual(['1012 AB Amsterdam', 'NIEDERLANDE']);
    const ch = recipientAddressOf(aContact({ address: { street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' } }), { ...domestic, senderLocale: 'en' });
    expect(ch.lines.slice(-2)).toEqual(['8001 Zürich', 'SWITZERLAND']);
    for (const a of [nl, ch]) expect(a.lines.some((l) => /^[A-Z]{2}$/.test(l))).toBe(false);
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
