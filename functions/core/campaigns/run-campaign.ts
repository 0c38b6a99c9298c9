// One campaign slot end to end: plan the drafts, then mail each rep the digest of this run (with the short list
// of their silent customers). The plan-campaign Lambda, the local scheduler and `presence campaign run` all call
// this, so a slot does the same work everywhere.
import type { PresenceConfig } from '../config';
import { notifyReps, type NotifyRepsDeps, type NotifyRepsResult } from '../approval/notify-reps';
import type { MailRenderer } from '../approval/mail-renderer';
import { silentCustomersOf, type SilentCustomersDeps } from '../coverage/silent-customers';
import type { Clock, DeferralStore, Logger, Mailer } from '../ports';
import type { TemplateLibrary } from '../render/template-library';
import { planCampaign, type PlanCampaignDeps, type PlanResult } from '../plan-campaign';
import type { Campaign } from './campaign-schema';
import type { HolidayMove } from '../calendar/holiday-runs';
import { wallClockOf } from '../local-day';

export interface RunCampaignDeps {
  /** What planning, the digests and their silent-customer lists use. */
  ledger: PlanCampaignDeps['ledger'] & NotifyRepsDeps['ledger'] & SilentCustomersDeps['ledger'];
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  config: Pick<PresenceConfig, 'publicBaseUrl' | 'senderAddress' | 'linkTtlHours'>;
  templates: TemplateLibrary;
  mails: MailRenderer;
}

export interface RunCampaignResult {
  plan: PlanResult;
  digests: NotifyRepsResult['digests'];
  digestsSent: number;
}

/** How many silent customers a digest names. */
const SILENT_IN_DIGEST = 5;

export async function runCampaign(
  deps: RunCampaignDeps,
  input: { campaign: Campaign; runAt: Date; dueBy?: Date; reps?: readonly string[]; notify?: boolean; moveOffHolidays?: HolidayMove },
): Promise<RunCampaignResult> {
  const plan = await planCampaign(deps, {
    campaign: input.campaign,
    runAt: input.runAt,
    ...(input.dueBy ? { dueBy: input.dueBy } : {}),
    ...(input.reps ? { reps: input.reps } : {}),
    ...(input.moveOffHolidays ? { moveOffHolidays: input.moveOffHolidays } : {}),
  });
  if (input.notify === false || plan.paused) return { plan, digests: [], digestsSent: 0 };
  const notified = await notifyReps(deps, {
    runId: plan.runId,
    campaignName: input.campaign.name,
    ...(input.campaign.drafts.linkValidForHours ? { linkTtlHours: input.campaign.drafts.linkValidForHours } : {}),
    silentCustomers: async (repId) =>
      (await silentCustomersOf(deps, repId, SILENT_IN_DIGEST)).map((s) => ({
        contactId: s.contactId,
        name: s.name,
        company: s.company,
        silentDays: s.silentDays,
        ...(s.lastTouchAt ? { lastTouchAt: s.lastTouchAt } : {}),
      })),
  });
  return { plan, digests: notified.digests, digestsSent: notified.digests.filter((d) => d.outcome === 'sent').length };
}

/**
 * The daily shifted run (calendar/holiday-runs.ts): the reps whose part of an earlier slot moved off a public holiday
 * to today (in the campaign's time zone) are planned now, under that slot's run id, and get their digest.
 */
export async function runShiftedSlots(
  deps: RunCampaignDeps & { ledger: Pick<DeferralStore, 'listDeferredRuns'> },
  input: { campaign: Campaign; at: Date },
): Promise<RunCampaignResult[]> {
  const today = wallClockOf(input.at, input.campaign.schedule.timeZone).day;
  const results: RunCampaignResult[] = [];
  for (const run of await deps.ledger.listDeferredRuns(input.campaign.id)) {
    const reps = run.reps.filter((r) => r.on === today).map((r) => r.repId);
    if (reps.length === 0) continue;
    results.push(await runCampaign(deps, { campaign: input.campaign, runAt: new Date(run.runAt), dueBy: input.at, reps }));
  }
  return results;
}
