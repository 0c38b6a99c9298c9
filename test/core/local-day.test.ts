import { describe, expect, it } from 'vitest';
import { addCalendarMonths, calendarDay, localMoment, startOfLocalDay } from '../../functions/core/local-day';

describe('calendar days', () => {
  it('reads days that exist and nothing else', () => {
    expect(calendarDay('2026-04-01')).toEqual({ year: 2026, month: 4, day: 1 });
    expect(calendarDay('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-04-31', '2027-02-29', '2026-13-01', '2026-4-1', '01.04.2026', '2026-04-01T00:00', '']) expect(calendarDay(bad), bad).toBeUndefined();
  });

  it('starts a day at midnight of the time zone, also on the days the clocks change', () => {
    expect(startOfLocalDay({ year: 2026, month: 1, day: 15 }, 'Europe/Berlin').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfLocalDay({ year: 2026, month: 4, day: 1 }, 'Europe/Berlin').toISOString()).toBe('2026-03-31T22:00:00.000Z');
    // 29 March 2026: Berlin moves from +01:00 to +02:00 at 02:00, after midnight
    expect(startOfLocalDay({ year: 2026, month: 3, day: 29 }, 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay({ year: 2026, month: 3, day: 30 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay({ year: 2026, month: 10, day: 25 }, 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay({ year: 2026, month: 7, day: 1 }, 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(startOfLocalDay({ year: 2026, month: 7, day: 1 }, 'UTC').toISOString()).toBe('2026-07-01T00:00:00.000Z');
    // an unknown zone on a rep record counts as UTC instead of failing
    expect(startOfLocalDay({ year: 2026, month: 7, day: 1 }, 'Mars/Olympus').toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('adds calendar months, ending on the last day of a shorter month', () => {
    expect(addCalendarMonths(new Date('2026-03-12T09:30:00.000Z'), 1).toISOString()).toBe('2026-04-12T09:30:00.000Z');
    expect(addCalendarMonths(new Date('2026-01-31T09:30:00.000Z'), 1).toISOString()).toBe('2026-02-28T09:30:00.000Z');
    expect(addCalendarMonths(new Date('2026-12-15T09:30:00.000Z'), 1).toISOString()).toBe('2027-01-15T09:30:00.000Z');
  });
});

describe('localMoment', () => {
  it('shows the day alone at its start, day and time otherwise, in the time zone', () => {
    expect(localMoment('2026-03-31T22:00:00.000Z', 'Europe/Berlin')).toBe('2026-04-01');
    expect(localMoment('2026-03-31T22:00:00.000Z', 'UTC')).toBe('2026-03-31 22:00');
    expect(localMoment('2026-11-27T09:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-27 10:00');
  });
});
