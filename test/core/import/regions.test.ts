// The region normaliser: what people type in a Bundesland column -> the holiday library's code, or a reason.
// The vocabulary is the library's own list (as the CLI hands it in), so these cases hold for the regions the
// calendar can actually compute.
import { describe, expect, it } from 'vitest';
import { knownRegions } from '../../../functions/adapters/calendar/library-holidays';
import { normaliseRegion, parseRegion, regionVocabulary } from '../../../functions/core/import/regions';

const vocabulary = regionVocabulary(knownRegions(), 'DE');
const code = (raw: string, country?: string) => normaliseRegion(vocabulary, raw, { country });

describe('normaliseRegion', () => {
  it.each([
    // codes, in any case and with the usual separators
    ['DE-BY', undefined, 'DE-BY'],
    ['de-by', undefined, 'DE-BY'],
    [' DE_BY ', undefined, 'DE-BY'],
    ['de by', undefined, 'DE-BY'],
    ['DE-BY-A', undefined, 'DE-BY-A'],
    ['de-by-a', undefined, 'DE-BY-A'],
    ['AT-9', 'AT', 'AT-9'],
    // without the country: the contact's, else the home country
    ['BY', undefined, 'DE-BY'],
    ['by', 'DE', 'DE-BY'],
    ['BY-A', undefined, 'DE-BY-A'],
    ['9', 'AT', 'AT-9'],
    ['ZH', 'CH', 'CH-ZH'],
    ['ENG', 'GB', 'GB-ENG'],
    // a bare part is the contact's state before it is a country: BE is Berlin for a German contact
    ['BE', undefined, 'DE-BE'],
    ['BE', 'CH', 'CH-BE'],
    // the library's names and the German ones, ignoring case, accents and punctuation
    ['Bayern', undefined, 'DE-BY'],
    ['bayern', undefined, 'DE-BY'],
    ['BAYERN', undefined, 'DE-BY'],
    ['Freistaat Bayern', undefined, 'DE-BY'],
    ['Baden-Württemberg', undefined, 'DE-BW'],
    ['Baden-Wuerttemberg', undefined, 'DE-BW'],
    ['baden wurttemberg', undefined, 'DE-BW'],
    ['Nordrhein-Westfalen', undefined, 'DE-NW'],
    ['Thueringen', undefined, 'DE-TH'],
    ['Sachsen', undefined, 'DE-SN'],
    ['Sachsen-Anhalt', undefined, 'DE-ST'],
    ['Hamburg', undefined, 'DE-HH'],
    ['Freie Hansestadt Bremen', undefined, 'DE-HB'],
    ['Hansestadt Bremen', undefined, 'DE-HB'],
    ['Stadt Augsburg', undefined, 'DE-BY-A'],
    ['Wien', 'AT', 'AT-9'],
    ['Niederoesterreich', 'AT', 'AT-3'],
    ['Salzburg', 'AT', 'AT-5'],
    ['Zürich', 'CH', 'CH-ZH'],
    ['Kanton Zürich', 'CH', 'CH-ZH'],
    ['Genève', 'CH', 'CH-GE'],
    ['St. Gallen', 'CH', 'CH-SG'],
    // customary extras: abbreviations, English names of the Länder, German names of cantons
    ['NRW', undefined, 'DE-NW'],
    ['nrw', undefined, 'DE-NW'],
    ['BaWü', undefined, 'DE-BW'],
    ['Bavaria', undefined, 'DE-BY'],
    ['North Rhine-Westphalia', undefined, 'DE-NW'],
    ['Lower Saxony', undefined, 'DE-NI'],
    ['Saxony-Anhalt', undefined, 'DE-ST'],
    ['Thuringia', undefined, 'DE-TH'],
    ['Hesse', undefined, 'DE-HE'],
    ['Rhineland-Palatinate', undefined, 'DE-RP'],
    ['Mecklenburg-Western Pomerania', undefined, 'DE-MV'],
    ['Genf', 'CH', 'CH-GE'],
    ['Vienna', 'AT', 'AT-9'],
    // a name the contact's country has decides between regions of the same name elsewhere
    ['Groningen', 'NL', 'NL-GR'],
    ['Punjab', 'IN', 'IN-PB'],
  ])('%j (country %s) is %s', (raw, country, expected) => {
    expect(code(raw, country)).toEqual({ code: expected });
  });

  it('an empty cell is no region and no problem', () => {
    expect(code('')).toBeUndefined();
    expect(code('   ')).toBeUndefined();
  });

  it.each([
    ['DE-XX'],
    ['XX'],
    ['Bayernland'],
    ['DE-BY; DROP'],
    ['DE-BY;'],
    ["Bayern' OR '1'='1"],
    ['<script>alert(1)</script>'],
    ['Bayern!!'],
    ['=HYPERLINK("x")'],
    ['DE-BY-A-B'],
    ['../../etc/passwd'],
    ['__proto__'],
    ['constructor'],
  ])('%j is not a known region', (raw) => {
    expect(code(raw)).toEqual({ problem: expect.stringMatching(/ is not a known region: use the ISO code \(DE-BY, AT-9, CH-ZH\) or the name/) });
  });

  it('a control character is not read past: DE\\u0000BY is no region, and the message shows it visibly', () => {
    const result = code('DE\u0000BY');
    expect(result).toEqual({ problem: '"DE\uFFFDBY" is not a known region: use the ISO code (DE-BY, AT-9, CH-ZH) or the name (Bayern, Wien, Zürich)' });
    expect(code('Bay\u202Eern')).toEqual({ problem: expect.stringContaining('"Bay\uFFFDern"') });
    expect(code('DE-\nBY')).toEqual({ problem: expect.stringContaining('"DE- BY"') });
  });

  it('a very long cell is refused and shown cut, not echoed whole', () => {
    const result = code('Bayern'.repeat(10_000));
    expect(result).toEqual({ problem: expect.stringMatching(/^"(Bayern){6}Baye…" is not a known region/) });
    expect((result as { problem: string }).problem.length).toBeLessThan(200);
    // a long run of code-like parts does not get through the code pattern either
    expect(code(`DE-${'B'.repeat(5000)}`)).toEqual({ problem: expect.stringContaining('is not a known region') });
  });

  it('a country alone is no contact region, but may be a rep’s', () => {
    expect(code('DE')).toEqual({ problem: expect.stringMatching(/^"DE" is a country, not a region: write the state or canton/) });
    expect(code('Deutschland')).toEqual({ problem: expect.stringContaining('is a country') });
    expect(normaliseRegion(vocabulary, 'DE', { allowCountry: true })).toEqual({ code: 'DE' });
    expect(normaliseRegion(vocabulary, 'at', { allowCountry: true })).toEqual({ code: 'AT' });
    // a state is still a state for reps: BY is Bavaria in the home country
    expect(normaliseRegion(vocabulary, 'BY', { allowCountry: true })).toEqual({ code: 'DE-BY' });
  });

  it('a name of regions in several countries, none of them the contact’s, asks for the code', () => {
    expect(code('Punjab')).toEqual({ problem: '"Punjab" can mean IN-PB or PK-PB: write the code' });
  });

  it('a region of another country is found as what it is; whether it fits the contact is the merge’s judgement', () => {
    expect(code('AT-9')).toEqual({ code: 'AT-9' });
    expect(code('Wien')).toEqual({ code: 'AT-9' });
  });
});

