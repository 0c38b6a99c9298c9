// Handler of a campaign slot. EventBridge Scheduler invokes it with `{ campaignId, scheduledTime }`
// (scheduledTime: <aws.scheduler.scheduled-time>), so a duplicate or retried event addresses the same run.
// The local scheduler of `presence up` calls the same handler with the same event.
// The slot runs as units, one per writer (core/campaigns/slot.ts). Locally (createPlanCampaignHandler) this invocation
// plans them a few at a time; in AWS (createListSlotUnitsHandler) it only lists them for the campaign-slot state
// machine, whose Distributed Map hands each to plan-reps.
import middy from '@middy/core';
import type { CampaignAssets } from '../adapters/templates/campaign-assets';
import type { MailRenderer } from '../core/approval/mail-renderer';
import { runCampaign, runShiftedSlots, shiftedRunsOn, type RunCampaignResult } from '../core/campaigns/run-campaign';
import { enumerateSlot } from '../core/campaigns/slot';
import type { Campaign } from '../core/campaigns/campaign-schema';
import type { HolidayMove } from '../core/calendar/holiday-runs';
import { ValidationError } from '../core/errors';
import { ID_RULE, isId } from '../core/domain';
import type { TemplateLibrary } from '../core/render/template-library';
import type { PresenceDeps } from '../core/deps';
import { checkedSlotUnits, unitOnTheWire, type SlotUnits } from './slot-units';

export interface ScheduleEvent {
  campaignId: string;
  /** ISO time with offset (Z or ±hh:mm), as <aws.scheduler.scheduled-time> gives it. */
  scheduledTime: string;
  /**
   * The daily shifted-run schedule: plan the reps whose part of an earlier slot moved off a public holiday to today
   * (core/calendar/holiday-runs.ts), instead of a slot of the campaign's own schedule.
   */
  shifted?: boolean;
}

/** An ISO date-time with seconds and an offset, e.g. 2026-01-05T07:00:00Z or 2026-01-05T08:00:00.000+01:00 (RFC 3339). */
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function isIsoTimeWithOffset(value: string): boolean {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m) return false;
  // a real calendar day: 2026-02-30 matches the pattern but is no date
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Validates the event before anything runs; a bad event is a configuration error, not worth a retry storm.
 * Checked by hand rather than with a schema library: the event has two fields, and the planner's bundle stays small.
 */
export function parseScheduleEvent(event: unknown): ScheduleEvent {
  const issues: Array<{ path: string; message: string }> = [];
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    issues.push({ path: '(event)', message: 'expected an object' });
  } else {
    const { campaignId, scheduledTime, shifted } = event as Record<string, unknown>;
    if (shifted !== undefined && typeof shifted !== 'boolean') issues.push({ path: 'shifted', message: 'expected true or false' });
    if (typeof campaignId !== 'string') issues.push({ path: 'campaignId', message: 'expected a string' });
    else if (!isId(campaignId)) issues.push({ path: 'campaignId', message: ID_RULE });
    if (typeof scheduledTime !== 'string') issues.push({ path: 'scheduledTime', message: 'expected a string' });
    else if (!isIsoTimeWithOffset(scheduledTime)) {
      issues.push({ path: 'scheduledTime', message: 'expected an ISO time with offset, e.g. 2026-01-05T07:00:00Z' });
    }
    if (issues.length === 0) return { campaignId: campaignId as string, scheduledTime: scheduledTime as string, ...(shifted === true ? { shifted: true } : {}) };
  }
  throw new ValidationError('the schedule event must be { campaignId, scheduledTime }', issues);
}

/** secrets: the reps' logging addresses in the digest footer, with config.receivingDomain. */
type PlanRuntime = Pick<PresenceDeps, 'ledger' | 'mailer' | 'clock' | 'logger' | 'config'> & Partial<Pick<PresenceDeps, 'secrets' | 'holidays'>>;

/** A slot of the campaign's schedule, or the daily shifted run with the slots it caught up. */
export type SlotResult = (RunCampaignResult & { shifted?: undefined }) | { shifted: RunCampaignResult[] };

/**
 * @param assets where campaigns and templates come from: the YAML and .hbs files, compiled, locally (`presence up`);
 *   the build-time manifest and precompiled templates in the Lambda bundle
 */
