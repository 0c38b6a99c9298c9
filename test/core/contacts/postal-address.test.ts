import { describe, expect, it } from 'vitest';
import { checkPostcode, postcodeProblem } from '../../../functions/core/contacts/postal-address';

const fits = (country: string, postcode: string) => {
  const check = checkPostcode(country, postcode);
  return check.ok ? check.postcode : undefined;
};

describe('postcodes per country', () => {
  it.each([
    ['DE', ['10115', '01067', '80331'], ['1234', '101155', '1O115', '10 115']],
    ['AT', ['1010', '8020'], ['101', '10100', '0100']],
    ['CH', ['8001', '3000'], ['800', '80011']],
    ['DK', ['1050', '8000'], ['105', '10500']],
    ['BE', ['1000', '9000'], ['100', '10000']],
    ['PL', ['00-950', '90-004'], ['12345', '00950', '0-950', '00-95']],
    ['NL', ['1012 AB', '9999 ZZ'], ['1012', '1012 A', '10123 AB', 'AB 1012']],
    ['FR', ['75001', '13008'], ['7500', '750011', '75-001']],
    ['IT', ['00184', '20121'], ['0018', '001844']],
    ['GB', ['EH2 2PF', 'SW1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB', 'GIR 0AA'], ['EH2 2P', '12345', 'EH2', 'EH22 PFF', '2EH 2PF']],
  ])('%s: good ones fit, bad ones do not', (country, good, bad) => {
    for (const postcode of good) expect(fits(country, postcode), `${country} ${postcode}`).toBe(postcode);
    for (const postcode of bad) expect(checkPostcode(country, postcode), `${country} ${postcode}`).toMatchObject({ ok: false });
  });

  it('turns harmless forms into the printed one', () => {
    expect(fits('GB', 'eh22pf')).toBe('EH2 2PF');
    expect(fits('GB', ' sw1a  1aa ')).toBe('SW1A 1AA');
    expect(fits('GB', 'gir0aa')).toBe('GIR 0AA');
    expect(fits('JE', 'je23ab')).toBe('JE2 3AB');
    expect(fits('NL', '1012ab')).toBe('1012 AB');
    expect(fits('NL', '1012 ab')).toBe('1012 AB');
    expect(fits('FR', '75 001')).toBe('75001');
    expect(fits('DE', 'D-10115')).toBe('10115');
    expect(fits('DE', 'DE-10115')).toBe('10115');
    expect(fits('AT', 'A-1010')).toBe('1010');
    expect(fits('CH', 'CH-8001')).toBe('8001');
    expect(fits('PL', 'PL-00-950')).toBe('00-950');
  });

  it('does not guess: a Polish postcode without its dash and a German one of 4 digits stay wrong', () => {
    expect(checkPostcode('PL', '12345')).toEqual({ ok: false, expected: '2 digits, a dash and 3 digits, e.g. 00-950' });
    expect(checkPostcode('DE', '1234')).toMatchObject({ ok: false, expected: expect.stringMatching(/^5 digits, e\.g\. 10115/) });
  });

  it('accepts any postcode for a country without a known format, and judges nothing without a postcode or country', () => {
    expect(checkPostcode('AQ', 'whatever 1')).toEqual({ ok: true, postcode: 'whatever 1' });
    expect(checkPostcode('', '1234')).toEqual({ ok: true, postcode: '1234' });
    expect(checkPostcode('DE', '')).toEqual({ ok: true, postcode: '' });
    expect(checkPostcode('Germany', '1234')).toEqual({ ok: true, postcode: '1234' });
  });

  it('checks the other countries the package knows, naming the country in the message', () => {
    expect(fits('SE', '114 55')).toBe('114 55');
    expect(postcodeProblem('SE', '11')).toBe('"11" is not a postcode of Sweden (SE): write the format of postcodes in SE');
  });

  it('says what is wrong and what to write', () => {
    expect(postcodeProblem('DE', '1234')).toBe(
      '"1234" is not a postcode of Germany (DE): write 5 digits, e.g. 10115 (a spreadsheet may have dropped a leading 0: 1067 is 01067)',
    );
    expect(postcodeProblem('GB', 'EH2')).toMatch(/^"EH2" is not a postcode of United Kingdom \(GB\): write the outward code .*e\.g\. EH2 2PF$/);
    expect(postcodeProblem('de', '10115')).toBeUndefined();
  });
});
