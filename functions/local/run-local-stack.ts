// `presence up`: starts every local part, loads the samples into an empty ledger, prints where everything is,
// and stops it all on Ctrl-C.
import { join } from 'node:path';
import { dashboardScriptFrom } from '../adapters/fs/dashboard-script';
import { FileAssets } from '../adapters/templates/file-assets';
import { importCsvFile } from '../adapters/csv/import-csv-file';
import { dashboardRoute, DASHBOARD_PATH } from '../web/coverage/dashboard-route';
import { InProcessApprovalSink } from './in-process-approval-sink';
import { createUnsubscribeHandler } from '../handlers/unsubscribe';
import { createPlanCampaignHandler } from '../handlers/plan-campaign';
import type { Context } from 'aws-lambda';
import { startApprovalServer, type HttpLambdaHandler } from './http-adapter';
import { buildLocalRuntime, consoleLogger, PROJECT_ROOT } from './local-runtime';
import { startLocalScheduler, type LocalScheduler } from './local-scheduler';
import { startLocalStack } from './local-stack';
import { SES_MAILS_FILE, startSesMailKeeper } from './ses-mail-keeper';
import { receiveLocalMail } from './receive-local-mail';
import { startSmtpReceiver } from './smtp-receiver';
import { MAX_INBOUND_MAIL_BYTES } from '../core/inbound/inbound-mail';
import { requeueApproved } from '../core/sending/requeue-approved';
import { shiftedRunSchedule } from '../core/calendar/holiday-runs';

export interface RunLocalStackOptions {
  dataDir: string;
  inMemory: boolean;
  samples: boolean;
  scheduler: boolean;
  dynamodbPort: number;
  sesPort: number;
  sitePort: number;
  /** The local SMTP receiver (replies, auto-replies, the reps' BCC); 0 turns it off. */
  smtpPort: number;
  receivingDomain: string;
}

/** How often `presence up` hands waiting approved mails on (AWS: the sweep schedule). */
const LOCAL_SWEEP_MS = 60_000;
/** The local scheduler's name for a campaign's daily shifted run. */
const SHIFTED = '~shifted';

