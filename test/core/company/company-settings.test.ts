// settings/company.yaml: every problem names the file and the field, so whoever edits it can fix it.
import { describe, expect, it } from 'vitest';
import { returnAddressOf, validateCompanySettings } from '../../../functions/core/company/company-settings';
import { parseCompanySettings } from '../../../functions/core/company/parse-company-settings';
import { ValidationError } from '../../../functions/core/errors';

const complete = `
name: Beispiel Antriebe GmbH
address:
  street: Werkstraße 4
  postalCode: "70173"
  city: Stuttgart
  country: DE
seat: Stuttgart
registerCourt: Amtsgericht Stuttgart
registerNumber: HRB 765432
managingDirectors: [Erika Beispiel]
vatId: DE999999999
`;

function problemOf(source: string): ValidationError {
  try {
    parseCompanySettings(source);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('company settings', () => {
  it('reads a complete file and derives the return line from the address', () => {
    const c = parseCompanySettings(complete);
    expect(c).toMatchObject({ name: 'Beispiel Antriebe GmbH', address: { postalCode: '70173' }, managingDirectors: ['Erika Beispiel'] });
    expect(returnAddressOf(c)).toBe('Beispiel Antriebe GmbH · Werkstraße 4 · 70173 Stuttgart');
    expect(returnAddressOf({ ...c, letterReturnAddress: 'Beispiel Antriebe GmbH · Postfach 1 · 70001 Stuttgart' })).toBe('Beispiel Antriebe GmbH · Postfach 1 · 70001 Stuttgart');
  });

  it('names each missing field', () => {
    const e = problemOf(complete.replace(/^registerCourt:.*\n/m, '').replace(/^ {2}city:.*\n/m, ''));
    expect(e.message).toContain('settings/company.yaml: registerCourt: is required');
    expect(e.message).toContain('settings/company.yaml: address.city: is required');
    expect(e.issues.map((i) => i.path).sort()).toEqual(['address.city', 'registerCourt']);
  });

  it('names empty, misspelt and malformed fields', () => {
    const e = problemOf(complete.replace('seat: Stuttgart', 'seat: ""\nsitz: Stuttgart').replace('country: DE', 'country: Germany').replace('[Erika Beispiel]', '[]'));
    expect(e.message).toContain('settings/company.yaml: seat: write the registered seat');
    expect(e.message).toContain('settings/company.yaml: sitz: unknown field');
    expect(e.message).toContain('settings/company.yaml: address.country: use a two-letter country code like DE');
    expect(e.message).toContain('settings/company.yaml: managingDirectors: name at least one managing director');
  });

  it('names a line break in a value and a broken YAML line', () => {
    expect(() => validateCompanySettings({ ...parseCompanySettings(complete), name: 'A\nBcc: x' })).toThrow('settings/company.yaml: name: must be one line');
    expect(problemOf('name: [unclosed\n').message).toMatch(/^settings\/company\.yaml: line \d+:/);
    expect(problemOf('').message).toContain('settings/company.yaml: name: is required');
  });
});
