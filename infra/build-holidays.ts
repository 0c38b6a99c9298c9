// Writes the public-holiday table Lambda functions read (functions/adapters/calendar/holiday-table.ts) when they are
// bundled: `tsx infra/build-holidays.ts <out dir> [from year] [to year]`, run by afterBundlingCommands
// (infra/bundling.ts). One file per country, every region the holiday library knows, from last year to five years
// ahead: a deployment older than that answers "no holiday" (and logs it) until it is deployed again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knownRegions, publicHolidaysOf } from '../functions/adapters/calendar/library-holidays';
import type { CountryHolidayTable } from '../functions/adapters/calendar/holiday-table';

export function buildHolidayTables(from: number, to: number): Map<string, CountryHolidayTable> {
  const tables = new Map<string, CountryHolidayTable>();
  for (const { code } of knownRegions()) {
    const country = code.split('-')[0]!;
    let table = tables.get(country);
    if (!table) tables.set(country, (table = { from, to, regions: {} }));
    table.regions[code] = [...publicHolidaysOf(code, from, to).keys()].sort();
  }
  return tables;
}

export function writeHolidayTables(dir: string, from: number, to: number): number {
  mkdirSync(dir, { recursive: true });
  const tables = buildHolidayTables(from, to);
  for (const [country, table] of tables) writeFileSync(join(dir, `${country}.json`), JSON.stringify(table));
  return tables.size;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [dir, fromArg, toArg] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: tsx infra/build-holidays.ts <out dir> [from year] [to year]\n');
    process.exit(2);
  }
  const year = new Date().getUTCFullYear();
  const from = fromArg ? Number(fromArg) : year - 1;
  const to = toArg ? Number(toArg) : year + 5;
  // quiet on success, as the other bundling steps: the bundling output stays readable
  writeHolidayTables(dir, from, to);
}
