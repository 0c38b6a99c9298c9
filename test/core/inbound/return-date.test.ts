import { describe, expect, it } from 'vitest';
import { findReturnDate, STALE_DAYS } from '../../../functions/core/inbound/return-date';

const DECEMBER = '2026-12-21T08:00:00Z';
const JANUARY = '2027-01-04T08:00:00Z';

describe('findReturnDate: the formats of the issue', () => {
  it.each([
    ['bis einschließlich 12.01.', DECEMBER, '2027-01-13'],
    ['Ich bin ab dem 13. Januar wieder im Büro.', JANUARY, '2027-01-13'],
    ['I am out of the office until January 12.', JANUARY, '2027-01-13'],
    ['I am back on 12/01/2027.', DECEMBER, '2027-01-12'],
    ['Ich bin wieder ab 13.1.2027 erreichbar.', DECEMBER, '2027-01-13'],
    ['Ich bin bis zum 12. Januar 2027 nicht im Haus.', DECEMBER, '2027-01-13'],
  ])('%s', (text, writtenAt, expected) => {
    expect(findReturnDate(text, writtenAt)).toBe(expected);
  });
});

describe('findReturnDate: more ways of saying it', () => {
  it.each([
    // German: the last day away, the day back, ranges, weekdays, line wraps, two-digit years
    ['Ich bin bis Freitag, den 8.1. im Urlaub.', JANUARY, '2027-01-09'],
    ['Vom 02.01. bis 12.01.2027 bin ich abwesend.', DECEMBER, '2027-01-13'],
    ['Abwesend 4.1.–8.1.2027', JANUARY, '2027-01-09'],
    ['Ich bin bis\neinschließlich 12.01.27 nicht erreichbar.', DECEMBER, '2027-01-13'],
    ['Nach meiner Rückkehr am 11. Jan. 2027 melde ich mich.', JANUARY, '2027-01-11'],
    ['Am 13.01. bin ich zurück.', JANUARY, '2027-01-13'],
    ['Ich bin in Elternzeit bis 30.06.2027.', JANUARY, '2027-07-01'],
    ['Ab dem 2.1. bin ich nicht im Büro, ab dem 13.1. wieder da.', DECEMBER, '2027-01-13'],
    ['Ich bin bis 10. Jänner abwesend.', DECEMBER, '2027-01-11'],
    // English
    ['Out until Monday, January 11th, 2027.', JANUARY, '2027-01-12'],
    ['I am on leave till the 12th of January.', JANUARY, '2027-01-13'],
    ['Back in the office on 11 Jan.', JANUARY, '2027-01-11'],
    ['I will return on 2027-01-18.', JANUARY, '2027-01-18'],
    ['Away from 2 to 8 January.', DECEMBER, '2027-01-09'],
    ['I am away and will reply after 10 January.', JANUARY, '2027-01-11'],
    ['Out of office through Jan 12.', JANUARY, '2027-01-13'],
    // French, Dutch, Polish
    ["Je suis absente jusqu'au 8 janvier inclus.", JANUARY, '2027-01-09'],
    ['De retour le 11 janvier 2027.', JANUARY, '2027-01-11'],
    ['Ik ben afwezig t/m 15 januari.', JANUARY, '2027-01-16'],
    ['Vanaf 18 januari ben ik weer bereikbaar.', JANUARY, '2027-01-18'],
    ['Jestem na urlopie do 12 stycznia 2027.', DECEMBER, '2027-01-13'],
    ['Wracam 11.01.2027.', JANUARY, '2027-01-11'],
  ])('%s', (text, writtenAt, expected) => {
    expect(findReturnDate(text, writtenAt)).toBe(expected);
  });
});

