import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HolidayTable } from '../../../functions/adapters/calendar/holiday-table';
import { LibraryHolidays, knownRegions } from '../../../functions/adapters/calendar/library-holidays';
import type { Logger } from '../../../functions/core/ports';
import { writeHolidayTables } from '../../../infra/build-holidays';

let dir: string;
const warnings: Array<{ message: string; data?: Record<string, unknown> }> = [];
const logger: Logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message, data) => void warnings.push({ message, data }) };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'holiday-table-'));
  writeHolidayTables(dir, 2026, 2027);
}, 120_000);

describe('holiday table (what Lambda reads)', () => {
  it('answers as the library does for every German and Austrian region, every day of the years it covers', () => {
    const table = new HolidayTable(dir);
    const library = new LibraryHolidays();
    const regions = knownRegions().filter((r) => /^(DE|AT)(-|$)/.test(r.code)).map((r) => r.code);
    expect(regions).toContain('DE-BY-A');
    let holidays = 0;
    for (const region of regions) {
      for (let t = Date.UTC(2026, 0, 1); t <= Date.UTC(2027, 11, 31); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        const expected = library.isPublicHoliday(day, region);
        expect(table.isPublicHoliday(day, region), `${day} ${region}`).toBe(expected);
        if (expected) holidays++;
      }
    }
    expect(holidays).toBeGreaterThan(regions.length * 2 * 9); // every region has at least nine public holidays a year
  });

  it('keeps each country small: one file per country, a few KB', () => {
    const files = readdirSync(dir);
    expect(files).toContain('DE.json');
    expect(files.length).toBeGreaterThan(150);
    expect(statSync(join(dir, 'DE.json')).size).toBeLessThan(20_000);
  });

  it('falls back from an unknown sub-region to its state, and says so when a year is past the table', () => {
    const table = new HolidayTable(dir, logger);
    expect(table.isPublicHoliday('2026-06-04', 'DE-BY-XYZ')).toBe(true); // Fronleichnam, Bavaria's
    expect(table.isPublicHoliday('2026-06-04', 'DE-XX')).toBe(false); // the country's: no Fronleichnam
    expect(table.isPublicHoliday('2026-10-03', 'DE-XX')).toBe(true);
    expect(table.isPublicHoliday('2030-10-03', 'DE')).toBe(false);
    expect(table.isPublicHoliday('2030-12-25', 'DE')).toBe(false);
    expect(table.isPublicHoliday('2026-10-03', 'ZZ')).toBe(false);
    expect(warnings.map((w) => w.message)).toEqual(['holidays: the table does not reach this year; redeploy to extend it', 'holidays: no table for this country']);
    expect(warnings[0]!.data).toEqual({ country: 'DE', year: 2030 });
  });
});
