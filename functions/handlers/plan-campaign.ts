// Lambda entry of a campaign slot. EventBridge Scheduler invokes it with `{ campaignId, scheduledTime }`
// (scheduledTime: <aws.scheduler.scheduled-time>), so a duplicate or retried event addresses the same run.
// The local scheduler of `presence up` calls the same handler with the same event.
import middy from '@middy/core';
import * as z from 'zod';
import { FileAssets } from '../adapters/templates/file-assets';
import { createMailRenderer, mailTemplateSourcesFrom, type MailRenderer } from '../core/approval/mail-renderer';
import { runCampaign, type RunCampaignResult } from '../core/campaigns/run-campaign';
import { ValidationError } from '../core/errors';
import { idSchema } from '../core/model';
import type { TemplateLibrary } from '../core/render/template-library';
import type { Runtime } from '../cli/runtime';
import { cloudAssetsDir, cloudConfig, cloudLogger, systemClock } from './cloud-runtime';
import { cloudLedger } from './cloud/ledger';
import { cloudMailer } from './cloud/mailer';

export const scheduleEventSchema = z.object({
  campaignId: idSchema,
  scheduledTime: z.iso.datetime({ offset: true }),
});
export type ScheduleEvent = z.infer<typeof scheduleEventSchema>;

type PlanRuntime = Pick<Runtime, 'ledger' | 'mailer' | 'clock' | 'logger' | 'config' | 'assetsDir'>;

/** Validates the event before anything runs; a bad event is a configuration error, not worth a retry storm. */
function parseEvent(event: unknown): ScheduleEvent {
  const parsed = scheduleEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError(
      'the schedule event must be { campaignId, scheduledTime }',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(event)', message: i.message })),
    );
  }
  return parsed.data;
}

export function createPlanCampaignHandler(runtime: PlanRuntime) {
  const assets = new FileAssets(runtime.assetsDir);
  // templates are compiled once per container and reused by every slot
  let loaded: Promise<{ templates: TemplateLibrary; mails: MailRenderer }> | undefined;
  const load = () =>
    (loaded ??= assets.loadTemplateFiles().then(async (files) => ({
      templates: await assets.loadTemplateLibrary(),
      mails: createMailRenderer(mailTemplateSourcesFrom(files)),
    })));
  return middy<unknown, RunCampaignResult>().handler(async (event) => {
    const { campaignId, scheduledTime } = parseEvent(event);
    const [campaign, { templates, mails }] = await Promise.all([assets.loadCampaign(campaignId), load()]);
    const result = await runCampaign({ ...runtime, templates, mails }, { campaign, runAt: new Date(scheduledTime) });
    runtime.logger.info('campaign slot done', {
      runId: result.plan.runId,
      drafted: result.plan.drafted,
      needsFix: result.plan.needsFix,
      skipped: result.plan.skipped,
      digestsSent: result.digestsSent,
    });
    return result;
  });
}

let built: ReturnType<typeof createPlanCampaignHandler> | undefined;

export const handler = async (event: unknown, context: import('aws-lambda').Context): Promise<RunCampaignResult> => {
  // the table and SES (the reps' digests)
  built ??= createPlanCampaignHandler({ ledger: cloudLedger(), mailer: cloudMailer(), clock: systemClock, logger: cloudLogger(), config: cloudConfig(), assetsDir: cloudAssetsDir() });
  return built(event, context);
};
