// Region cells say "DE-BY", "by", "Bayern", "Baden-Wuerttemberg", "NRW", "Bavaria" or "DE-BY-A" (Stadt Augsburg,
// a sub-region of the holiday library). The holidays need the code. The vocabulary is the holiday library's own
// list of regions (codes and names), handed in by the composition root (adapters/calendar/library-holidays.ts
// knownRegions()), so every region the calendar knows is accepted and nothing else; the core imports no adapter.
// Names match ignoring case, accents and punctuation, with or without a prefix such as Freistaat or Kanton, and
// with ae/oe/ue for ä/ö/ü; a few customary extras (NRW, the Länder's English names) are added by hand.
import { foldKey } from './fold-key';
import type { Problems } from './parse-values';

export interface KnownRegion {
  /** DE, DE-BY, DE-BY-A: the library's country, state and sub-region codes joined by dashes */
  code: string;
  name: string;
}

export interface RegionVocabulary {
  /** The country a contact without a country lives in (config.homeCountry). */
  homeCountry: string;
  /** upper-cased code -> code as the library writes it */
  codes: ReadonlyMap<string, string>;
  /** folded name -> codes with that name */
  names: ReadonlyMap<string, readonly string[]>;
}

/** Customary names the library does not use: abbreviations, the English names of the German Länder, German names of Swiss cantons. */
const EXTRAS: Record<string, string> = {
  NRW: 'DE-NW',
  BaWü: 'DE-BW',
  'Meck-Pomm': 'DE-MV',
  Bavaria: 'DE-BY',
  'Lower Saxony': 'DE-NI',
  'North Rhine-Westphalia': 'DE-NW',
  'Rhineland-Palatinate': 'DE-RP',
  Saxony: 'DE-SN',
  'Saxony-Anhalt': 'DE-ST',
  Thuringia: 'DE-TH',
  Hesse: 'DE-HE',
  'Mecklenburg-Western Pomerania': 'DE-MV',
  'Mecklenburg-West Pomerania': 'DE-MV',
  Vienna: 'AT-9',
  'Lower Austria': 'AT-3',
  'Upper Austria': 'AT-4',
  Styria: 'AT-6',
  Tyrol: 'AT-7',
  Carinthia: 'AT-2',
  Genf: 'CH-GE',
  Geneva: 'CH-GE',
  Waadt: 'CH-VD',
  Wallis: 'CH-VS',
  Neuenburg: 'CH-NE',
  Freiburg: 'CH-FR',
  Tessin: 'CH-TI',
  'Sankt Gallen': 'CH-SG',
};

