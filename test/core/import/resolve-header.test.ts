import { describe, expect, it } from 'vitest';
import { CONTACT_VOCABULARY, REP_VOCABULARY } from '../../../functions/core/import/columns';
import { resolveHeader } from '../../../functions/core/import/resolve-header';
import { ValidationError } from '../../../functions/core/errors';

describe('resolveHeader', () => {
  it('maps the German headers of a CRM export, ignoring case, accents, spaces, dashes and underscores', () => {
    const header = ['Kundennummer', 'ANREDE', 'Titel', 'Vorname', 'nach_name', 'Firma', 'E-Mail', 'Telefon', 'Straße', 'PLZ', 'Ort', 'Land', 'Kanal', 'Sprache', 'Du/Sie', 'Intervall (Tage)', 'Betreuer', 'Schlagwörter', 'Letzter Kontakt'];
    const h = resolveHeader(header, CONTACT_VOCABULARY);
    expect(h.columns.map((c) => (c.kind === 'field' ? c.field : c.name))).toEqual([
      'id', 'salutation', 'title', 'firstName', 'lastName', 'company', 'email', 'phone', 'street', 'postalCode', 'city', 'country',
      'channel', 'locale', 'formal', 'cadenceDays', 'repId', 'tags', 'lastTouchAt',
    ]);
    expect(h.label('email')).toBe('E-Mail');
    expect(h.label('optedOut')).toBe('optedOut');
  });

  it('knows Strasse without ß, the English aliases and the canonical names', () => {
    const h = resolveHeader(['Strasse', 'Zip', 'Town', 'Company', 'e-mail', 'Rep', 'Postcode ', 'firstName'].filter((x) => x !== 'Postcode '), CONTACT_VOCABULARY);
    expect([...h.index.keys()]).toEqual(['street', 'postalCode', 'city', 'company', 'email', 'repId', 'firstName']);
  });

  it('keeps unknown columns as custom fields, by their header as written', () => {
    const h = resolveHeader(['id', 'Firma', 'Betreuer', 'Branche', 'Umsatz 2025', ''], CONTACT_VOCABULARY);
    expect(h.columns.slice(3)).toEqual([
      { kind: 'custom', name: 'Branche' },
      { kind: 'custom', name: 'Umsatz 2025' },
      { kind: 'custom', name: 'column 6' },
    ]);
  });

  it('stops when two columns mean the same field, naming both', () => {
    expect(() => resolveHeader(['id', 'Firma', 'Betreuer', 'Telefon', 'Phone'], CONTACT_VOCABULARY)).toThrow(
      'columns "Telefon" and "Phone" both mean phone',
    );
  });

  it('stops on a first row that is data, not a header', () => {
    const call = () => resolveHeader(['Anna', 'Müller', 'anna@example.com'], CONTACT_VOCABULARY, 3);
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(/^line 3: the first row is not a header row/);
  });

  it('requires a rep column and something to match contacts by', () => {
    expect(() => resolveHeader(['Vorname', 'Nachname', 'Telefon'], CONTACT_VOCABULARY)).toThrow(
      /no column names the rep.*neither an id nor an email column/,
    );
  });

  it('requires id, name and email for reps', () => {
    expect(() => resolveHeader(['id', 'Telefon'], REP_VOCABULARY)).toThrow(/Name.*missing.*email/);
    const h = resolveHeader(['Kürzel', 'Name', 'E-Mail', 'Zeitzone', 'Signatur'], REP_VOCABULARY);
    expect([...h.index.keys()]).toEqual(['id', 'name', 'email', 'timeZone', 'signature']);
  });
});
