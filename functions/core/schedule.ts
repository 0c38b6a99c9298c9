// Campaign schedules: the EventBridge Scheduler expression language (cron(...) with six fields, rate(...)) plus an
// IANA time zone. The same expression drives EventBridge Scheduler in AWS and the local scheduler of `presence up`,
// so the slots computed here are the slots AWS fires, and the run id of a slot is the same on both sides.
//
// cron-parser does the calendar work (time zones, DST, L and #). EventBridge syntax differs from it in three
// places, handled here: day-of-week numbers (EventBridge 1 = SUN, cron-parser 0 = SUN), the W wildcard (not in
// cron-parser: a post-filter) and the year field (cron-parser has none: a post-filter that jumps to allowed years).
import { CronExpressionParser } from 'cron-parser';
import { ValidationError } from './errors';

export interface Schedule {
  /** `cron(min hour day-of-month month day-of-week year)` or `rate(n minute|minutes|hour|hours|day|days)`. */
  expression: string;
  /** IANA time zone the cron fields are read in, e.g. Europe/Berlin. */
  timeZone: string;
  /** Anchor of rate schedules (slots are startAt + k * rate); default the Unix epoch. Ignored by cron. */
  startAt?: string;
}

export type ParsedSchedule =
  | { kind: 'cron'; expression: string; cron: CronPlan }
  | { kind: 'rate'; expression: string; everyMs: number };

interface CronPlan {
  /** The expression in cron-parser syntax (seconds first, day-of-week 0 = Sunday). */
  parserExpression: string;
  /** Allowed years; undefined: every year. */
  years?: ReadonlySet<number>;
  /** Day-of-month W wildcard: the weekday nearest to this day, or 'last' for LW. */
  nearestWeekday?: number | 'last';
  /** Allowed months (1-12), for the W walk. */
  months: ReadonlySet<number>;
  /** Allowed wall-clock hours and minutes: a slot cron-parser moved out of a DST gap matches neither. */
  hours: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
}

/**
 * How late the local scheduler may still fire a slot it missed (the machine slept, `presence up` was stopped).
 * Older slots are skipped, never fired late: a crisis update drafted hours after its slot would surprise the reps
 * the same morning the next run is due. EventBridge Scheduler in AWS does not miss slots this way; its retry
 * policy (maximum event age) should be set to the same window.
 */
export const CATCH_UP_WINDOW_MS = 15 * 60_000;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Why the expression is not a valid EventBridge schedule expression, or undefined when it is. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  try {
    parseScheduleExpression(expression);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function timeZoneProblem(timeZone: string): string | undefined {
  if (!/^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/.test(timeZone)) {
    return `unknown time zone "${timeZone}"; use an IANA name such as Europe/Berlin or UTC`;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return `unknown time zone "${timeZone}"; use an IANA name such as Europe/Berlin or UTC`;
  }
}

export function parseScheduleExpression(expression: string): ParsedSchedule {
  const text = expression.trim();
  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return { kind: 'rate', expression: text, everyMs: parseRate(rate[1]!.trim()) };
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return { kind: 'cron', expression: text, cron: parseCron(cron[1]!.trim()) };
  throw new ValidationError(`"${expression}" is neither cron(...) nor rate(...), e.g. cron(0 8 ? * MON *) or rate(1 day)`);
}

function parseRate(body: string): number {
  const m = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) throw new ValidationError(`rate(${body}): use rate(<number> minute|minutes|hour|hours|day|days), e.g. rate(1 day)`);
  const value = Number(m[1]);
  const unit = m[2]!;
  if (value < 1) throw new ValidationError(`rate(${body}): the value must be at least 1`);
  // EventBridge rejects "rate(1 minutes)" and "rate(5 minute)"; accepting them here would pass locally and fail on deploy.
  if (value === 1 && unit.endsWith('s')) throw new ValidationError(`rate(${body}): write rate(1 ${unit.slice(0, -1)})`);
  if (value > 1 && !unit.endsWith('s')) throw new ValidationError(`rate(${body}): write rate(${value} ${unit}s)`);
  return value * RATE_UNITS[unit.replace(/s$/, '')]!;
}

