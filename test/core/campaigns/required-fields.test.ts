import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { CHANNEL_NEEDS, letterAddressProblems, missingFields } from '../../../functions/core/campaigns/required-fields';
import { draftIdOf } from '../../../functions/core/ids';
import { planCampaign } from '../../../functions/core/plan-campaign';
import { silentLogger } from '../../../functions/core/ports';
import { RUN_AT, contactOf, crisisUpdate, repOf } from '../campaign-fixtures';

const LONG_COMPANY = 'Müller Präzisionsmaschinenbau und Vertriebsgesellschaft mbH & Co. KG';

describe('a letter is checked for its address window when it is drafted', () => {
  it('writes the draft as needs_fix with the reason, before the rep sees it for approval', async () => {
    const { campaign, library } = await crisisUpdate();
    const ledger = new MemoryLedger();
    await ledger.putRep(repOf({ id: 'rep-1' }));
    await ledger.putContact(contactOf({ id: 'c-long', channel: 'letter', company: LONG_COMPANY }));
    await ledger.putContact(contactOf({ id: 'c-short', channel: 'letter' }));
    await ledger.putContact(contactOf({ id: 'c-mail', channel: 'email', company: LONG_COMPANY }));

    const result = await planCampaign({ ledger, clock: new FixedClock('2026-11-30T07:00:05.000Z'), logger: silentLogger, templates: library }, { campaign, runAt: RUN_AT });

    expect(result).toMatchObject({ drafted: 2, needsFix: 1 });
    const long = ledger.drafts.get(draftIdOf(result.runId, 'c-long'))!;
    expect(long.status).toBe('needs_fix');
    expect(long.missing).toEqual([expect.stringMatching(/^company: line 1 "Müller Präzisionsmaschinenbau .*" is \d+ mm wide, but the envelope window holds 80 mm at 10 pt; shorten or abbreviate it\.$/)]);
    // the words are drafted all the same: once the contact is fixed, nothing else is missing
    expect(long.content.text).not.toBe('');
    expect(ledger.drafts.get(draftIdOf(result.runId, 'c-short'))).toMatchObject({ status: 'pending_approval', missing: [] });
    // a mail has no window
    expect(ledger.drafts.get(draftIdOf(result.runId, 'c-mail'))).toMatchObject({ status: 'pending_approval', missing: [] });
  });

  it('checks the address the way the export prints it: no country line at home, a postcode without a country judged as the home country’s', async () => {
    const { campaign, library } = await crisisUpdate();
    const ledger = new MemoryLedger();
    await ledger.putRep(repOf({ id: 'rep-1' }));
    // six lines at home (the window's maximum); a country line would make seven
    await ledger.putContact(contactOf({ id: 'c-home', channel: 'letter', address: { street: 'c/o Einkauf\nHauptstraße 5\nHaus B', postalCode: '80331', city: 'München', country: 'DE' } }));
    await ledger.putContact(contactOf({ id: 'c-4digits', channel: 'letter', address: { street: 'Domkloster 4', postalCode: '5067', city: 'Köln', country: '' } }));

    const result = await planCampaign(
      { ledger, clock: new FixedClock('2026-11-30T07:00:05.000Z'), logger: silentLogger, templates: library, config: { homeCountry: 'DE' } },
      { campaign, runAt: RUN_AT },
    );

    expect(ledger.drafts.get(draftIdOf(result.runId, 'c-home'))).toMatchObject({ status: 'pending_approval', missing: [] });
    expect(ledger.drafts.get(draftIdOf(result.runId, 'c-4digits'))).toMatchObject({
      status: 'needs_fix',
      missing: [expect.stringMatching(/^address\.postalCode: "5067" is not a postcode of Germany \(DE\)/)],
    });
  });

  it('names a postcode that does not fit the country, and does not repeat a field already named missing', () => {
    const letter = CHANNEL_NEEDS.letter;
    expect(missingFields(contactOf({ address: { street: 'Domkloster 4', postalCode: '1234', city: 'Köln', country: 'DE' } }), letter)).toEqual([
      'address.postalCode: "1234" is not a postcode of Germany (DE): write 5 digits, e.g. 10115 (a spreadsheet may have dropped a leading 0: 1067 is 01067); fix it in the contact.',
    ]);
    expect(missingFields(contactOf({ address: { street: 'Hauptstraße 5', postalCode: '', city: '', country: '' } }), letter)).toEqual(['address.postalCode', 'address.city']);
    expect(missingFields(contactOf(), letter)).toEqual([]);
    // a mail is not judged by its postal address
    expect(missingFields(contactOf({ address: { street: '', postalCode: '1234', city: '', country: 'DE' } }), CHANNEL_NEEDS.email)).toEqual([]);
  });

  it('is stricter, never laxer, where it does not know the home country or the writer\'s language', () => {
    // five lines and the country: six, the most the window shows
    const vienna = contactOf({ address: { street: 'Stiege 2\nRingstraße 1', postalCode: '1010', city: 'Wien', country: 'AT' } });
    expect(letterAddressProblems(vienna)).toEqual([]);
    const twoMore = contactOf({ address: { street: 'Gebäude B\nStiege 2\nRingstraße 1', postalCode: '1010', city: 'Wien', country: 'AT' } });
    expect(letterAddressProblems(twoMore)).toEqual([expect.stringMatching(/^address: 7 lines, but the envelope window shows 6/)]);
    // seven lines only while the country line is printed: at home in Austria the letter fits
    expect(letterAddressProblems(twoMore, { homeCountry: 'AT' })).toEqual([]);
    // a postcode without a country is judged once the home country is known
    const noCountry = contactOf({ address: { street: 'Domkloster 4', postalCode: '1234', city: 'Köln', country: '' } });
    expect(letterAddressProblems(noCountry, { homeCountry: 'AT' })).toEqual([]);
    expect(letterAddressProblems(noCountry, { homeCountry: 'DE' })).toEqual([expect.stringMatching(/^address\.postalCode: "1234" is not a postcode of Germany/)]);
  });
});
