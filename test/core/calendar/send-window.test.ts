import { describe, expect, it } from 'vitest';
import { LibraryHolidays } from '../../../functions/adapters/calendar/library-holidays';
import { isOpenDay, nextOpenMoment } from '../../../functions/core/calendar/send-window';
import { sendWindowSchema, type SendWindowInput } from '../../../functions/core/calendar/send-window-schema';
import { countryTimeZone, placeOfContact } from '../../../functions/core/calendar/place';
import { aContact } from '../../support/factories';

const holidays = new LibraryHolidays();
const window = (over: SendWindowInput = {}) => sendWindowSchema.parse(over);
const berlin = (region?: string) => ({ timeZone: 'Europe/Berlin', ...(region ? { region } : {}) });
const next = (now: string, w = window(), place = berlin('DE')) => nextOpenMoment(new Date(now), w, place, holidays)?.toISOString();

describe('public holidays (date-holidays, type public only)', () => {
  it.each([
    ['2026-10-03', 'DE', true, 'Tag der Deutschen Einheit, national'],
    ['2026-10-03', 'DE-HB', true, 'national days hold in every state'],
    ['2026-06-04', 'DE-BY', true, 'Fronleichnam in Bavaria'],
    ['2026-06-04', 'DE-HB', false, 'not in Bremen'],
    ['2026-10-31', 'DE-NI', true, 'Reformationstag in Lower Saxony'],
    ['2026-10-31', 'DE-BY', false, 'not in Bavaria'],
    ['2026-11-18', 'DE-SN', true, 'Buß- und Bettag in Saxony'],
    ['2026-11-18', 'DE-BY', false, 'only in Saxony'],
    ['2026-11-18', 'DE-NW', false, 'only in Saxony'],
    ['2026-08-08', 'DE-BY-A', true, 'Augsburger Friedensfest in the city of Augsburg'],
    ['2026-08-08', 'DE-BY', false, 'not in the rest of Bavaria'],
    ['2026-12-24', 'DE', false, 'Heiligabend is no legal holiday'],
    ['2026-12-31', 'DE', false, 'Silvester is no legal holiday'],
    ['2026-12-08', 'AT', true, 'Mariä Empfängnis in Austria'],
  ])('%s in %s: %s (%s)', (day, region, expected) => {
    expect(holidays.isPublicHoliday(day, region)).toBe(expected);
  });
});

