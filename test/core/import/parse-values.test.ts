import { describe, expect, it } from 'vitest';
import { countryCode } from '../../../functions/core/import/countries';
import {
  parseCadence,
  parseChannel,
  parseDateTime,
  parseFormal,
  parseLocale,
  parseSalutation,
  parseTags,
  parseTimeZone,
  parseYesNo,
} from '../../../functions/core/import/parse-values';

const ok = <T>(fn: (raw: string, label: string, problems: string[]) => T, raw: string) => {
  const problems: string[] = [];
  const value = fn(raw, 'X', problems);
  expect(problems).toEqual([]);
  return value;
};
const problem = <T>(fn: (raw: string, label: string, problems: string[]) => T, raw: string) => {
  const problems: string[] = [];
  fn(raw, 'Kanal', problems);
  expect(problems).toHaveLength(1);
  return problems[0];
};

describe('cell values', () => {
  it('salutation: Frau/Herr/Ms/Mrs/Mr/Divers/empty', () => {
    expect(['Frau', 'frau', 'Ms', 'Mrs.', 'Herr', 'MR', 'Divers', ''].map((v) => ok(parseSalutation, v))).toEqual(['ms', 'ms', 'ms', 'ms', 'mr', 'mr', 'none', 'none']);
    expect(problem(parseSalutation, 'Firma')).toContain('"Firma" is not known');
  });

  it('channel in German and English; empty is not given', () => {
    expect(['email', 'E-Mail', 'Brief', 'letter', 'Besuch', 'visit', 'Anruf', 'Telefon', 'call'].map((v) => ok(parseChannel, v))).toEqual([
      'email', 'email', 'letter', 'letter', 'visit', 'visit', 'call', 'call', 'call',
    ]);
    expect(ok(parseChannel, ' ')).toBeUndefined();
    expect(problem(parseChannel, 'Fax')).toBe('Kanal "Fax" is not a known channel: use E-Mail, Brief, Besuch or Anruf (email, letter, visit, call)');
  });

  it('locale: codes, regions and language names', () => {
    expect(['de', 'en', 'Deutsch', 'Englisch', 'German', 'English', 'de-AT', 'de_ch', 'EN-gb'].map((v) => ok(parseLocale, v))).toEqual([
      'de', 'en', 'de', 'en', 'de', 'en', 'de-AT', 'de-CH', 'en-GB',
    ]);
    expect(problem(parseLocale, 'fr')).toContain('has no templates');
  });

  it('formal: Sie/Du, ja/nein, true/false, formal/informal', () => {
    expect(['Sie', 'Du', 'ja', 'nein', 'true', 'false', 'formal', 'informal'].map((v) => ok(parseFormal, v))).toEqual([
      true, false, true, false, true, false, true, false,
    ]);
    expect(problem(parseFormal, 'Ihr')).toContain('use Sie or Du');
  });

  it('yes/no flags accept x for yes', () => {
    expect(['x', 'ja', 'nein', '1', '0', ''].map((v) => ok(parseYesNo, v))).toEqual([true, true, false, true, false, undefined]);
  });

  it('a word that names an object property (constructor, toString) is not understood, never taken from the prototype', () => {
    for (const word of ['constructor', 'toString', '__proto__']) {
      expect(problem(parseYesNo, word)).toContain('use ja or nein');
      expect(problem(parseFormal, word)).toContain('use Sie or Du');
      expect(problem(parseChannel, word)).toContain('is not a known channel');
      expect(problem(parseSalutation, word)).toContain('is not known');
    }
  });

  it('country names in German and English, ISO codes and customary short forms', () => {
    const cases: Record<string, string> = {
      Deutschland: 'DE', Germany: 'DE', de: 'DE', D: 'DE', Österreich: 'AT', Oesterreich: 'AT', Austria: 'AT',
      Schweiz: 'CH', Switzerland: 'CH', CH: 'CH', 'Vereinigtes Königreich': 'GB', UK: 'GB', Großbritannien: 'GB', Frankreich: 'FR',
      Polen: 'PL', Niederlande: 'NL', '': '',
    };
    for (const [name, code] of Object.entries(cases)) expect(countryCode(name), name).toBe(code);
    expect(countryCode('Atlantis')).toBeUndefined();
    expect(countryCode('XX')).toBeUndefined();
  });

  it('cadence: a whole number of days, with or without the unit', () => {
    expect(['30', '90 Tage', '14 days', '7d'].map((v) => ok(parseCadence, v))).toEqual([30, 90, 14, 7]);
    for (const bad of ['2,5', '0', 'monatlich', '-3', '4000']) expect(problem(parseCadence, bad)).toContain('is not a whole number of days');
  });

  it('tags split on | , ; without empties or repeats', () => {
    expect(parseTags('Messe 2025 | VIP;Newsletter, VIP,,')).toEqual(['Messe 2025', 'VIP', 'Newsletter']);
  });

  it('dates: ISO and German, never in the future, never impossible', () => {
    const now = new Date('2026-01-15T12:00:00Z');
    const parse = (raw: string) => {
      const problems: string[] = [];
      return { value: parseDateTime(raw, 'Letzter Kontakt', now, problems), problems };
    };
    expect(parse('2025-03-01').value).toBe('2025-03-01T00:00:00.000Z');
    expect(parse('01.03.2025').value).toBe('2025-03-01T00:00:00.000Z');
    expect(parse('1.3.2025 14:30').value).toBe('2025-03-01T14:30:00.000Z');
    expect(parse('2025-03-01T10:00:00+01:00').value).toBe('2025-03-01T09:00:00.000Z');
    expect(parse('31.02.2025').problems[0]).toBe('Letzter Kontakt "31.02.2025" is not a date: use 2025-03-01 or 01.03.2025');
    expect(parse('gestern').problems).toHaveLength(1);
    expect(parse('2027-01-01').problems[0]).toContain('lies in the future');
  });
});

describe('parseTimeZone', () => {
  const parse = (raw: string) => {
    const problems: string[] = [];
    return { value: parseTimeZone(raw, 'Zeitzone', problems), problems };
  };

  it('takes IANA names in any case, in the runtime’s spelling; empty is no zone', () => {
    expect(parse('Europe/Berlin')).toEqual({ value: 'Europe/Berlin', problems: [] });
    expect(parse(' europe/vienna ')).toEqual({ value: 'Europe/Vienna', problems: [] });
    expect(parse('America/Argentina/Buenos_Aires')).toEqual({ value: 'America/Argentina/Buenos_Aires', problems: [] });
    expect(parse('UTC')).toEqual({ value: 'UTC', problems: [] });
    expect(parse('')).toEqual({ value: '', problems: [] });
  });

  it('refuses what is no zone, abbreviations and offsets included, and cuts a long cell in the message', () => {
    for (const raw of ['Berlin', 'Europe/Munich', 'MEZ', 'EST', '+01:00', 'Europe/Berlin; DROP', '../Europe/Berlin']) {
      const { value, problems } = parse(raw);
      expect(value, raw).toBeUndefined();
      expect(problems, raw).toEqual([`Zeitzone "${raw}" is not a time zone: use an IANA name such as Europe/Berlin, Europe/Vienna or Europe/Zurich`]);
    }
    const long = parse(`Europe/${'B'.repeat(5000)}`);
    expect(long.value).toBeUndefined();
    expect(long.problems[0]).toBe(`Zeitzone "Europe/${'B'.repeat(33)}…" is not a time zone: use an IANA name such as Europe/Berlin, Europe/Vienna or Europe/Zurich`);
  });
});
