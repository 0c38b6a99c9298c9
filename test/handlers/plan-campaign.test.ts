// The plan-campaign handler: a slot of the campaign's schedule moves reps off public holidays; the daily shifted
// run plans them on their day. In-memory ledger and mailer, the repository's campaigns and templates.
import { describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import { LibraryHolidays } from '../../functions/adapters/calendar/library-holidays';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../functions/adapters/memory/memory-mailer';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { defaultConfig } from '../../functions/core/config';
import { ValidationError } from '../../functions/core/errors';
import { silentLogger } from '../../functions/core/ports';
import { createPlanCampaignHandler, parseScheduleEvent } from '../../functions/handlers/plan-campaign';
import { contactOf, repOf } from '../core/campaign-fixtures';

describe('plan-campaign handler', () => {
  it('accepts { shifted: true } and refuses a shifted that is not a boolean, naming it', () => {
    expect(parseScheduleEvent({ campaignId: 'crisis-update', scheduledTime: '2027-05-28T06:00:00Z', shifted: true })).toEqual({ campaignId: 'crisis-update', scheduledTime: '2027-05-28T06:00:00Z', shifted: true });
    expect(parseScheduleEvent({ campaignId: 'crisis-update', scheduledTime: '2027-05-28T06:00:00Z', shifted: false })).toEqual({ campaignId: 'crisis-update', scheduledTime: '2027-05-28T06:00:00Z' });
    try {
      parseScheduleEvent({ campaignId: 'crisis-update', scheduledTime: '2027-05-28T06:00:00Z', shifted: 'yes' });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).issues).toEqual([{ path: 'shifted', message: 'expected true or false' }]);
    }
  });

  it('on Pfingstmontag moves the German rep to Tuesday and runs the English one; the shifted run on Tuesday plans the German rep', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(repOf({ id: 'rep-de' }));
    await ledger.putRep(repOf({ id: 'rep-uk', name: 'Emily Carter', email: 'emily@example.com', region: 'GB-ENG' }));
    await ledger.putContact(contactOf({ id: 'c-de', repId: 'rep-de', nextDueAt: '2027-05-01T00:00:00.000Z' }));
    await ledger.putContact(contactOf({ id: 'c-uk', repId: 'rep-uk', nextDueAt: '2027-05-01T00:00:00.000Z' }));
    const clock = new FixedClock('2027-05-17T06:00:00.000Z');
    const mailer = new MemoryMailer();
    const runtime = { ledger, mailer, clock, logger: silentLogger, config: { ...defaultConfig, publicBaseUrl: 'https://approve.example' }, holidays: new LibraryHolidays() };
    const handler = createPlanCampaignHandler(runtime, new FileAssets(process.cwd()));
    const slot = await handler({ campaignId: 'crisis-update', scheduledTime: '2027-05-17T06:00:00Z' }, {} as Context);
    expect(slot.shifted).toBeUndefined();
    if (slot.shifted) return;
    expect(slot.plan).toMatchObject({ drafted: 1, deferredReps: [{ repId: 'rep-de', on: '2027-05-18' }] });
    expect(slot.digests.map((d) => d.repId)).toEqual(['rep-uk']);

    clock.set('2027-05-18T06:00:00.000Z');
    const tuesday = await handler({ campaignId: 'crisis-update', scheduledTime: '2027-05-18T06:00:00Z', shifted: true }, {} as Context);
    // under Monday's run id; only the moved rep is planned and mailed: Emily's digest of that run went out on Monday
    expect(tuesday.shifted?.map((r) => ({ runId: r.plan.runId, drafted: r.plan.drafted, digests: r.digests.map((d) => [d.repId, d.outcome]) }))).toEqual([
      { runId: slot.plan.runId, drafted: 1, digests: [['rep-de', 'sent']] },
    ]);
    expect(mailer.sent.filter((m) => m.to.includes('emily@example.com')).length).toBe(1);
  });
});
