// Public holidays from the date-holidays library: locally, in the CLI and in tests, and at bundling time, where
// infra/build-holidays.ts writes the table Lambda functions read (holiday-table.ts). Only type `public` counts:
// the library also lists bank holidays, observances and optional days (24 and 31 December are `bank` in Germany),
// which a send window closes with `closedOn` when a team wants them closed.
import Holidays from 'date-holidays';
import type { HolidayCalendar } from '../../core/ports';

/** The region's parts as the library takes them: country, state, sub-region. */
export function regionParts(region: string): [string, string?, string?] {
  const [country, state, sub] = region.split('-');
  return [country!, state, sub];
}

/** The public holidays of one region from one year to another: day -> name (in the country's language). */
export function publicHolidaysOf(region: string, from: number, to = from): Map<string, string> {
  const [country, state, sub] = regionParts(region);
  const library = new Holidays(country, state ?? '', sub ?? '');
  const days = new Map<string, string>();
  for (let year = from; year <= to; year++) {
    for (const h of library.getHolidays(year) || []) {
      if (h.type === 'public' && !days.has(h.date.slice(0, 10))) days.set(h.date.slice(0, 10), h.name);
    }
  }
  return days;
}

/** The regions the library knows: every country, its states (DE-BY) and their sub-regions (DE-BY-A). */
export function knownRegions(): Array<{ code: string; name: string }> {
  const library = new Holidays();
  const out: Array<{ code: string; name: string }> = [];
  for (const [country, name] of Object.entries(library.getCountries() ?? {})) {
    out.push({ code: country, name });
    for (const [state, stateName] of Object.entries(library.getStates(country) ?? {})) {
      out.push({ code: `${country}-${state}`, name: stateName });
      for (const [sub, subName] of Object.entries(library.getRegions(country, state) ?? {})) out.push({ code: `${country}-${state}-${sub}`, name: subName });
    }
  }
  return out;
}

export class LibraryHolidays implements HolidayCalendar {
  private readonly years = new Map<string, Map<string, string>>();

  isPublicHoliday(day: string, region: string): boolean {
    return this.holidayName(day, region) !== undefined;
  }

  /** The holiday's name, for messages ("Fronleichnam"). */
  holidayName(day: string, region: string): string | undefined {
    const key = `${region}|${day.slice(0, 4)}`;
    let days = this.years.get(key);
    if (!days) {
      days = publicHolidaysOf(region, Number(day.slice(0, 4)));
      this.years.set(key, days);
    }
    return days.get(day);
  }
}
