// A campaign slot, cut into units. The slot itself only finds the campaign's reps and cuts the work into units, one
// per writer: the rep, or the deputy who stands in for reps away (their digest holds both). Each unit is planned on
// its own, page by page, and ends with that writer's digest, read from the unit's reps' own index keys. A unit given a
// stop time hands on a continuation instead of running past it. (Today every unit runs in the invocation that cut
// the slot, campaigns/run-campaign.ts; a queue of units with its own workers in AWS is the next step.)
//
// Everything is idempotent per run, as before: a unit planned twice writes no draft twice (the planner skips
// contacts with a draft of the run) and mails no second digest (the digest marker of run and writer).
import type { Campaign } from './campaign-schema';
import { campaignNameIn } from './campaign-name';
import type { HolidayMove } from '../calendar/holiday-runs';
import { notifyReps, type NotifyRepsResult } from '../approval/notify-reps';
import { silentCustomersOf } from '../coverage/silent-customers';
import { runIdOf } from '../ids';
import type { Rep } from '../model';
import type { Clock, Ledger, Logger } from '../ports';
import { absenceAt } from '../reps/absence';
import { deferHolidayReps, planCampaign, type PlanResult } from '../plan-campaign';
import type { RunCampaignDeps } from './run-campaign';

/** One unit of a slot (a plain JSON value, so it can travel on a queue). */
export interface SlotWork {
  campaignId: string;
  /** The slot's scheduled time: it names the run. */
  runAt: string;
  /** Contacts due by this moment are planned. */
  dueBy: string;
  /** Whose digest the unit ends with. */
  writer: string;
  /** The reps whose customers the writer drafts: the writer (unless outside the campaign) and reps away it stands in for. */
  reps: string[];
  /** A continuation: the reps not yet planned to the end (default: all of `reps`) ... */
  remaining?: string[];
  /** ... and, for those stopped half-way, the cursor of their next page of due contacts. */
  cursors?: Record<string, string>;
}

export interface SlotPlan {
  runId: string;
  dueBy: string;
  works: SlotWork[];
  /** Reps whose part moved off a public holiday (written as a deferred run). */
  deferredReps?: Array<{ repId: string; on: string }>;
  paused?: boolean;
}

export interface SlotInput {
  campaign: Campaign;
  runAt: Date;
  dueBy?: Date;
  /** Only these reps (in addition to the campaign's own rep filter). */
  reps?: readonly string[];
  moveOffHolidays?: HolidayMove;
}

/**
 * The slot's first step: the campaign's reps, less those whose part moves off a holiday, grouped by writer. Reads the
 * reps (one index query) and nothing of their contacts.
 */
export async function enumerateSlot(
  deps: { ledger: Pick<Ledger, 'isPaused' | 'listReps'> & Partial<Pick<Ledger, 'putDeferredRun'>>; clock: Clock; logger: Logger },
  input: SlotInput,
): Promise<SlotPlan> {
  const { campaign, runAt } = input;
  const runId = runIdOf(campaign.id, runAt);
  const dueBy = (input.dueBy ?? runAt).toISOString();
  if (await deps.ledger.isPaused()) {
    deps.logger.warn('presence is paused; the campaign slot planned nothing', { campaignId: campaign.id, runId });
    return { runId, dueBy, works: [], paused: true };
  }
  const allReps = await deps.ledger.listReps();
  const repById = new Map(allReps.map((r) => [r.id, r]));
  const reps = allReps.filter((r) => (campaign.audience.reps.length === 0 || campaign.audience.reps.includes(r.id)) && (!input.reps || input.reps.includes(r.id)));
  const plan: SlotPlan = { runId, dueBy, works: [] };
  if (input.moveOffHolidays) {
    const deferred = await deferHolidayReps(deps.ledger, { campaignId: campaign.id, runAt, reps, move: input.moveOffHolidays });
    if (deferred.length > 0) plan.deferredReps = deferred;
  }
  const byWriter = new Map<string, string[]>();
  for (const rep of reps) {
    const writer = writerOf(rep, runAt, repById);
    byWriter.set(writer, [...(byWriter.get(writer) ?? []), rep.id]);
  }
  for (const [writer, ids] of [...byWriter].sort(([a], [b]) => a.localeCompare(b))) {
    plan.works.push({ campaignId: campaign.id, runAt: runAt.toISOString(), dueBy, writer, reps: ids });
  }
  return plan;
}

