// The campaign slot as the state machine runs it in AWS: plan-campaign lists the units (createListSlotUnitsHandler),
// the Distributed Map hands each to plan-reps, and the Choice invokes plan-reps again while it answers done: false.
// Walked here by hand with the handlers the Lambda entries build, on the in-memory ledger and mailer, and compared
// with the in-process run that `presence campaign run` uses.
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
import { createListSlotUnitsHandler, createPlanCampaignHandler } from '../../functions/handlers/plan-campaign';
import { createPlanRepsHandler, DIGEST_RESERVE_MS, parsePlanRepsEvent } from '../../functions/handlers/plan-reps';
import { checkedSlotUnits, type PlanRepsEvent, type PlanRepsResult, type SlotUnits } from '../../functions/handlers/slot-units';
import { contactOf, repOf } from '../core/campaign-fixtures';

const SLOT = { campaignId: 'crisis-update', scheduledTime: '2027-05-17T06:00:00Z' };

async function world() {
  const ledger = new MemoryLedger();
  await ledger.putRep(repOf({ id: 'rep-de' }));
  await ledger.putRep(repOf({ id: 'rep-uk', name: 'Emily Carter', email: 'emily@example.com', region: 'GB-ENG' }));
  // away with a deputy: planned in rep-uk's unit, in rep-uk's digest
  await ledger.putRep(repOf({ id: 'rep-away', name: 'Lena Koch', email: 'lena@example.com', region: 'GB-ENG', away: { from: '2027-05-01', until: '2027-06-01', deputy: 'rep-uk', hold: false } }));
  for (const rep of ['rep-de', 'rep-uk', 'rep-away']) {
    for (let i = 0; i < 5; i++) await ledger.putContact(contactOf({ id: `${rep}-c${i}`, email: `${rep}.${i}@example.com`, repId: rep, nextDueAt: '2027-05-01T00:00:00.000Z' }));
  }
  const clock = new FixedClock('2027-05-17T06:00:00.000Z');
  const mailer = new MemoryMailer();
  const runtime = { ledger, mailer, clock, logger: silentLogger, config: { ...defaultConfig, publicBaseUrl: 'https://approve.example' }, holidays: new LibraryHolidays() };
  return { ledger, clock, mailer, runtime, assets: new FileAssets(process.cwd()) };
}

/** What the state machine does with the list: every unit through plan-reps, again while it is not done. */
async function walkStateMachine(w: Awaited<ReturnType<typeof world>>, remainingMs: number) {
  const list = (await createListSlotUnitsHandler(w.runtime, w.assets)(SLOT, {} as Context)) as SlotUnits;
  const planReps = createPlanRepsHandler(w.runtime, w.assets);
  const context = { getRemainingTimeInMillis: () => remainingMs } as Context;
  const invocations: PlanRepsResult[] = [];
  for (const unit of list.units) {
    // the Distributed Map's ItemSelector
    let input: PlanRepsEvent = JSON.parse(JSON.stringify({ campaignId: list.campaignId, dueBy: list.dueBy, unit }));
    for (let round = 0; round < 50; round++) {
      const out = await planReps(input, context);
      invocations.push(out);
      if (out.done) break;
      input = JSON.parse(JSON.stringify(out));
    }
  }
  return { list, invocations };
}