describe('findReturnDate: the year of a date without one', () => {
  it('is the year of the mail when the date is still ahead', () => {
    expect(findReturnDate('bis 20.03. abwesend', '2027-03-01T08:00:00Z')).toBe('2027-03-21');
  });

  it('is the next year when the date is earlier in the year than the mail', () => {
    expect(findReturnDate('bis einschließlich 12.01.', '2026-12-21T08:00:00Z')).toBe('2027-01-13');
    expect(findReturnDate('ab dem 8. Januar wieder', '2026-10-01T08:00:00Z')).toBe('2027-01-08');
  });

  it(`is no date at all when the date lies at most ${STALE_DAYS} days before the mail: a notice left switched on`, () => {
    expect(findReturnDate('bis 11.01. abwesend', '2027-01-12T08:00:00Z')).toBeUndefined();
    expect(findReturnDate('bis 11.01. abwesend', '2027-03-15T08:00:00Z')).toBeUndefined();
    // the same day counts: today is the last day away
    expect(findReturnDate('bis 12.01. abwesend', '2027-01-12T08:00:00Z')).toBe('2027-01-13');
  });

  it('is not guessed without the mail date; a stated year still counts', () => {
    expect(findReturnDate('bis 12.01. abwesend', undefined)).toBeUndefined();
    expect(findReturnDate('bis 12.01.2027 abwesend', undefined)).toBe('2027-01-13');
  });

  it('a stated year in the past, or years ahead, is no return date', () => {
    expect(findReturnDate('bis 12.01.2026 abwesend', JANUARY)).toBeUndefined();
    expect(findReturnDate('bis 12.01.2031 abwesend', JANUARY)).toBeUndefined();
  });

  it('a 29 February that does not exist is no date', () => {
    expect(findReturnDate('back on 29/02/2027', JANUARY)).toBeUndefined();
    expect(findReturnDate('bis 29.02. abwesend', '2027-02-01T08:00:00Z')).toBeUndefined();
    expect(findReturnDate('bis 29.02. abwesend', '2028-02-01T08:00:00Z')).toBe('2028-03-01');
  });
});

describe('findReturnDate: day and month order of 12/01/2027', () => {
  it('is day first by default (a European sender)', () => {
    expect(findReturnDate('back on 12/01/2027', DECEMBER)).toBe('2027-01-12');
  });

  it('is month first when the caller says the sender writes US dates', () => {
    expect(findReturnDate('back on 01/12/2027', DECEMBER, { monthFirst: true })).toBe('2027-01-12');
    expect(findReturnDate('back on 01/12/2027', DECEMBER)).toBe('2027-12-01');
  });

  it('is month first whenever only that makes a date, and day first whenever only that does', () => {
    expect(findReturnDate('back on 01/13/2027', DECEMBER)).toBe('2027-01-13');
    expect(findReturnDate('back on 13/01/2027', DECEMBER, { monthFirst: true })).toBe('2027-01-13');
  });

  it('dots are always day first', () => {
    expect(findReturnDate('wieder ab 01.12.2027', DECEMBER, { monthFirst: true })).toBe('2027-12-01');
  });
});

describe('findReturnDate: what is not a return date', () => {
  it.each([
    ['Ihre Mail vom 10.01. wird nach meiner Rückkehr bearbeitet.'],
    ['Ich bin heute bis 10.12 Uhr in einem Termin.'],
    ['Rufen Sie mich an: 089/12 34 56.'],
    ['Please note that from 1 February our office moves.'],
    ['Thank you for your message of January 3.'],
    ['Ich bin derzeit nicht im Büro.'],
    ['Version 2.1 ist da.'],
    [''],
  ])('%s', (text) => {
    expect(findReturnDate(text, JANUARY)).toBeUndefined();
  });

  it('takes the latest of several marked dates (a deputy until one day, the person back later)', () => {
    const text = 'Bis zum 5.1. vertritt mich Herr Weber. Ich selbst bin bis einschließlich 12.01. im Urlaub.';
    expect(findReturnDate(text, JANUARY)).toBe('2027-01-13');
  });

  it('reads a long text quickly', () => {
    const text = `${'Ihre Nachricht vom 10.01. ist angekommen. '.repeat(20_000)}bis 12.01. abwesend`;
    const started = performance.now();
    findReturnDate(text, JANUARY);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
