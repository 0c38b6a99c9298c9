// The coverage report as CSV (RFC 4180, CRLF line ends). One report holds four tables of different shape:
// a single section is one plain CSV file; all sections are the tables one after another, separated by an empty
// line, each with its own header row. New columns and sections go at the end, so existing readers keep working.
import { defuseCsvCell } from '../../csv-cell';
import { CHANNELS } from '../../model';
import type { CoverageReport } from '../coverage-report';

export const CSV_SECTIONS = ['reps', 'silent', 'weeks', 'snoozed'] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

/**
 * Quotes when needed, and defuses cells a spreadsheet would run as a formula (the rule every CSV we write
 * shares, core/csv-cell.ts). Only text cells: numbers are written as numbers (a count or share is never a
 * formula, and -1 stays a number for the spreadsheet).
 */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = defuseCsvCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLines(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | undefined>>): string {
  return rows.map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}

export function renderCoverageCsv(report: CoverageReport, section?: CsvSection): string {
  const parts: Record<CsvSection, () => string> = {
    reps: () =>
      csvLines([
        ['rep_id', 'rep_name', 'contacts', 'covered', 'silent', 'share', 'touches', 'opted_out', 'snoozed'],
        ...report.reps.map((r) => [r.repId, r.repName, r.contacts, r.covered, r.silent, round(r.share), r.touches, r.optedOut, r.snoozed]),
        ['TOTAL', '', report.total.contacts, report.total.covered, report.total.silent, round(report.total.share), report.total.touches, report.total.optedOut, report.total.snoozed],
      ]),
    silent: () =>
      csvLines([
        ['contact_id', 'name', 'company', 'rep_id', 'channel', 'silent_days', 'never_touched', 'last_touch_at', 'last_touch_channel', 'cadence_days'],
        ...report.silentContacts.map((s) => [s.contactId, s.name, s.company, s.repId, s.channel, s.silentDays, s.neverTouched, s.lastTouchAt, s.lastTouchChannel, s.cadenceDays]),
      ]),
    snoozed: () =>
      csvLines([
        ['contact_id', 'name', 'company', 'rep_id', 'channel', 'snoozed_until', 'snoozed_until_local', 'reason', 'campaign_id', 'silent_days', 'never_touched', 'last_touch_at', 'cadence_days'],
        ...report.snoozedContacts.map((s) => [s.contactId, s.name, s.company, s.repId, s.channel, s.until, s.untilLocal, s.reason, s.campaignId, s.silentDays, s.neverTouched, s.lastTouchAt, s.cadenceDays]),
      ]),
    weeks: () =>
      csvLines([
        ['week', ...CHANNELS, 'total'],
        ...report.touchesPerWeek.map((w) => [w.week, ...CHANNELS.map((c) => w.byChannel[c]), w.total]),
      ]),
  };
  if (section) return parts[section]();
  return CSV_SECTIONS.map((s) => parts[s]()).join('\r\n');
}

/** Shares as 0..1 with four decimals: exact enough for a percentage with two decimals, short to read. */
function round(share: number): number {
  return Math.round(share * 10_000) / 10_000;
}