function fieldError(field: string, value: string, why: string): ValidationError {
  return new ValidationError(`cron ${field} field "${value}": ${why}`);
}

/** A number or, where the field has them, a name (JAN, MON). Returns the number (day-of-week: EventBridge 1-7). */
function valueOf(field: string, raw: string, min: number, max: number, names?: string[]): number {
  const upper = raw.toUpperCase();
  let n: number;
  if (/^\d+$/.test(raw)) n = Number(raw);
  else if (names && names.includes(upper)) n = names.indexOf(upper) + min;
  else throw fieldError(field, raw, `expected a number ${min}-${max}${names ? ` or ${names[0]}-${names[names.length - 1]}` : ''}`);
  if (n < min || n > max) throw fieldError(field, raw, `values are ${min}-${max}`);
  return n;
}

/** A comma list of *, v, v-w, each optionally /step. Returns the expanded values (for the year filter). */
function checkList(field: string, value: string, min: number, max: number, opts: { names?: string[]; step: boolean }): number[] {
  const out: number[] = [];
  for (const item of value.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!m) throw fieldError(field, value, `"${item}" is not a value, range or step`);
    const base = m[1]!;
    const stepText = m[2];
    if (stepText !== undefined && !opts.step) throw fieldError(field, value, 'steps (/) are not allowed here');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw fieldError(field, value, 'the step must be at least 1');
    let from: number;
    let to: number;
    if (base === '*') {
      from = min;
      to = max;
    } else {
      const range = base.split('-');
      if (range.length > 2) throw fieldError(field, value, `"${item}" is not a value, range or step`);
      from = valueOf(field, range[0]!, min, max, opts.names);
      to = range.length === 2 ? valueOf(field, range[1]!, min, max, opts.names) : stepText !== undefined ? max : from;
      if (to < from) throw fieldError(field, value, `the range ${base} runs backwards`);
    }
    for (let v = from; v <= to; v += step) out.push(v);
  }
  return out;
}

