// Country cells say "Deutschland", "Österreich", "Switzerland", "CH" or "D". Letters need the ISO code.
// The names come from the runtime's own region names (Intl, German and English), so every country is known
// without a table to maintain; a few customary extras (car codes, three-letter codes, "UK") are added by hand.
import { foldKey } from './fold-key';

const EXTRAS: Record<string, string> = {
  D: 'DE',
  A: 'AT',
  DEU: 'DE',
  AUT: 'AT',
  CHE: 'CH',
  GBR: 'GB',
  UK: 'GB',
  England: 'GB',
  Schottland: 'GB',
  Scotland: 'GB',
  Wales: 'GB',
  Großbritannien: 'GB',
  'Great Britain': 'GB',
  USA: 'US',
  'U.S.A.': 'US',
  'Vereinigte Staaten von Amerika': 'US',
  Holland: 'NL',
  Oesterreich: 'AT',
  NLD: 'NL',
  FRA: 'FR',
  ITA: 'IT',
  ESP: 'ES',
  POL: 'PL',
  LUX: 'LU',
  BEL: 'BE',
  DNK: 'DK',
  Tschechien: 'CZ',
  'Czech Republic': 'CZ',
  Türkei: 'TR',
  Turkey: 'TR',
};

/**
 * Codes the runtime names that are no ISO 3166-1 country: groups (EU, UN), reserved or withdrawn codes that
 * alias a current one (FX is France, DD is Germany, UK is GB), test regions.
 */
const NOT_COUNTRIES = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(' '),
);

let byName: Map<string, string> | undefined;
let codes: Set<string> | undefined;

function countryNames(): Map<string, string> {
  if (byName) return byName;
  const names = new Map<string, string>();
  const displays = ['de', 'en'].map((l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'code' }));
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      if (NOT_COUNTRIES.has(code)) continue;
      for (const display of displays) {
        const name = display.of(code);
        // unknown codes come back as the code itself
        if (name && name !== code) names.set(foldKey(name), code);
      }
    }
  }
  for (const [name, code] of Object.entries(EXTRAS)) names.set(foldKey(name), code);
  byName = names;
  codes = new Set(names.values());
  return names;
}

/** ISO 3166-1 alpha-2 code for a country name or code; undefined when unknown. Empty stays empty (domestic). */
export function countryCode(value: string): string | undefined {
  const text = value.trim();
  if (!text) return '';
  const names = countryNames();
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    // a two-letter cell is a code when it is one ("CH"), otherwise maybe a short name
    if (codes!.has(code)) return code;
  }
  return names.get(foldKey(text));
}
