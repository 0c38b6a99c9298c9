// Where a customer reads mail: the time zone and the holiday region a send window is read in.
import type { Contact, Rep } from '../model';
import type { SendPlace } from './send-window';

const zonesByCountry = new Map<string, string | undefined>();

/**
 * The country's time zone when the whole country keeps one time (DE, AT, GB, PL ...), from the runtime's own
 * locale data; undefined for a country with several (US, RU, AU, ES with the Canaries) or an unknown one.
 */
export function countryTimeZone(country: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(country)) return undefined;
  if (zonesByCountry.has(country)) return zonesByCountry.get(country);
  let zone: string | undefined;
  try {
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { timeZones?: string[]; getTimeZones?: () => string[] };
    const zones = locale.getTimeZones?.() ?? locale.timeZones ?? [];
    const year = new Date().getUTCFullYear();
    // one time: every zone shows the same offset in winter and in summer (Europe/Busingen keeps Berlin's)
    const offsets = (z: string) =>
      [Date.UTC(year, 0, 15), Date.UTC(year, 6, 15)].map((t) => new Intl.DateTimeFormat('en-US', { timeZone: z, timeZoneName: 'longOffset' }).format(t).split(' ').pop()).join('|');
    if (zones.length > 0 && new Set(zones.map(offsets)).size === 1) zone = zones[0];
  } catch {
    zone = undefined;
  }
  zonesByCountry.set(country, zone);
  return zone;
}

/** The contact's own time zone, else its country's (when it keeps one time), else its rep's. */
export function placeOfContact(contact: Pick<Contact, 'region' | 'timeZone' | 'address'>, rep: Pick<Rep, 'timeZone'> | undefined, homeCountry: string): SendPlace {
  const country = (contact.address.country || homeCountry).toUpperCase();
  return {
    timeZone: contact.timeZone ?? countryTimeZone(country) ?? rep?.timeZone ?? 'Europe/Berlin',
    region: contact.region ?? (country || undefined),
  };
}