function parseCron(body: string): CronPlan {
  const fields = body.split(/\s+/);
  if (fields.length !== 6) {
    throw new ValidationError(
      `cron(${body}) has ${fields.length} fields; EventBridge needs 6: minutes hours day-of-month month day-of-week year, e.g. cron(0 8 ? * MON *)`,
    );
  }
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const minutes = new Set(checkList('minutes', minute, 0, 59, { step: true }));
  const hours = new Set(checkList('hours', hour, 0, 23, { step: true }));
  const months = new Set(checkList('month', month, 1, 12, { names: MONTHS, step: true }));
  const years = year === '*' ? undefined : new Set(checkList('year', year, 1970, 2199, { step: true }));

  if ((dom === '?') === (dow === '?')) {
    throw new ValidationError(
      `cron(${body}): use ? in exactly one of day-of-month and day-of-week, e.g. cron(0 8 ? * MON *) or cron(0 8 1 * ? *)`,
    );
  }

  let parserDom = dom;
  let nearestWeekday: CronPlan['nearestWeekday'];
  if (dom === '?') parserDom = '*';
  else if (dom === 'L') parserDom = 'L';
  else if (dom === 'LW') {
    parserDom = '*';
    nearestWeekday = 'last';
  } else if (/^\d+W$/.test(dom)) {
    nearestWeekday = Number(dom.slice(0, -1));
    if (nearestWeekday < 1 || nearestWeekday > 31) throw fieldError('day-of-month', dom, 'W needs a day 1-31, e.g. 15W');
    parserDom = '*';
  } else checkList('day-of-month', dom, 1, 31, { step: true });

  let parserDow: string;
  if (dow === '?') parserDow = '*';
  else if (dow === 'L') parserDow = '6'; // L alone: the last day of the week, Saturday
  else if (/^[^#]+#\d+$/.test(dow)) {
    const [day, nth] = dow.split('#') as [string, string];
    const n = Number(nth);
    if (n < 1 || n > 5) throw fieldError('day-of-week', dow, 'the instance after # must be 1-5');
    parserDow = `${valueOf('day-of-week', day, 1, 7, DAYS) - 1}#${n}`;
  } else if (/^[^L]+L$/.test(dow)) {
    parserDow = `${valueOf('day-of-week', dow.slice(0, -1), 1, 7, DAYS) - 1}L`;
  } else {
    if (dow.includes('#')) throw fieldError('day-of-week', dow, 'with # only one expression is allowed, e.g. 3#2');
    checkList('day-of-week', dow, 1, 7, { names: DAYS, step: false });
    // EventBridge counts 1 = SUN; cron-parser 0 = SUN. Names mean the same day in both.
    parserDow = dow
      .split(',')
      .map((item) => (item === '*' ? item : item.split('-').map((v) => (/^\d+$/.test(v) ? String(Number(v) - 1) : v)).join('-')))
      .join(',');
  }

  const parserExpression = `0 ${minute} ${hour} ${parserDom} ${month} ${parserDow}`;
  try {
    CronExpressionParser.parse(parserExpression, { tz: 'UTC' });
  } catch (e) {
    throw new ValidationError(`cron(${body}): ${e instanceof Error ? e.message : String(e)}`);
  }
  return { parserExpression, years, nearestWeekday, months, hours, minutes };
}

/** Validates the schedule (expression and time zone) and returns it parsed. */
export function parseSchedule(schedule: Schedule): ParsedSchedule {
  const tz = timeZoneProblem(schedule.timeZone);
  if (tz) throw new ValidationError(tz);
  if (schedule.startAt !== undefined && Number.isNaN(Date.parse(schedule.startAt))) {
    throw new ValidationError(`startAt "${schedule.startAt}" is not an ISO time`);
  }
  return parseScheduleExpression(schedule.expression);
}

// ---- computing slots

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function localDate(d: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    partsFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/**
 * EventBridge Scheduler skips a slot whose local time does not exist (the hour the clocks jump forward); cron-parser
 * would move it to the next valid time. A slot whose wall-clock time is not one of the expression's is such a
 * moved slot. (The repeated hour in autumn fires once in both.)
 */
function onTheClock(plan: CronPlan, local: { hour: number; minute: number }): boolean {
  return plan.hours.has(local.hour) && plan.minutes.has(local.minute);
}

/** The weekday (Mon-Fri) nearest to `day` within the month (Quartz/EventBridge rules: never crosses the month). */
function nearestWeekdayOf(year: number, month: number, target: number | 'last'): number | undefined {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = target === 'last' ? daysInMonth : target;
  if (day > daysInMonth) return undefined;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === daysInMonth ? day - 2 : day + 1;
  return day;
}

/** The first instant of a local year, found with cron-parser so DST is handled in one place. */
function startOfLocalYear(year: number, timeZone: string): Date {
  return CronExpressionParser.parse('0 0 0 1 1 *', { currentDate: new Date(Date.UTC(year - 1, 11, 30)), tz: timeZone }).next().toDate();
}

const MAX_STEPS = 100_000;

/** Slots strictly after `after`, in order, lazily. Ends when the schedule has no more slots (year field). */
function* cronSlots(plan: CronPlan, timeZone: string, after: Date): Generator<Date> {
  if (plan.nearestWeekday !== undefined) {
    yield* nearestWeekdaySlots(plan, plan.nearestWeekday, timeZone, after);
    return;
  }
  const parse = (from: Date) => CronExpressionParser.parse(plan.parserExpression, { currentDate: from, tz: timeZone });
  let it = parse(after);
  for (let step = 0; step < MAX_STEPS; step++) {
    const d = it.next().toDate();
    const local = localDate(d, timeZone);
    if (plan.years && !plan.years.has(local.year)) {
      const nextYear = [...plan.years].filter((y) => y > local.year).sort((a, b) => a - b)[0];
      if (nextYear === undefined) return;
      it = parse(new Date(startOfLocalYear(nextYear, timeZone).getTime() - 1));
      continue;
    }
    if (onTheClock(plan, local)) yield d;
  }
  throw new ValidationError(`schedule ${plan.parserExpression}: no slot found within ${MAX_STEPS} steps`);
}

/**
 * The W wildcard, which cron-parser lacks: month by month, the nearest weekday is computed and the expression is
 * evaluated with that day as its day-of-month (one parse per month instead of one per day).
 */
function* nearestWeekdaySlots(plan: CronPlan, target: number | 'last', timeZone: string, after: Date): Generator<Date> {
  const [sec, minute, hour] = plan.parserExpression.split(' ') as [string, string, string];
  let { year, month: m } = localDate(after, timeZone);
  let cursor = after;
  const lastYear = plan.years ? Math.max(...plan.years) : 2199;
  for (let step = 0; step < 12 * 250 && year <= lastYear; step++) {
    const day = nearestWeekdayOf(year, m, target);
    if (day !== undefined && plan.months.has(m) && (!plan.years || plan.years.has(year))) {
      const it = CronExpressionParser.parse(`${sec} ${minute} ${hour} ${day} ${m} *`, { currentDate: cursor, tz: timeZone });
      for (;;) {
        const d = it.next().toDate();
        const local = localDate(d, timeZone);
        if (local.year !== year || local.month !== m || local.day !== day) break;
        cursor = d;
        if (onTheClock(plan, local)) yield d;
      }
    }
    m += 1;
    if (m > 12) {
      m = 1;
      year += 1;
    }
  }
}

function* rateSlots(everyMs: number, anchorMs: number, after: Date): Generator<Date> {
  const t = after.getTime();
  let next = t < anchorMs ? anchorMs : anchorMs + (Math.floor((t - anchorMs) / everyMs) + 1) * everyMs;
  for (;;) {
    yield new Date(next);
    next += everyMs;
  }
}

function slotsAfter(schedule: Schedule, after: Date): Generator<Date> {
  const parsed = parseSchedule(schedule);
  if (parsed.kind === 'rate') return rateSlots(parsed.everyMs, schedule.startAt ? Date.parse(schedule.startAt) : 0, after);
  return cronSlots(parsed.cron, schedule.timeZone, after);
}

/** The next `count` slots strictly after `after` (fewer when the year field ends the schedule). */
export function nextFireTimes(schedule: Schedule, after: Date, count: number): Date[] {
  const out: Date[] = [];
  if (count <= 0) return out;
  for (const d of slotsAfter(schedule, after)) {
    out.push(d);
    if (out.length >= count) break;
  }
  return out;
}

/** Slots in (from, to], at most `limit` of them. */
export function slotsBetween(schedule: Schedule, from: Date, to: Date, limit = 10_000): Date[] {
  const out: Date[] = [];
  for (const d of slotsAfter(schedule, from)) {
    if (d.getTime() > to.getTime() || out.length >= limit) break;
    out.push(d);
  }
  return out;
}

export interface FireDecision {
  /** The slot to run now (its time is the run's `runAt`), or undefined. */
  fire?: Date;
  /** Slots since the last fired one that are not run: older than the window, or superseded by a later slot. */
  skipped: number;
}

/**
 * The missed-run rule of the local scheduler. Called on every tick and at start-up:
 * - only slots after `lastFired` (exclusive) and not after `now` are considered;
 * - a slot older than the catch-up window (`now - slot > windowMs`) is skipped, never fired late;
 * - of the slots inside the window only the latest fires (a second run minutes after the first would find
 *   every contact with an open draft anyway); the others count as skipped.
 * Without `lastFired` (first start) only the window is looked at, so starting the stack never replays history.
 */
export function slotToFire(
  schedule: Schedule,
  opts: { now: Date; lastFired?: Date; catchUpWindowMs?: number },
): FireDecision {
  const windowMs = opts.catchUpWindowMs ?? CATCH_UP_WINDOW_MS;
  const windowStart = new Date(opts.now.getTime() - windowMs - 1);
  const lastFired = opts.lastFired?.getTime();
  const from = lastFired !== undefined && lastFired > windowStart.getTime() ? new Date(lastFired) : windowStart;
  const inWindow = slotsBetween(schedule, from, opts.now);
  const tooOld = lastFired !== undefined && lastFired < windowStart.getTime() ? slotsBetween(schedule, new Date(lastFired), windowStart).length : 0;
  const fire = inWindow[inWindow.length - 1];
  return { fire, skipped: tooOld + Math.max(0, inWindow.length - 1) };
}
