// Public holidays in Lambda: a table the holiday library wrote when the function was bundled
// (infra/build-holidays.ts), one JSON file per country beside the bundle, read when a country is first asked about.
// The library with its data for every country is about 1.4 MB minified; a country's table is a few KB.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HolidayCalendar, Logger } from '../../core/ports';

/** One country's file: `<dir>/<CC>.json`. */
export interface CountryHolidayTable {
  /** The years the table covers, both included. */
  from: number;
  to: number;
  /** Region (DE, DE-BY, DE-BY-A) -> its public holidays (YYYY-MM-DD). */
  regions: Record<string, string[]>;
}

export const HOLIDAY_TABLE_DIR = 'holidays';

export class HolidayTable implements HolidayCalendar {
  private readonly countries = new Map<string, { table?: CountryHolidayTable; days: Map<string, Set<string>> }>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly logger?: Logger,
  ) {}

  isPublicHoliday(day: string, region: string): boolean {
    const country = region.split('-')[0]!;
    const entry = this.load(country);
    const year = Number(day.slice(0, 4));
    if (!entry.table || year < entry.table.from || year > entry.table.to) {
      this.warnOnce(`${country}|${year}`, entry.table ? 'holidays: the table does not reach this year; redeploy to extend it' : 'holidays: no table for this country', { country, year });
      return false;
    }
    // a sub-region the table lacks falls back to its state, a state to the country
    let code = region;
    while (!entry.table.regions[code] && code.includes('-')) code = code.slice(0, code.lastIndexOf('-'));
    let days = entry.days.get(code);
    if (!days) {
      days = new Set(entry.table.regions[code] ?? []);
      entry.days.set(code, days);
    }
    return days.has(day);
  }

  private load(country: string) {
    let entry = this.countries.get(country);
    if (!entry) {
      let table: CountryHolidayTable | undefined;
      if (/^[A-Z]{2}$/.test(country)) {
        try {
          table = JSON.parse(readFileSync(join(this.dir, `${country}.json`), 'utf8')) as CountryHolidayTable;
        } catch {
          table = undefined;
        }
      }
      entry = { table, days: new Map() };
      this.countries.set(country, entry);
    }
    return entry;
  }

  private warnOnce(key: string, message: string, detail: Record<string, unknown>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger?.warn(message, detail);
  }
}
