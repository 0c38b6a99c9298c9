// A scheduled slot on a public holiday where a rep works moves, for that rep, to the next business day; the daily
// shifted run plans the rep then, under the slot's own run id. In-memory ledger, FixedClock, real holiday library.
import { beforeEach, describe, expect, it } from 'vitest';
import { LibraryHolidays } from '../../../functions/adapters/calendar/library-holidays';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { shiftedRunSchedule } from '../../../functions/core/calendar/holiday-runs';
import type { Campaign } from '../../../functions/core/campaigns/campaign-schema';
import { runShiftedSlots } from '../../../functions/core/campaigns/run-campaign';
import { draftIdOf, runIdOf } from '../../../functions/core/ids';
import { planCampaign } from '../../../functions/core/plan-campaign';
import { silentLogger } from '../../../functions/core/ports';
import type { TemplateLibrary } from '../../../functions/core/render/template-library';
import { contactOf, crisisUpdate, repOf } from '../campaign-fixtures';

const holidays = new LibraryHolidays();
// Thursday 27 May 2027 is Fronleichnam: a holiday in Bavaria, not in Bremen
const SLOT = new Date('2027-05-27T06:00:00.000Z'); // 08:00 in Berlin
let ledger: MemoryLedger;
let campaign: Campaign;
let templates: TemplateLibrary;
const clock = new FixedClock(SLOT.toISOString());
const move = () => ({ holidays, homeCountry: 'DE', timeZone: campaign.schedule.timeZone });

beforeEach(async () => {
  const fx = await crisisUpdate();
  campaign = fx.campaign;
  templates = fx.library;
  ledger = new MemoryLedger();
  await ledger.putRep(repOf({ id: 'rep-by', region: 'DE-BY' }));
  await ledger.putRep(repOf({ id: 'rep-hb', region: 'DE-HB', name: 'Eva Schmidt', email: 'eva@example.com' }));
  await ledger.putRep(repOf({ id: 'rep-home', name: 'Jonas Weber', email: 'jonas@example.com' })); // no region: DE
  for (const repId of ['rep-by', 'rep-hb', 'rep-home']) await ledger.putContact(contactOf({ id: `c-${repId}`, repId, nextDueAt: '2027-03-01T00:00:00.000Z' }));
});

describe('slots on public holidays', () => {
  it('moves the Bavarian rep\'s part of a Fronleichnam slot to Friday and plans it then under the slot\'s run id', async () => {
    const runId = runIdOf(campaign.id, SLOT);
    const slot = await planCampaign({ ledger, clock, logger: silentLogger, templates }, { campaign, runAt: SLOT, moveOffHolidays: move() });
    expect(slot).toMatchObject({ drafted: 2, deferredReps: [{ repId: 'rep-by', on: '2027-05-28' }] });
    expect(ledger.drafts.has(draftIdOf(runId, 'c-rep-by'))).toBe(false);
    expect(ledger.drafts.has(draftIdOf(runId, 'c-rep-hb'))).toBe(true);
    expect(await ledger.listDeferredRuns(campaign.id)).toEqual([{ campaignId: campaign.id, runAt: SLOT.toISOString(), reps: [{ repId: 'rep-by', on: '2027-05-28' }] }]);

    const deps = { ledger, clock, logger: silentLogger, templates, mailer: { send: async () => ({ messageId: 'm' }) }, config: { publicBaseUrl: 'https://approve.example', senderAddress: 'updates@example.com', linkTtlHours: 72 }, mails: { render: async () => ({ subject: 's', html: '<p>h</p>', text: 't' }) } };
    // Friday 08:00: the shifted run plans the Bavarian rep, under Thursday's run
    clock.set('2027-05-28T06:00:00.000Z');
    const [shifted, ...more] = await runShiftedSlots(deps as never, { campaign, at: clock.now() });
    expect(more).toEqual([]);
    expect(shifted!.plan).toMatchObject({ runId, drafted: 1 });
    expect(ledger.drafts.get(draftIdOf(runId, 'c-rep-by'))).toMatchObject({ runId, status: 'pending_approval' });
    // again the same day (a retried event): nothing new; the next Monday: nothing to do
    expect((await runShiftedSlots(deps as never, { campaign, at: clock.now() }))[0]!.plan.drafted).toBe(0);
    expect(await runShiftedSlots(deps as never, { campaign, at: new Date('2027-05-31T06:00:00.000Z') })).toEqual([]);
  });

  it('moves everybody on a national holiday, past the weekend, and nobody on a run started by hand', async () => {
    // Good Friday, 26 March 2027: a national holiday
    const goodFriday = new Date('2027-03-26T07:00:00.000Z');
    const slot = await planCampaign({ ledger, clock, logger: silentLogger, templates }, { campaign, runAt: goodFriday, moveOffHolidays: move() });
    // Saturday and Sunday are no business days, Easter Monday is a holiday: Tuesday
    expect(slot.drafted).toBe(0);
    expect(slot.deferredReps?.map((d) => d.on)).toEqual(['2027-03-30', '2027-03-30', '2027-03-30']);
    const byHand = await planCampaign({ ledger, clock, logger: silentLogger, templates }, { campaign, runAt: new Date('2027-03-26T09:00:00.000Z') });
    expect(byHand).toMatchObject({ drafted: 3 });
    expect(byHand.deferredReps).toBeUndefined();
  });

  it('derives the daily shifted-run schedule from a cron slot\'s time of day; a rate schedule has none', () => {
    expect(shiftedRunSchedule({ expression: 'cron(0 8 ? * MON *)', timeZone: 'Europe/Berlin' })).toEqual({ expression: 'cron(0 8 ? * MON-FRI *)', timeZone: 'Europe/Berlin' });
    expect(shiftedRunSchedule({ expression: 'cron(30 7 1 * ? *)', timeZone: 'Europe/Vienna' })).toEqual({ expression: 'cron(30 7 ? * MON-FRI *)', timeZone: 'Europe/Vienna' });
    expect(shiftedRunSchedule({ expression: 'cron(0 8,14 ? * MON *)', timeZone: 'UTC' })).toBeUndefined();
    expect(shiftedRunSchedule({ expression: 'rate(1 day)', timeZone: 'UTC' })).toBeUndefined();
  });
});
