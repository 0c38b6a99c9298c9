// Handler of one unit of a campaign slot (core/campaigns/slot.ts): plan the unit's reps page by page, then mail the
// writer's digest. In AWS the campaign-slot state machine invokes it once per unit (a Distributed Map over the units
// plan-campaign listed), and again with the continuation it returns while `done` is false (infra/stateless-stack.ts).
// Its output has the shape of its input, so the state machine's loop is a single Choice.
import middy from '@middy/core';
import type { CampaignAssets } from '../adapters/templates/campaign-assets';
import type { MailRenderer } from '../core/approval/mail-renderer';
import type { RunCampaignDeps } from '../core/campaigns/run-campaign';
import { runSlotWork } from '../core/campaigns/slot';
import { ID_RULE, isId } from '../core/domain';
import { ValidationError } from '../core/errors';
import type { PresenceDeps } from '../core/deps';
import type { TemplateLibrary } from '../core/render/template-library';
import { slotWorkOf, unitOnTheWire, type PlanRepsEvent, type PlanRepsResult } from './slot-units';

export type { PlanRepsEvent, PlanRepsResult };

/** Time kept back from the function's limit for the last page's writes and the digest. */
export const DIGEST_RESERVE_MS = 3 * 60_000;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
/** A cursor is the ledger's own opaque page token; bounded so a hostile input cannot grow the state. */
const CURSOR_MAX = 2_000;
const REPS_MAX = 500;

/** Checks the input by hand (the worker's bundle carries no schema library); a bad unit is a bug, not a retry case. */
export function parsePlanRepsEvent(event: unknown): PlanRepsEvent {
  const issues: Array<{ path: string; message: string }> = [];
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const idList = (v: unknown, path: string, optional: boolean) => {
    if (v === undefined && optional) return;
    if (!Array.isArray(v) || v.length === 0 || v.length > REPS_MAX || !v.every((x) => typeof x === 'string' && isId(x))) {
      issues.push({ path, message: `expected 1 to ${REPS_MAX} rep ids (${ID_RULE})` });
    }
  };
  if (!isObject(event)) throw new ValidationError('a slot unit must be { campaignId, dueBy, unit }', [{ path: '(event)', message: 'expected an object' }]);
  const { campaignId, dueBy, unit } = event;
  if (typeof campaignId !== 'string' || !isId(campaignId)) issues.push({ path: 'campaignId', message: ID_RULE });
  if (typeof dueBy !== 'string' || !ISO_UTC.test(dueBy) || Number.isNaN(Date.parse(dueBy))) issues.push({ path: 'dueBy', message: 'expected an ISO time in UTC' });
  if (!isObject(unit)) issues.push({ path: 'unit', message: 'expected an object' });
  else {
    if (typeof unit.runAt !== 'string' || !ISO_UTC.test(unit.runAt) || Number.isNaN(Date.parse(unit.runAt))) issues.push({ path: 'unit.runAt', message: 'expected an ISO time in UTC' });
    if (typeof unit.writer !== 'string' || !isId(unit.writer)) issues.push({ path: 'unit.writer', message: ID_RULE });
    idList(unit.reps, 'unit.reps', true);
    idList(unit.remaining, 'unit.remaining', true);
    if (unit.cursors !== undefined) {
      const ok = isObject(unit.cursors) && Object.entries(unit.cursors).every(([k, v]) => isId(k) && typeof v === 'string' && v.length > 0 && v.length <= CURSOR_MAX);
      if (!ok) issues.push({ path: 'unit.cursors', message: 'expected rep ids mapped to page cursors' });
    }
  }
  if (issues.length > 0) throw new ValidationError('a slot unit must be { campaignId, dueBy, unit: { runAt, writer, reps?, remaining?, cursors? } }', issues);
  return event as unknown as PlanRepsEvent;
}

/** The ledger is the stores a unit's planning and digest use, so the AWS entry can give it only those (aws/compose.ts). */
type PlanRepsRuntime = Pick<PresenceDeps, 'mailer' | 'clock' | 'logger' | 'config'> & Partial<Pick<PresenceDeps, 'secrets'>> & { ledger: RunCampaignDeps['ledger'] };

/** `context.getRemainingTimeInMillis()` as Lambda gives it; without it (tests, locally) the unit plans to the end. */
interface TimeLeft {
  getRemainingTimeInMillis?: () => number;
}

export function createPlanRepsHandler(runtime: PlanRepsRuntime, assets: Pick<CampaignAssets, 'loadCampaign' | 'loadTemplateLibrary' | 'loadMailRenderer'>) {
  let loaded: Promise<{ templates: TemplateLibrary; mails: MailRenderer }> | undefined;
  const load = () => (loaded ??= Promise.all([assets.loadTemplateLibrary(), assets.loadMailRenderer()]).then(([templates, mails]) => ({ templates, mails })));
  return middy<unknown, PlanRepsResult>().handler(async (raw, context: TimeLeft) => {
    const event = parsePlanRepsEvent(raw);
    const [campaign, { templates, mails }] = await Promise.all([assets.loadCampaign(event.campaignId), load()]);
    const left = context?.getRemainingTimeInMillis?.();
    const stopAt = left === undefined ? undefined : new Date(runtime.clock.now().getTime() + Math.max(0, left - DIGEST_RESERVE_MS));
    const done = await runSlotWork({ ...runtime, templates, mails }, { campaign, work: slotWorkOf(event), ...(stopAt ? { stopAt } : {}) });
    const result: PlanRepsResult = {
      campaignId: event.campaignId,
      dueBy: event.dueBy,
      unit: done.continuation ? unitOnTheWire(done.continuation) : event.unit,
      done: !done.continuation,
      drafted: done.plan.drafted,
      needsFix: done.plan.needsFix,
      digestsSent: done.digests.filter((d) => d.outcome === 'sent').length,
    };
    // ids and counts only: no contact data
    runtime.logger.info(result.done ? 'slot unit done' : 'slot unit handed on', { campaignId: event.campaignId, runAt: event.unit.runAt, writer: event.unit.writer, drafted: result.drafted, digestsSent: result.digestsSent });
    return result;
  });
}
