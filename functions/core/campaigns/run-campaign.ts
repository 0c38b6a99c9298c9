// One campaign slot end to end, in this process: plan the drafts, then mail each writer the digest of this run (with
// the short list of their silent customers), unit by unit as campaigns/slot.ts cuts the slot. The local scheduler,
// `presence campaign run` and the tests call it; in AWS the same units travel on the slot queue.
import type { PresenceConfig } from '../config';
import type { NotifyRepsDeps, NotifyRepsResult } from '../approval/notify-reps';
import type { MailRenderer } from '../approval/mail-renderer';
import type { SilentCustomersDeps } from '../coverage/silent-customers';
import type { Clock, DeferralStore, Logger, Mailer } from '../ports';
import type { TemplateLibrary } from '../render/template-library';
import type { PlanCampaignDeps, PlanResult } from '../plan-campaign';
import { emptyPlan, enumerateSlot, mergePlans, runSlotWork } from './slot';
import type { Campaign } from './campaign-schema';
import type { HolidayMove } from '../calendar/holiday-runs';
import { wallClockOf } from '../local-day';

export interface RunCampaignDeps {
  /** What planning, the digests and their silent-customer lists use. */
  ledger: PlanCampaignDeps['ledger'] & NotifyRepsDeps['ledger'] & SilentCustomersDeps['ledger'];
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  config: Pick<PresenceConfig, 'publicBaseUrl' | 'senderAddress' | 'linkTtlHours' | 'homeCountry'>;
  templates: TemplateLibrary;
  mails: MailRenderer;
}

export interface RunCampaignResult {
  plan: PlanResult;
  digests: NotifyRepsResult['digests'];
  digestsSent: number;
}

/** Units of a slot planned at the same time in-process: their reads hide behind each other's draft writes. */
const UNIT_CONCURRENCY = 8;

/**
 * The whole slot in this process: the same units the slot queue carries in AWS (campaigns/slot.ts), planned a few at
 * a time, continuations included, and their results added up. `presence campaign run`, the local scheduler and tests
 * use it; in AWS plan-campaign enqueues the units instead.
 */
export async function runCampaign(
  deps: RunCampaignDeps,
  input: { campaign: Campaign; runAt: Date; dueBy?: Date; reps?: readonly string[]; notify?: boolean; moveOffHolidays?: HolidayMove },
): Promise<RunCampaignResult> {
  const slot = await enumerateSlot(deps, {
    campaign: input.campaign,
    runAt: input.runAt,
    ...(input.dueBy ? { dueBy: input.dueBy } : {}),
    ...(input.reps ? { reps: input.reps } : {}),
    ...(input.moveOffHolidays ? { moveOffHolidays: input.moveOffHolidays } : {}),
  });
  const plan = emptyPlan(slot.runId, slot.dueBy);
  if (slot.deferredReps) plan.deferredReps = slot.deferredReps;
  if (slot.paused) return { plan: { ...plan, paused: true }, digests: [], digestsSent: 0 };
  const digests: NotifyRepsResult['digests'] = [];
  const queue = [...slot.works];
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let work = queue.shift(); work && !failure; work = queue.shift()) {
      try {
        const done = await runSlotWork(deps, { campaign: input.campaign, work, ...(input.notify === false ? { notify: false } : {}) });
        mergePlans(plan, done.plan);
        digests.push(...done.digests);
        if (done.continuation) queue.push(done.continuation);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(UNIT_CONCURRENCY, queue.length) }, worker));
  if (failure) throw failure.error;
  // "when the next contact falls due" only means something when no contact was due at all
  if (plan.considered > 0) delete plan.nextDueAt;
  digests.sort((a, b) => a.repId.localeCompare(b.repId));
  return { plan, digests, digestsSent: digests.filter((d) => d.outcome === 'sent').length };
}

/**
 * The daily shifted run (calendar/holiday-runs.ts): the reps whose part of an earlier slot moved off a public holiday
 * to today (in the campaign's time zone) are planned now, under that slot's run id, and get their digest.
 */
export async function runShiftedSlots(
  deps: RunCampaignDeps & { ledger: Pick<DeferralStore, 'listDeferredRuns'> },
  input: { campaign: Campaign; at: Date },
): Promise<RunCampaignResult[]> {
  const results: RunCampaignResult[] = [];
  for (const run of await shiftedRunsOn(deps, input)) results.push(await runCampaign(deps, { campaign: input.campaign, runAt: run.runAt, dueBy: input.at, reps: run.reps }));
  return results;
}

/** The earlier slots with reps moved to today (in the campaign's time zone), and those reps. */
export async function shiftedRunsOn(
  deps: { ledger: Pick<DeferralStore, 'listDeferredRuns'> },
  input: { campaign: Campaign; at: Date },
): Promise<Array<{ runAt: Date; reps: string[] }>> {
  const today = wallClockOf(input.at, input.campaign.schedule.timeZone).day;
  return (await deps.ledger.listDeferredRuns(input.campaign.id))
    .map((run) => ({ runAt: new Date(run.runAt), reps: run.reps.filter((r) => r.on === today).map((r) => r.repId) }))
    .filter((run) => run.reps.length > 0);
}