/** Who writes to the rep's customers in this slot: the deputy while the rep is away with one, else the rep. */
function writerOf(rep: Rep, at: Date, repById: ReadonlyMap<string, Rep>): string {
  const absence = absenceAt(rep, at, (id) => repById.get(id));
  return absence.mode === 'deputy' ? absence.deputy.id : rep.id;
}

export interface SlotWorkResult {
  plan: PlanResult;
  /** Set when the time ran out: the rest of this unit, to be queued again. No digest went out yet. */
  continuation?: SlotWork;
  digests: NotifyRepsResult['digests'];
}

/** How many silent customers a digest names. */
const SILENT_IN_DIGEST = 5;

/**
 * One unit: plan its reps (from where a continuation left them), then mail the writer's digest, reading only the
 * drafts of the unit's reps. `stopAt`: the moment a worker must hand on (its time limit less a reserve).
 */
export async function runSlotWork(
  deps: RunCampaignDeps,
  input: { campaign: Campaign; work: SlotWork; stopAt?: Date; notify?: boolean; pageSize?: number },
): Promise<SlotWorkResult> {
  const { campaign, work } = input;
  const plan = await planCampaign(deps, {
    campaign,
    runAt: new Date(work.runAt),
    dueBy: new Date(work.dueBy),
    reps: work.remaining ?? work.reps,
    ...(work.cursors ? { resume: work.cursors } : {}),
    ...(input.stopAt ? { stopAt: input.stopAt } : {}),
    ...(input.pageSize ? { pageSize: input.pageSize } : {}),
  });
  if (plan.continuation) {
    const { remaining: _r, cursors: _c, ...base } = work;
    const cursors = plan.continuation.cursors;
    return { plan, continuation: { ...base, remaining: plan.continuation.reps, ...(Object.keys(cursors).length ? { cursors } : {}) }, digests: [] };
  }
  if (input.notify === false || plan.paused) return { plan, digests: [] };
  const notified = await notifyReps(deps, {
    runId: plan.runId,
    campaignName: (language) => campaignNameIn(campaign, language),
    ...(campaign.drafts.linkValidForHours ? { linkTtlHours: campaign.drafts.linkValidForHours } : {}),
    writers: [{ writer: work.writer, reps: work.reps }],
    silentCustomers: async (repId) =>
      (await silentCustomersOf(deps, repId, SILENT_IN_DIGEST)).map((s) => ({
        contactId: s.contactId,
        name: s.name,
        company: s.company,
        silentDays: s.silentDays,
        ...(s.lastTouchAt ? { lastTouchAt: s.lastTouchAt } : {}),
      })),
  });
  return { plan, digests: notified.digests };
}

/** Adds a unit's plan into the slot's: counts summed, lists joined, the earliest next due date kept. */
export function mergePlans(into: PlanResult, part: PlanResult): PlanResult {
  into.considered += part.considered;
  into.drafted += part.drafted;
  into.needsFix += part.needsFix;
  for (const key of Object.keys(into.skipped) as Array<keyof PlanResult['skipped']>) into.skipped[key] += part.skipped[key];
  if (part.nextDueAt && (!into.nextDueAt || part.nextDueAt < into.nextDueAt)) into.nextDueAt = part.nextDueAt;
  if (part.heldReps) (into.heldReps ??= []).push(...part.heldReps);
  if (part.standIns) (into.standIns ??= []).push(...part.standIns);
  if (part.paused) into.paused = true;
  return into;
}

export function emptyPlan(runId: string, dueBy: string): PlanResult {
  return { runId, dueBy, considered: 0, drafted: 0, needsFix: 0, skipped: { suppressed: 0, notDue: 0, openDraft: 0, otherRep: 0, snoozed: 0, held: 0 } };
}
