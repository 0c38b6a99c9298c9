import { describe, expect, it } from 'vitest';
import {
  CATCH_UP_WINDOW_MS,
  nextFireTimes,
  parseSchedule,
  scheduleExpressionProblem,
  slotToFire,
  slotsBetween,
  timeZoneProblem,
} from '../../functions/core/schedule';

const berlin = (expression: string) => ({ expression, timeZone: 'Europe/Berlin' });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('cron expressions (EventBridge syntax)', () => {
  it('reads day-of-week numbers the EventBridge way (1 = Sunday), names alike', () => {
    // 2026-11-27 is a Friday; MON = 2 in EventBridge
    const after = new Date('2026-11-27T00:00:00Z');
    expect(iso(nextFireTimes(berlin('cron(0 8 ? * 2 *)'), after, 2))).toEqual(['2026-11-30T07:00:00.000Z', '2026-12-07T07:00:00.000Z']);
    expect(iso(nextFireTimes(berlin('cron(0 8 ? * MON *)'), after, 2))).toEqual(['2026-11-30T07:00:00.000Z', '2026-12-07T07:00:00.000Z']);
    expect(iso(nextFireTimes(berlin('cron(0 9 ? * 1 *)'), after, 1))).toEqual(['2026-11-29T08:00:00.000Z']); // Sunday
    expect(iso(nextFireTimes(berlin('cron(0 8 ? * 2-6 *)'), after, 3))).toEqual([
      '2026-11-27T07:00:00.000Z',
      '2026-11-30T07:00:00.000Z',
      '2026-12-01T07:00:00.000Z',
    ]);
  });

  it('applies the time zone, including the change to summer time', () => {
    const fires = nextFireTimes(berlin('cron(0 8 ? * * *)'), new Date('2026-03-28T00:00:00Z'), 2);
    expect(iso(fires)).toEqual(['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z']);
    const utc = nextFireTimes({ expression: 'cron(0 8 ? * * *)', timeZone: 'UTC' }, new Date('2026-03-28T00:00:00Z'), 1);
    expect(iso(utc)).toEqual(['2026-03-28T08:00:00.000Z']);
  });

  it('skips a slot in the hour the clocks jump forward and fires the repeated hour once, like EventBridge Scheduler', () => {
    // 2026-03-29: Berlin jumps from 02:00 to 03:00; 2026-10-25: 02:00-03:00 happens twice
    const spring = nextFireTimes(berlin('cron(30 2 * * ? *)'), new Date('2026-03-28T00:00:00Z'), 2);
    expect(iso(spring)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    const autumn = nextFireTimes(berlin('cron(30 2 * * ? *)'), new Date('2026-10-24T12:00:00Z'), 2);
    expect(iso(autumn)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('supports L, W, # and LW', () => {
    const after = new Date('2026-11-27T00:00:00Z');
    expect(iso(nextFireTimes(berlin('cron(0 8 L * ? *)'), after, 2))).toEqual(['2026-11-30T07:00:00.000Z', '2026-12-31T07:00:00.000Z']);
    // 6L: the last Friday of the month
    expect(iso(nextFireTimes(berlin('cron(0 8 ? * 6L *)'), after, 2))).toEqual(['2026-11-27T07:00:00.000Z', '2026-12-25T07:00:00.000Z']);
    // 3#2: the second Tuesday
    expect(iso(nextFireTimes(berlin('cron(0 8 ? * 3#2 *)'), after, 2))).toEqual(['2026-12-08T07:00:00.000Z', '2027-01-12T07:00:00.000Z']);
    // 15W: 2027-05-15 is a Saturday -> Friday the 14th; 2027-08-15 is a Sunday -> Monday the 16th
    expect(iso(nextFireTimes(berlin('cron(0 8 15W * ? *)'), new Date('2027-05-01T00:00:00Z'), 4))).toEqual([
      '2027-05-14T06:00:00.000Z',
      '2027-06-15T06:00:00.000Z',
      '2027-07-15T06:00:00.000Z',
      '2027-08-16T06:00:00.000Z',
    ]);
    // 1W never crosses into the previous month: 2027-05-01 is a Saturday -> Monday the 3rd
    expect(iso(nextFireTimes(berlin('cron(0 8 1W * ? *)'), new Date('2027-04-20T00:00:00Z'), 1))).toEqual(['2027-05-03T06:00:00.000Z']);
    // LW: the last weekday; 2027-01-31 is a Sunday -> Friday the 29th
    expect(iso(nextFireTimes(berlin('cron(0 8 LW * ? *)'), new Date('2027-01-02T00:00:00Z'), 1))).toEqual(['2027-01-29T07:00:00.000Z']);
    // L alone in day-of-week: Saturday
    expect(iso(nextFireTimes(berlin('cron(0 8 ? * L *)'), after, 1))).toEqual(['2026-11-28T07:00:00.000Z']);
  });

  it('honours the year field and ends when its years are over', () => {
    expect(iso(nextFireTimes(berlin('cron(0 8 1 JAN ? 2028,2030)'), new Date('2026-11-27T00:00:00Z'), 3))).toEqual([
      '2028-01-01T07:00:00.000Z',
      '2030-01-01T07:00:00.000Z',
    ]);
    expect(nextFireTimes(berlin('cron(0 8 1 * ? 2020)'), new Date('2026-11-27T00:00:00Z'), 3)).toEqual([]);
  });

  it('returns slots strictly after the given time', () => {
    const fires = nextFireTimes(berlin('cron(0 8 ? * MON *)'), new Date('2026-11-30T07:00:00Z'), 1);
    expect(iso(fires)).toEqual(['2026-12-07T07:00:00.000Z']);
  });

  it.each([
    ['cron(0 8 * * * *)', 'use ? in exactly one of day-of-month and day-of-week'],
    ['cron(0 8 ? * ? *)', 'use ? in exactly one of day-of-month and day-of-week'],
    ['cron(0 8 * * ?)', 'has 5 fields; EventBridge needs 6'],
    ['cron(61 8 * * ? *)', 'minutes field "61": values are 0-59'],
    ['cron(0 24 * * ? *)', 'hours field "24": values are 0-23'],
    ['cron(0 8 ? * 8 *)', 'day-of-week field "8": values are 1-7'],
    ['cron(0 8 ? * 1#1,2#2 *)', 'with # only one expression is allowed'],
    ['cron(0 8 ? * 2#6 *)', 'the instance after # must be 1-5'],
    ['cron(0 8 ? * H *)', 'day-of-week field "H"'],
    ['cron(0 8 32W * ? *)', 'W needs a day 1-31'],
    ['cron(0 8 1 13 ? *)', 'month field "13": values are 1-12'],
    ['cron(0 8 1 * ? 1960)', 'year field "1960": values are 1970-2199'],
    ['cron(0 8 ? JUN-JAN MON *)', 'runs backwards'],
    ['rate(1 minutes)', 'write rate(1 minute)'],
    ['rate(5 hour)', 'write rate(5 hours)'],
    ['rate(0 days)', 'at least 1'],
    ['rate(2 weeks)', 'use rate(<number> minute|minutes|hour|hours|day|days)'],
    ['every monday', 'neither cron(...) nor rate(...)'],
  ])('rejects %s', (expression, message) => {
    expect(scheduleExpressionProblem(expression)).toContain(message);
  });

  it('accepts the usual forms', () => {
    for (const e of ['cron(0 8 ? * MON-FRI *)', 'cron(0/15 * * * ? *)', 'cron(0 8 1,15 * ? *)', 'cron(30 7 ? JAN-MAR 2#1 2026-2030)', 'rate(1 day)', 'rate(12 hours)']) {
      expect(scheduleExpressionProblem(e), e).toBeUndefined();
    }
  });

  it('validates the time zone', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('Europe/Atlantis')).toContain('unknown time zone "Europe/Atlantis"');
    expect(timeZoneProblem('CET; rm')).toContain('unknown time zone');
    expect(() => parseSchedule({ expression: 'rate(1 day)', timeZone: 'Mars/Base' })).toThrow(/unknown time zone/);
  });
});

describe('rate expressions', () => {
  it('fire at startAt + k * rate (default anchor: the Unix epoch)', () => {
    expect(iso(nextFireTimes({ expression: 'rate(1 day)', timeZone: 'UTC' }, new Date('2026-11-27T10:00:00Z'), 2))).toEqual([
      '2026-11-28T00:00:00.000Z',
      '2026-11-29T00:00:00.000Z',
    ]);
    const anchored = { expression: 'rate(6 hours)', timeZone: 'UTC', startAt: '2026-11-01T07:30:00Z' };
    expect(iso(nextFireTimes(anchored, new Date('2026-11-27T10:00:00Z'), 2))).toEqual(['2026-11-27T13:30:00.000Z', '2026-11-27T19:30:00.000Z']);
    expect(iso(nextFireTimes(anchored, new Date('2026-10-01T00:00:00Z'), 1))).toEqual(['2026-11-01T07:30:00.000Z']);
  });
});

describe('the missed-run window', () => {
  const daily = berlin('cron(0 8 ? * * *)'); // 07:00Z in winter

  it('fires a slot missed by less than the window', () => {
    const d = slotToFire(daily, { now: new Date('2026-11-27T07:14:00Z'), lastFired: new Date('2026-11-26T07:00:00Z') });
    expect(d.fire?.toISOString()).toBe('2026-11-27T07:00:00.000Z');
    expect(d.skipped).toBe(0);
  });

  it('fires exactly at the edge of the window, never beyond it', () => {
    const edge = slotToFire(daily, { now: new Date(Date.parse('2026-11-27T07:00:00Z') + CATCH_UP_WINDOW_MS), lastFired: new Date('2026-11-26T07:00:00Z') });
    expect(edge.fire?.toISOString()).toBe('2026-11-27T07:00:00.000Z');
    const late = slotToFire(daily, { now: new Date(Date.parse('2026-11-27T07:00:00Z') + CATCH_UP_WINDOW_MS + 1), lastFired: new Date('2026-11-26T07:00:00Z') });
    expect(late.fire).toBeUndefined();
    expect(late.skipped).toBe(1);
  });

  it('skips slots missed long ago and counts them', () => {
    const d = slotToFire(daily, { now: new Date('2026-11-27T12:00:00Z'), lastFired: new Date('2026-11-24T07:00:00Z') });
    expect(d.fire).toBeUndefined();
    expect(d.skipped).toBe(3); // 25th, 26th, 27th
  });

  it('does not fire a slot twice', () => {
    const d = slotToFire(daily, { now: new Date('2026-11-27T07:05:00Z'), lastFired: new Date('2026-11-27T07:00:00Z') });
    expect(d.fire).toBeUndefined();
    expect(d.skipped).toBe(0);
  });

  it('on first start looks only at the window, and of several slots in it fires the latest', () => {
    const every5 = { expression: 'rate(5 minutes)', timeZone: 'UTC' };
    const d = slotToFire(every5, { now: new Date('2026-11-27T07:12:00Z') });
    expect(d.fire?.toISOString()).toBe('2026-11-27T07:10:00.000Z');
    expect(d.skipped).toBe(2); // 07:00 and 07:05 are in the window but superseded
    expect(slotToFire(daily, { now: new Date('2026-11-27T09:00:00Z') })).toEqual({ fire: undefined, skipped: 0 });
  });

  it('takes a custom window', () => {
    const d = slotToFire(daily, { now: new Date('2026-11-27T08:00:00Z'), lastFired: new Date('2026-11-26T07:00:00Z'), catchUpWindowMs: 2 * 3_600_000 });
    expect(d.fire?.toISOString()).toBe('2026-11-27T07:00:00.000Z');
  });

  it('lists slots between two times', () => {
    expect(iso(slotsBetween(daily, new Date('2026-11-26T07:00:00Z'), new Date('2026-11-28T07:00:00Z')))).toEqual([
      '2026-11-27T07:00:00.000Z',
      '2026-11-28T07:00:00.000Z',
    ]);
  });
});