export async function runLocalStack(opts: RunLocalStackOptions): Promise<void> {
  const log = (line: string) => process.stdout.write(line + '\n');
  log(`presence: starting the local stack in ${opts.dataDir}${opts.inMemory ? ' (in memory)' : ''} ...`);
  const stack = await startLocalStack({ ...opts, smtpPort: opts.smtpPort || undefined });
  const stops: Array<() => Promise<void>> = [stack.stop];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // The mail viewer's mails outlive a restart as the ledger does (with --in-memory neither does).
    const sesMails = opts.inMemory ? undefined : join(opts.dataDir, SES_MAILS_FILE);
    if (sesMails) {
      const keeper = await startSesMailKeeper({ endpoint: stack.info.sesEndpoint, file: sesMails, logger: consoleLogger });
      stops.push(keeper.stop);
      if (keeper.restored) log(`presence: put ${keeper.restored} kept mail(s) back into the mail viewer`);
    }
    const runtime = buildLocalRuntime(opts.dataDir, stack.info, consoleLogger);
    stops.push(runtime.close);

    if (stack.createdTable && opts.samples) {
      const reps = await importCsvFile(runtime, 'reps', join(PROJECT_ROOT, 'samples', 'reps.csv'));
      const contacts = await importCsvFile(runtime, 'contacts', join(PROJECT_ROOT, 'samples', 'contacts.csv'));
      log(`presence: loaded the samples: ${reps.created} reps, ${contacts.created} contacts (start with --no-samples for an empty ledger)`);
    }

    // Local mode sends right after approval, in this process, at the configured rate.
    const sink = new InProcessApprovalSink(runtime, (s) => log(`presence: sent ${s.sent} approved mail(s)${s.failed ? `, ${s.failed} failed` : ''}`));
    const dashboard = dashboardRoute({ ...runtime, dashboardScript: dashboardScriptFrom(runtime.assetsDir) }, { requireToken: false });
    const unsubscribe = createUnsubscribeHandler(runtime) as unknown as HttpLambdaHandler;
    const dashboardHandler: HttpLambdaHandler = async (event) => {
      const res = await dashboard({ method: event.requestContext.http.method, url: `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}` });
      return { statusCode: res.status, headers: res.headers, body: res.body };
    };
    const site = await startApprovalServer({
      port: opts.sitePort,
      runtime,
      approvalSink: sink,
      mounts: [
        { prefix: DASHBOARD_PATH, handler: dashboardHandler },
        { prefix: '/u/', handler: unsubscribe },
      ],
    });
    stops.push(site.stop, () => sink.stop());

    // The sweep, as the scheduled sweep-claims function runs it in AWS (its requeue half): approved mails that
    // waited for their send window, a pause or the quota are handed to the sender again once a minute.
    const sweep = setInterval(() => {
      requeueApproved({ ...runtime, sink }, { olderThanMinutes: 1 }).catch((error: unknown) =>
        consoleLogger.warn('sweep: approved drafts could not be queued again', { error: error instanceof Error ? error.name : 'unknown' }),
      );
    }, LOCAL_SWEEP_MS);
    sweep.unref();
    stops.push(async () => clearInterval(sweep));

    // SES receiving + S3 + receive-mail, locally: each mail is written under the data directory, then handed to the
    // same use case. Loopback only; the machine's own clients count as authenticated (there is no SPF/DKIM here).
    let smtp: { port: number } | undefined;
    if (opts.smtpPort) {
      const receiver = await startSmtpReceiver({
        port: opts.smtpPort,
        dir: join(opts.dataDir, 'inbound'),
        maxBytes: MAX_INBOUND_MAIL_BYTES,
        domains: [opts.receivingDomain],
        onMail: async (mail) => {
          const outcome = await receiveLocalMail(runtime, mail.raw, mail.recipients);
          log(`presence: received a mail: ${outcome}`);
        },
        logger: consoleLogger,
      });
      stops.push(receiver.close);
      smtp = receiver;
    }

    let scheduler: LocalScheduler | undefined;
    const assets = new FileAssets(runtime.assetsDir);
    const campaigns = await Promise.all((await assets.listCampaignIds()).map((id) => assets.loadCampaign(id)));
    if (opts.scheduler) {
      const planSlot = createPlanCampaignHandler(runtime, assets);
      scheduler = startLocalScheduler({
        dataDir: opts.dataDir,
        // each campaign's schedule, and its daily shifted run for the reps whose slot fell on a public holiday
        campaigns: campaigns.flatMap((c) => {
          const shifted = shiftedRunSchedule(c.schedule);
          return [{ id: c.id, schedule: c.schedule }, ...(shifted ? [{ id: `${c.id}${SHIFTED}`, schedule: shifted }] : [])];
        }),
        logger: consoleLogger,
        fire: async (id, at) => {
          // the same handler and events as EventBridge Scheduler -> Lambda in AWS
          const shifted = id.endsWith(SHIFTED);
          const campaignId = shifted ? id.slice(0, -SHIFTED.length) : id;
          const result = await planSlot({ campaignId, scheduledTime: at.toISOString(), ...(shifted ? { shifted: true } : {}) }, {} as Context);
          for (const r of result.shifted ?? [result]) {
            log(`presence: ${shifted ? 'shifted' : 'scheduled'} run ${r.plan.runId}: ${r.plan.drafted} drafted, ${r.plan.needsFix} need a fix; ${r.digestsSent} digest(s) mailed`);
          }
          const moved = result.shifted ? [] : (result.plan.deferredReps ?? []);
          if (moved.length) log(`presence: moved off a public holiday: ${moved.map((d) => `${d.repId} to ${d.on}`).join(', ')}`);
        },
      });
      stops.push(scheduler.stop);
    }

    log('');
    log(`  DynamoDB Local     ${stack.info.dynamodbEndpoint}   table ${stack.info.tableName}${opts.inMemory ? ' (in memory)' : ` (data in ${join(opts.dataDir, 'dynamodb')})`}`);
    log(`  SES v2 local       ${stack.info.sesEndpoint}   mail viewer: open it in a browser to read the reps' digests${sesMails ? ` (kept in ${sesMails})` : ''}`);
    log(`  approval site      ${site.url}`);
    log(`  dashboard          ${site.url}${DASHBOARD_PATH}`);
    log(`  SMTP receiver      ${smtp ? `smtp://127.0.0.1:${smtp.port}   replies to *@${opts.receivingDomain} (mails kept in ${join(opts.dataDir, 'inbound')})` : 'off (--smtp-port 0)'}`);
    log(
      `  scheduler          ${opts.scheduler ? campaigns.map((c) => `${c.id}: ${c.schedule.expression} ${c.schedule.timeZone}`).join('; ') || 'no campaigns' : 'off (--no-scheduler)'}`,
    );
    log('');
    log('In another terminal: npx presence contacts list --due   |   npx presence campaign run crisis-update');
    log('Ctrl-C stops everything.');

    await new Promise<void>((resolve) => {
      const done = () => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    log('\npresence: stopping ...');
  } finally {
    await stopAll();
  }
  log('presence: stopped.');
}