describe('send window', () => {
  it('lets a mail inside the window go at once', () => {
    // Monday 7 December 2026, 10:00 in Berlin
    expect(next('2026-12-07T09:00:00.000Z')).toBe('2026-12-07T09:00:00.000Z');
  });

  it('holds a mail approved at 22:40 until 08:00 the next working day, on the customer\'s wall clock', () => {
    expect(next('2026-12-07T21:40:00.000Z')).toBe('2026-12-08T07:00:00.000Z');
    // Friday evening: Monday morning
    expect(next('2026-12-11T21:40:00.000Z')).toBe('2026-12-14T07:00:00.000Z');
    // before opening the same day: the opening
    expect(next('2026-12-08T05:00:00.000Z')).toBe('2026-12-08T07:00:00.000Z');
    // at closing time the window is shut
    expect(next('2026-12-08T16:00:00.000Z')).toBe('2026-12-09T07:00:00.000Z');
  });

  it('skips the public holidays of the customer\'s region, not of others', () => {
    // Wednesday 3 June 2026 evening; Thursday 4 June is Fronleichnam in Bavaria, not in Bremen
    expect(next('2026-06-03T18:00:00.000Z', window(), berlin('DE-BY'))).toBe('2026-06-05T06:00:00.000Z');
    expect(next('2026-06-03T18:00:00.000Z', window(), berlin('DE-HB'))).toBe('2026-06-04T06:00:00.000Z');
    // without skipHolidays the holiday is a day like any other
    expect(next('2026-06-03T18:00:00.000Z', window({ skipHolidays: false }), berlin('DE-BY'))).toBe('2026-06-04T06:00:00.000Z');
  });

  it('closes 24 and 31 December only when the campaign says so', () => {
    // Wednesday 23 December 2026 evening
    expect(next('2026-12-23T18:00:00.000Z')).toBe('2026-12-24T07:00:00.000Z');
    const closed = window({ closedOn: ['12-24', '12-31'] });
    // 24 closed, 25 and 26 holidays, 27 Sunday: Monday 28
    expect(next('2026-12-23T18:00:00.000Z', closed)).toBe('2026-12-28T07:00:00.000Z');
    expect(isOpenDay('2026-12-31', closed, berlin('DE'), holidays)).toBe(false);
  });

  it('keeps the window\'s edge on the wall clock across the DST changes in March and October', () => {
    // Sunday 29 March 2026 the clocks go forward: Monday 08:00 is 06:00 UTC, the Friday before 07:00 UTC
    expect(next('2026-03-27T17:00:00.000Z')).toBe('2026-03-30T06:00:00.000Z');
    // Sunday 25 October 2026 they go back: Monday 08:00 is 07:00 UTC again
    expect(next('2026-10-23T16:00:00.000Z')).toBe('2026-10-26T07:00:00.000Z');
    // a window open on Sundays, opening at 02:30 on the night of the change: the skipped time is read as 03:30 summer time
    const night = window({ days: ['sun'], from: '02:30', to: '04:00', skipHolidays: false });
    expect(next('2026-03-28T23:00:00.000Z', night)).toBe('2026-03-29T01:30:00.000Z');
    // in October 02:30 happens twice: the first one
    expect(next('2026-10-24T23:00:00.000Z', night)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads the window in the customer\'s time zone', () => {
    // 07:30 UTC is 08:30 in Berlin but 07:30 in London: the London customer waits until 08:00 London time
    expect(next('2026-12-07T07:30:00.000Z', window(), { timeZone: 'Europe/London', region: 'GB' })).toBe('2026-12-07T08:00:00.000Z');
    expect(next('2026-12-07T07:30:00.000Z')).toBe('2026-12-07T07:30:00.000Z');
  });

  it('rejects a window that closes before it opens, unknown days and malformed times, naming the field', () => {
    const problems = (input: unknown) => sendWindowSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ from: '17:00', to: '08:00' })).toEqual(['to: the window must close after it opens (to later than from)']);
    expect(problems({ days: ['mon', 'fry'] })?.[0]).toMatch(/^days\.1: unknown day "fry"/);
    expect(problems({ from: '8:00' })?.[0]).toMatch(/^from: use a time of day such as 08:00/);
    expect(problems({ closedOn: ['24.12.'] })?.[0]).toMatch(/^closedOn\.0: use a day of the year as MM-DD/);
    expect(problems({ holidays: true })?.[0]).toMatch(/holidays/);
  });
});

describe('where a customer reads mail', () => {
  it('takes the contact\'s own zone and region, else the country\'s, else the rep\'s zone', () => {
    const rep = { timeZone: 'Europe/Vienna' };
    expect(placeOfContact(aContact({ region: 'DE-BY', timeZone: 'Europe/Berlin' }), rep, 'DE')).toEqual({ timeZone: 'Europe/Berlin', region: 'DE-BY' });
    const london = aContact({ address: { street: '1 High St', postalCode: 'EH2 2PF', city: 'Edinburgh', country: 'GB' } });
    expect(placeOfContact(london, rep, 'DE')).toEqual({ timeZone: 'Europe/London', region: 'GB' });
    // domestic (no country): the home country
    const home = aContact({ address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: '' } });
    expect(placeOfContact(home, rep, 'DE')).toEqual({ timeZone: 'Europe/Berlin', region: 'DE' });
    // a country with several zones: the rep's
    const us = aContact({ address: { street: '1 Main St', postalCode: '10001', city: 'New York', country: 'US' } });
    expect(placeOfContact(us, rep, 'DE').timeZone).toBe('Europe/Vienna');
    expect(countryTimeZone('US')).toBeUndefined();
    expect(countryTimeZone('AT')).toBe('Europe/Vienna');
  });
});