describe('regionVocabulary', () => {
  it('takes only what it is given: an extra naming a region the list lacks is left out, codes keep the list’s spelling', () => {
    const small = regionVocabulary(
      [
        { code: 'DE', name: 'Deutschland' },
        { code: 'DE-BY', name: 'Bayern' },
        { code: 'NZ-CAN-Timaru', name: 'Timaru' },
      ],
      'de',
    );
    expect(small.homeCountry).toBe('DE');
    expect(normaliseRegion(small, 'NRW')).toEqual({ problem: expect.stringContaining('is not a known region') });
    expect(normaliseRegion(small, 'Bavaria')).toEqual({ code: 'DE-BY' });
    expect(normaliseRegion(small, 'nz-can-timaru')).toEqual({ code: 'NZ-CAN-Timaru' });
    expect(normaliseRegion(small, 'DE-BE')).toEqual({ problem: expect.stringContaining('is not a known region') });
  });
});

describe('parseRegion', () => {
  it('adds the reason with the column as written, like the other cell parsers', () => {
    const problems: string[] = [];
    expect(parseRegion(vocabulary, 'Bayern', 'Bundesland', problems)).toBe('DE-BY');
    expect(parseRegion(vocabulary, 'Bayer', 'Bundesland', problems)).toBeUndefined();
    expect(problems).toEqual(['Bundesland "Bayer" is not a known region: use the ISO code (DE-BY, AT-9, CH-ZH) or the name (Bayern, Wien, Zürich)']);
  });
});
