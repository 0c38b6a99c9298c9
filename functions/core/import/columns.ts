// The column vocabulary of the import files: canonical names and the aliases a CRM or spreadsheet export
// uses for them. Headers are compared after foldKey, so each alias is listed once in any spelling
// ("E-Mail" covers "email", "e_mail", "EMAIL"). docs/import.md shows this table to users; keep them in step.
import { foldKey } from './fold-key';

export const CONTACT_FIELDS = [
  'id',
  'salutation',
  'title',
  'firstName',
  'lastName',
  'company',
  'email',
  'phone',
  'street',
  'postalCode',
  'city',
  'country',
  'region',
  'timeZone',
  'channel',
  'locale',
  'formal',
  'cadenceDays',
  'repId',
  'tags',
  'lastTouchAt',
  'consentEmail',
  'consentLetter',
  'consentCall',
  'consentVisit',
  'optedOut',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const REP_FIELDS = ['id', 'name', 'email', 'phone', 'title', 'locale', 'timeZone', 'region', 'signature', 'awayFrom', 'awayUntil', 'deputy'] as const;
export type RepField = (typeof REP_FIELDS)[number];

// "Region" is the canonical name itself (headers are folded), so it is not listed again
const REGION_ALIASES = ['Bundesland', 'State', 'Bundesland/Kanton', 'Kanton'];
const TIME_ZONE_ALIASES = ['Zeitzone', 'Time zone', 'TZ'];

const CONTACT_ALIASES: Record<ContactField, readonly string[]> = {
  id: ['Kundennummer', 'Kunden-Nr', 'Kontakt-ID', 'Contact ID'],
  salutation: ['Anrede', 'Gender', 'Geschlecht'],
  title: ['Titel', 'Akademischer Titel', 'Academic title'],
  firstName: ['Vorname', 'First name', 'Given name'],
  lastName: ['Nachname', 'Familienname', 'Last name', 'Surname'],
  company: ['Firma', 'Unternehmen', 'Organisation', 'Organization'],
  email: ['E-Mail', 'E-Mail-Adresse', 'Mail', 'Email address'],
  phone: ['Telefon', 'Tel', 'Telefonnummer', 'Phone number'],
  street: ['Straße', 'Strasse', 'Straße und Hausnummer', 'Street address', 'Address line'],
  postalCode: ['PLZ', 'Postleitzahl', 'Postal code', 'Zip', 'Zip code', 'Postcode'],
  city: ['Ort', 'Stadt', 'Town'],
  country: ['Land'],
  region: REGION_ALIASES,
  timeZone: TIME_ZONE_ALIASES,
  channel: ['Kanal', 'Bevorzugter Kanal', 'Kontaktweg', 'Preferred channel'],
  locale: ['Sprache', 'Language'],
  formal: ['Anrede-Form', 'Anredeform', 'Du-Sie', 'Sie-Du', 'Du/Sie', 'Förmlich'],
  cadenceDays: ['Kontaktintervall', 'Intervall', 'Intervall (Tage)', 'Kontaktintervall (Tage)', 'Cadence', 'Cadence (days)'],
  repId: ['Betreuer', 'Kundenbetreuer', 'Rep', 'Rep email'],
  tags: ['Schlagworte', 'Schlagwörter', 'Stichworte'],
  lastTouchAt: ['Letzter Kontakt', 'Letzter Kontakt am', 'Last touch', 'Last contact'],
  consentEmail: ['Einwilligung E-Mail', 'Consent email'],
  consentLetter: ['Einwilligung Brief', 'Consent letter'],
  consentCall: ['Einwilligung Anruf', 'Einwilligung Telefon', 'Consent call'],
  consentVisit: ['Einwilligung Besuch', 'Consent visit'],
  optedOut: ['Werbesperre', 'Kein Kontakt', 'Opt-out', 'Opted out'],
};

const REP_ALIASES: Record<RepField, readonly string[]> = {
  id: ['Kürzel', 'Rep ID', 'Mitarbeiter-ID'],
  name: ['Name', 'Full name'],
  email: ['E-Mail', 'E-Mail-Adresse', 'Mail', 'Email address'],
  phone: ['Telefon', 'Tel', 'Telefonnummer', 'Phone number'],
  title: ['Titel', 'Position', 'Funktion', 'Job title'],
  locale: ['Sprache', 'Language'],
  timeZone: TIME_ZONE_ALIASES,
  region: REGION_ALIASES,
  signature: ['Signatur', 'Unterschrift', 'Grußformel'],
  // the rep's absence (functions/core/reps/set-rep-away.ts): both dates, and who stands in
  awayFrom: ['Abwesend ab', 'Abwesend von', 'Away from'],
  awayUntil: ['Abwesend bis', 'Away until'],
  deputy: ['Vertretung', 'Stellvertretung', 'Deputy'],
};

export interface Vocabulary<F extends string> {
  /** What the file holds, for messages: "contacts" or "reps". */
  kind: 'contacts' | 'reps';
  fields: readonly F[];
  /** folded header -> field */
  lookup: ReadonlyMap<string, F>;
  /** Aliases as written in the docs, per field (the canonical name first). */
  aliases: Readonly<Record<F, readonly string[]>>;
}

function vocabulary<F extends string>(kind: Vocabulary<F>['kind'], fields: readonly F[], aliases: Record<F, readonly string[]>): Vocabulary<F> {
  const lookup = new Map<string, F>();
  const all = {} as Record<F, readonly string[]>;
  for (const field of fields) {
    all[field] = [field, ...aliases[field]];
    for (const name of all[field]) {
      const key = foldKey(name);
      const taken = lookup.get(key);
      // a programming mistake in the tables above, caught by the first test that loads them
      if (taken && taken !== field) throw new Error(`alias ${name} is used for ${taken} and ${field}`);
      lookup.set(key, field);
    }
  }
  return { kind, fields, lookup, aliases: all };
}

export const CONTACT_VOCABULARY = vocabulary('contacts', CONTACT_FIELDS, CONTACT_ALIASES);
export const REP_VOCABULARY = vocabulary('reps', REP_FIELDS, REP_ALIASES);