export function createPlanCampaignHandler(runtime: PlanRuntime, assets: CampaignAssets) {
  // templates are loaded once per container and reused by every slot
  let loaded: Promise<{ templates: TemplateLibrary; mails: MailRenderer }> | undefined;
  const load = () => (loaded ??= Promise.all([assets.loadTemplateLibrary(), assets.loadMailRenderer()]).then(([templates, mails]) => ({ templates, mails })));
  return middy<unknown, SlotResult>().handler(async (event) => {
    const { campaignId, scheduledTime, shifted } = parseScheduleEvent(event);
    const [campaign, { templates, mails }] = await Promise.all([assets.loadCampaign(campaignId), load()]);
    const deps = { ...runtime, templates, mails };
    if (shifted) {
      const runs = await runShiftedSlots(deps, { campaign, at: new Date(scheduledTime) });
      runtime.logger.info('shifted runs done', { campaignId, runs: runs.map((r) => ({ runId: r.plan.runId, drafted: r.plan.drafted, digestsSent: r.digestsSent })) });
      return { shifted: runs };
    }
    // a slot on a public holiday where a rep works moves to that rep's next business day (without a calendar: nobody moves)
    const moveOffHolidays = holidayMoveOf(runtime, campaign);
    const result = await runCampaign(deps, { campaign, runAt: new Date(scheduledTime), ...(moveOffHolidays ? { moveOffHolidays } : {}) });
    runtime.logger.info('campaign slot done', {
      runId: result.plan.runId,
      drafted: result.plan.drafted,
      needsFix: result.plan.needsFix,
      skipped: result.plan.skipped,
      deferredReps: result.plan.deferredReps?.length ?? 0,
      digestsSent: result.digestsSent,
    });
    return result;
  });
}

/** How a scheduled slot moves reps off their public holidays; without a calendar nobody moves. */
function holidayMoveOf(runtime: Pick<PresenceDeps, 'config'> & Partial<Pick<PresenceDeps, 'holidays'>>, campaign: Campaign): HolidayMove | undefined {
  return runtime.holidays ? { holidays: runtime.holidays, homeCountry: runtime.config.homeCountry, timeZone: campaign.schedule.timeZone } : undefined;
}

type ListRuntime = Pick<PresenceDeps, 'ledger' | 'clock' | 'logger' | 'config'> & Partial<Pick<PresenceDeps, 'holidays'>>;

/**
 * The first step of the campaign-slot state machine: the units of the slot (or of the day's shifted runs), and the
 * reps whose part moved off a public holiday written down. Reads the reps, never their contacts; plans nothing.
 */
export function createListSlotUnitsHandler(runtime: ListRuntime, assets: Pick<CampaignAssets, 'loadCampaign'>) {
  return middy<unknown, SlotUnits>().handler(async (event) => {
    const { campaignId, scheduledTime, shifted } = parseScheduleEvent(event);
    const campaign = await assets.loadCampaign(campaignId);
    const at = new Date(scheduledTime);
    const list: SlotUnits = { campaignId, dueBy: at.toISOString(), runIds: [], units: [], deferredReps: 0 };
    const slots = shifted
      ? (await shiftedRunsOn(runtime, { campaign, at })).map((run) => ({ runAt: run.runAt, reps: run.reps }))
      : [{ runAt: at, reps: undefined }];
    const moveOffHolidays = shifted ? undefined : holidayMoveOf(runtime, campaign);
    for (const slot of slots) {
      const cut = await enumerateSlot(runtime, {
        campaign,
        runAt: slot.runAt,
        dueBy: at,
        ...(slot.reps ? { reps: slot.reps } : {}),
        ...(moveOffHolidays ? { moveOffHolidays } : {}),
      });
      if (cut.paused) list.paused = true;
      list.runIds.push(cut.runId);
      list.deferredReps += cut.deferredReps?.length ?? 0;
      list.units.push(...cut.works.map(unitOnTheWire));
    }
    runtime.logger.info('campaign slot listed', { campaignId, runIds: list.runIds, units: list.units.length, deferredReps: list.deferredReps, ...(list.paused ? { paused: true } : {}) });
    return checkedSlotUnits(list);
  });
}