describe('campaign slot through the state machine', () => {
  it('lists one unit per writer, the rep away with its deputy, and writes down the rep moved off a holiday', async () => {
    const w = await world();
    const list = await createListSlotUnitsHandler(w.runtime, w.assets)(SLOT, {} as Context);
    // Pfingstmontag: the German rep moves to Tuesday; the English rep and the one away are planned now
    expect(list).toEqual({
      campaignId: 'crisis-update',
      dueBy: '2027-05-17T06:00:00.000Z',
      runIds: ['crisis-update@20270517T0600Z'],
      units: [{ runAt: '2027-05-17T06:00:00.000Z', writer: 'rep-uk', reps: ['rep-away', 'rep-uk'] }],
      deferredReps: 1,
    });
    expect((await w.ledger.listDeferredRuns('crisis-update'))[0]?.reps).toEqual([{ repId: 'rep-de', on: '2027-05-18' }]);
    // it planned nothing and mailed nothing
    expect(w.ledger.drafts.size).toBe(0);
    expect(w.mailer.sent).toHaveLength(0);

    // the shifted run on Tuesday lists the German rep under Monday's run
    w.clock.set('2027-05-18T06:00:00.000Z');
    const tuesday = await createListSlotUnitsHandler(w.runtime, w.assets)({ ...SLOT, scheduledTime: '2027-05-18T06:00:00Z', shifted: true }, {} as Context);
    expect(tuesday).toMatchObject({ runIds: ['crisis-update@20270517T0600Z'], dueBy: '2027-05-18T06:00:00.000Z', units: [{ runAt: '2027-05-17T06:00:00.000Z', writer: 'rep-de' }] });
  });

  it('plans every unit to the end through continuations and mails each writer one digest, as the in-process run does', async () => {
    const w = await world();
    // no time left beyond the reserve: every invocation plans one page and hands on
    const { invocations } = await walkStateMachine(w, DIGEST_RESERVE_MS);
    expect(invocations.length).toBeGreaterThan(1);
    expect(invocations.filter((i) => !i.done).every((i) => i.unit.cursors || i.unit.remaining)).toBe(true);
    expect(invocations.reduce((n, i) => n + i.digestsSent, 0)).toBe(1);

    const twin = await world();
    const inProcess = await createPlanCampaignHandler(twin.runtime, twin.assets)(SLOT, {} as Context);
    const drafted = (l: MemoryLedger) => [...l.drafts.values()].map((d) => `${d.repId}/${d.contactId}`).sort();
    expect(drafted(w.ledger)).toEqual(drafted(twin.ledger));
    expect(drafted(w.ledger)).toHaveLength(10);
    expect(invocations.reduce((n, i) => n + i.drafted, 0)).toBe(10);
    expect(inProcess.shifted ? 0 : inProcess.digestsSent).toBe(1);
    expect(w.mailer.sent.map((m) => m.to)).toEqual(twin.mailer.sent.map((m) => m.to));
  });

  it('plans a unit delivered twice (a retry) without a second draft or digest', async () => {
    const w = await world();
    const list = await createListSlotUnitsHandler(w.runtime, w.assets)(SLOT, {} as Context);
    const planReps = createPlanRepsHandler(w.runtime, w.assets);
    const input = { campaignId: list.campaignId, dueBy: list.dueBy, unit: list.units[0]! };
    const first = await planReps(input, {} as Context);
    const again = await planReps(input, {} as Context);
    expect([first.done, first.drafted, first.digestsSent]).toEqual([true, 10, 1]);
    expect([again.done, again.drafted, again.digestsSent]).toEqual([true, 0, 0]);
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('refuses a unit that is not one, naming the fields', () => {
    const issues = (event: unknown) => {
      try {
        parsePlanRepsEvent(event);
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).issues.map((i) => i.path);
      }
    };
    expect(issues({ campaignId: 'crisis-update', dueBy: '2027-05-17T06:00:00.000Z', unit: { runAt: '2027-05-17T06:00:00.000Z', writer: 'rep-uk' } })).toEqual([]);
    expect(issues({ campaignId: '../x', dueBy: 'tomorrow', unit: { runAt: 5, writer: 'a b', reps: [], cursors: { 'rep-uk': 7 } } })).toEqual([
      'campaignId',
      'dueBy',
      'unit.runAt',
      'unit.writer',
      'unit.reps',
      'unit.cursors',
    ]);
    expect(issues([])).toEqual(['(event)']);
  });

  it('refuses a list of units a Step Functions state cannot hold, saying what to do', () => {
    const units = Array.from({ length: 5_000 }, (_, i) => ({ runAt: '2027-05-17T06:00:00.000Z', writer: `rep-${String(i).padStart(5, '0')}` }));
    expect(() => checkedSlotUnits({ campaignId: 'crisis-update', dueBy: '2027-05-17T06:00:00.000Z', runIds: ['r'], units, deferredReps: 0 })).toThrow(/5000 units take \d+ bytes.*split the campaign/);
    // 2,000 writers fit
    const fits = { campaignId: 'crisis-update', dueBy: '2027-05-17T06:00:00.000Z', runIds: ['r'], units: units.slice(0, 2_000), deferredReps: 0 };
    expect(checkedSlotUnits(fits)).toBe(fits);
  });
});