/** Words before a state's name that people leave out or add: "Freistaat Bayern", "Hansestadt Hamburg", "Kanton Zürich". */
const PREFIX = /^(?:freistaat|freie und hansestadt|freie hansestadt|hansestadt|bundesland|land|kanton|canton(?: de| du| d'| of)?|stadt)\s+/i;

/** A region cell longer than this is no region; longer names of the library are ~60 characters. */
const MAX_REGION_CHARS = 100;

/** The lookup tables for a list of known regions; build it once per import. */
export function regionVocabulary(known: readonly KnownRegion[], homeCountry: string): RegionVocabulary {
  const codes = new Map<string, string>();
  const names = new Map<string, string[]>();
  const add = (name: string, code: string) => {
    for (const key of nameKeys(name)) {
      const list = names.get(key) ?? [];
      if (!list.includes(code)) list.push(code);
      names.set(key, list);
    }
  };
  for (const { code } of known) codes.set(code.toUpperCase(), code);
  for (const { code, name } of known) add(name, code);
  // an extra naming a region the list does not know (another library version) is left out, not made up
  for (const [name, code] of Object.entries(EXTRAS)) if (codes.has(code)) add(name, code);
  return { homeCountry: homeCountry.trim().toUpperCase(), codes, names };
}

/** The keys a name is found under: folded, without a leading Freistaat/Kanton ..., and with ae/oe/ue for ä/ö/ü. */
function nameKeys(name: string): string[] {
  const forms = [name, name.replace(PREFIX, '')];
  const keys = new Set<string>();
  for (const form of forms) {
    keys.add(foldKey(form));
    keys.add(foldKey(form.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue')));
  }
  keys.delete('');
  return [...keys];
}

export type RegionResult = { code: string } | { problem: string };

/**
 * The code for a region cell; undefined for an empty cell. `country` is the contact's country when the row gives one
 * (ISO code, empty: the home country); it completes a code without country ("BY") and decides between regions of the
 * same name. `allowCountry`: a country alone ("DE") is a region (reps); for contacts the country has its own column.
 * Whether the region lies in the contact's country is judged with the merged contact (merge-contact.ts).
 */
export function normaliseRegion(
  vocabulary: RegionVocabulary,
  raw: string,
  opts: { country?: string; allowCountry?: boolean } = {},
): RegionResult | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const shown = quoted(text);
  const unknown = { problem: `${shown} is not a known region: use the ISO code (DE-BY, AT-9, CH-ZH) or the name (Bayern, Wien, Zürich)` };
  if (text.length > MAX_REGION_CHARS) return unknown;
  const country = (opts.country?.trim() || vocabulary.homeCountry).toUpperCase();
  const found = (code: string): RegionResult => {
    if (!code.includes('-') && !opts.allowCountry) {
      return { problem: `${shown} is a country, not a region: write the state or canton (such as DE-BY, Bayern, AT-9, CH-ZH) or leave the cell empty` };
    }
    return { code };
  };

  // a code: DE-BY, de-by, DE_BY, BY (with the contact's country), BY-A, DE-BY-A
  if (/^[A-Za-z0-9]+(?:[-_ ][A-Za-z0-9]+){0,2}$/.test(text)) {
    const code = text.toUpperCase().replace(/[-_ ]/g, '-');
    const full = vocabulary.codes.get(code);
    const inCountry = vocabulary.codes.get(`${country}-${code}`);
    // a part alone is first a code of the contact's country: "BE" for a German contact is Berlin, not Belgium
    const pick = code.includes('-') ? (full ?? inCountry) : (inCountry ?? full);
    if (pick) return found(pick);
  }

  // a name: only letters, digits, spaces and the punctuation names have ("St. Gallen", "Land Salzburg", "Val-d'Oise")
  if (!/^[\p{L}\p{M}\p{N} .,'’()/-]+$/u.test(text)) return unknown;
  const key = foldKey(text);
  const stripped = foldKey(text.replace(PREFIX, ''));
  const candidates = vocabulary.names.get(key) ?? vocabulary.names.get(stripped);
  if (!candidates?.length) return unknown;
  const ofCountry = candidates.filter((c) => c.split('-')[0] === country);
  let pool = ofCountry.length ? ofCountry : candidates;
  // a contact's region is below its country: "Groningen" is the province, not the city, and not a country
  if (!opts.allowCountry && pool.some((c) => c.includes('-'))) pool = pool.filter((c) => c.includes('-'));
  const depth = Math.min(...pool.map((c) => c.split('-').length));
  const best = pool.filter((c) => c.split('-').length === depth);
  if (best.length > 1) return { problem: `${shown} can mean ${best.join(' or ')}: write the code` };
  return found(best[0]!);
}

/** As the other cell parsers: the code, or undefined with the reason added to `problems` (empty cell: undefined, no problem). */
export function parseRegion(
  vocabulary: RegionVocabulary,
  raw: string,
  label: string,
  problems: Problems,
  opts: { country?: string; allowCountry?: boolean } = {},
): string | undefined {
  const result = normaliseRegion(vocabulary, raw, opts);
  if (result && 'problem' in result) {
    problems.push(`${label} ${result.problem}`);
    return undefined;
  }
  return result?.code;
}

/** The country a region lies in: DE for DE-BY-A. */
export function countryOfRegion(code: string): string {
  return code.split('-')[0]!;
}

/** A cell as a message shows it: in quotes, control and format characters as �, cut when long. */
function quoted(text: string): string {
  const clean = text.replace(/\s+/g, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '\uFFFD');
  return `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}
