// `presence send | pause | resume | touch | sweep | suppress | resolve`: sending and everything that keeps it
// honest, on the same use cases the Lambdas run.
import type { Command } from 'commander';
import { ValidationError } from '../../core/errors';
import { CHANNELS, type Channel } from '../../core/model';
import { recordManualTouch } from '../../core/sending/record-manual-touch';
import { resolvePossiblySent } from '../../core/sending/resolve-possibly-sent';
import { sendApproved, type SendSummary } from '../../core/sending/send-approved';
import { createSendLimiter } from '../../core/sending/send-limiter';
import { setSendingPaused } from '../../core/sending/set-paused';
import { suppressAddress } from '../../core/sending/suppress-address';
import { DEFAULT_CLAIM_TIMEOUT_MINUTES, sweepClaims } from '../../core/sending/sweep-claims';
import { printJson, printTable } from '../output';
import type { Runtime } from '../../local/runtime';

const ACTOR = 'cli';

async function withRuntime<T>(open: () => Promise<Runtime>, work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await open();
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new ValidationError(`${name} must be a positive whole number`, [{ path: name, message: `got ${value}` }]);
    return n;
  };
}

/**
 * When a touch happened: an ISO time with offset (2026-11-26T14:30:00+01:00), a local date and time
 * (2026-11-26T14:30, this machine's time zone), or a date (2026-11-26, taken as noon UTC so that it stays
 * that day in Europe and the Americas).
 */
export function parseTouchTime(value: string): string {
  let t: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) t = Date.parse(`${value}T12:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(value)) t = new Date(value.replace(' ', 'T')).getTime();
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) t = Date.parse(value);
  else t = Number.NaN;
  if (Number.isNaN(t)) {
    throw new ValidationError(`--at ${JSON.stringify(value)} is not a time`, [{ path: 'at', message: 'use 2026-11-26, 2026-11-26T14:30 or 2026-11-26T14:30:00+01:00' }]);
  }
  return new Date(t).toISOString();
}

export function registerSending(program: Command, open: () => Promise<Runtime>): void {
  program
    .command('send')
    .description('send approved email drafts now, as their reps, at or under the send rate')
    .option('--limit <n>', 'send at most this many', positiveInt('--limit'))
    .option('--json', 'print JSON')
    .action(async (opts: { limit?: number; json?: boolean }) =>
      withRuntime(open, async (rt) => {
        const limiter = await createSendLimiter(rt);
        const summary = await sendApproved({ ...rt, limiter }, { limit: opts.limit });
        if (opts.json) printJson(withoutOutcomes(summary, limiter.ratePerSecond));
        else printSendSummary(summary, limiter.ratePerSecond);
        const stopped = ledgerStopMessage(summary);
        if (stopped) {
          process.stderr.write(`presence: ${stopped}\n`);
          process.exitCode = 1;
        }
      }),
    );

  program
    .command('pause')
    .description('stop all planning and sending at once (drafts wait, approved ones stay queued)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withRuntime(open, async (rt) => {
        const { changed } = await setSendingPaused(rt, { paused: true, by: ACTOR });
        if (opts.json) return printJson({ paused: true, changed });
        process.stdout.write(changed ? 'Paused: nothing is planned or sent until `presence resume`.\n' : 'Already paused.\n');
      }),
    );

  program
    .command('resume')
    .description('restart planning and sending')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withRuntime(open, async (rt) => {
        const { changed } = await setSendingPaused(rt, { paused: false, by: ACTOR });
        const queued = await countApprovedEmails(rt);
        if (opts.json) return printJson({ paused: false, changed, queued });
        process.stdout.write(changed ? 'Resumed.\n' : 'Was not paused.\n');
        if (queued) process.stdout.write(`${queued} approved email draft${queued === 1 ? ' is' : 's are'} queued: \`presence send\` sends them now.\n`);
      }),
    );

  program
    .command('touch')
    .description('record a touch made by hand (a visit, a call, a letter, a mail from the rep’s own mailbox)')
    .argument('<contact>', 'contact id')
    .requiredOption('--channel <channel>', `one of ${CHANNELS.join(', ')}`)
    .option('--note <text>', 'what happened')
    .option('--at <time>', 'when (default: now): 2026-11-26, 2026-11-26T14:30 or an ISO time with offset', parseTouchTime)
    .option('--json', 'print JSON')
    .action(async (contactId: string, opts: { channel: string; note?: string; at?: string; json?: boolean }) =>
      withRuntime(open, async (rt) => {
        if (!(CHANNELS as readonly string[]).includes(opts.channel)) {
          throw new ValidationError(`--channel ${JSON.stringify(opts.channel)} is not a channel`, [{ path: 'channel', message: `use ${CHANNELS.join(', ')}` }]);
        }
        const result = await recordManualTouch(rt, { contactId, channel: opts.channel as Channel, at: opts.at, note: opts.note });
        if (opts.json) return printJson(result);
        process.stdout.write(
          result.recorded
            ? `Recorded: ${result.touch.channel} with ${contactId} at ${result.touch.at}.\n`
            : `Already recorded: ${result.touch.channel} with ${contactId} at ${result.touch.at}.\n`,
        );
      }),
    );

  program
    .command('sweep')
    .description('flag drafts stuck in sending as possibly_sent, for a person to check (never resends)')
    .option('--older-than <minutes>', `claims older than this (default ${DEFAULT_CLAIM_TIMEOUT_MINUTES})`, positiveInt('--older-than'))
    .option('--json', 'print JSON')
    .action(async (opts: { olderThan?: number; json?: boolean }) =>
      withRuntime(open, async (rt) => {
        const result = await sweepClaims(rt, { olderThanMinutes: opts.olderThan });
        if (opts.json) return printJson(result);
        for (const id of result.flagged) process.stdout.write(`possibly_sent  ${id}\n`);
        process.stdout.write(`${result.flagged.length} flagged, ${result.active} still being sent.\n`);
        if (result.flagged.length) process.stdout.write('Check each (SES sending log, the rep), then `presence resolve DRAFT --sent` or `--not-sent`.\n');
      }),
    );

  program
    .command('suppress')
    .description('never mail this address again (kept as a hash)')
    .argument('<email>', 'the address')
    .option('--note <text>', 'why, for the audit log')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: { note?: string; json?: boolean }) =>
      withRuntime(open, async (rt) => {
        const result = await suppressAddress(rt, { email, by: ACTOR, note: opts.note });
        if (opts.json) return printJson(result);
        process.stdout.write(result.newlySuppressed ? 'Suppressed.\n' : 'Was already suppressed.\n');
      }),
    );

  program
    .command('resolve')
    .description('settle a possibly_sent draft after checking: --sent records the touch, --not-sent queues it again')
    .argument('<draft>', 'draft id')
    .option('--sent', 'it went out')
    .option('--not-sent', 'it did not go out: approve it again for sending')
    .option('--message-id <id>', 'the SES message id, when known')
    .option('--json', 'print JSON')
    .action(async (draftId: string, opts: { sent?: boolean; notSent?: boolean; messageId?: string; json?: boolean }) =>
      withRuntime(open, async (rt) => {
        if (opts.sent === opts.notSent) throw new ValidationError('say either --sent or --not-sent', [{ path: 'resolve', message: 'exactly one of them' }]);
        const result = await resolvePossiblySent(rt, { draftId, sent: opts.sent === true, messageId: opts.messageId, by: ACTOR });
        if (opts.json) return printJson(result);
        process.stdout.write(result.status === 'sent' ? 'Recorded as sent.\n' : 'Approved again: `presence send` sends it.\n');
      }),
    );
}

async function countApprovedEmails(rt: Runtime): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await rt.ledger.listDrafts({ status: 'approved', kind: 'email', cursor, limit: 500 });
    n += page.items.filter((d) => d.kind === 'email').length;
    cursor = page.cursor;
  } while (cursor);
  return n;
}

function withoutOutcomes(s: SendSummary, rate: number) {
  const { outcomes, ...rest } = s;
  return { ...rest, rate, problems: outcomes.filter((o) => o.result !== 'sent' && o.result !== 'skipped') };
}

function printSendSummary(s: SendSummary, rate: number): void {
  const problems = s.outcomes.filter((o) => o.result !== 'sent' && o.result !== 'skipped');
  if (problems.length) printTable(['draft', 'result', 'reason'], problems.map((o) => [o.draftId, o.result, o.reason ?? '']));
  process.stdout.write(
    `${s.sent} sent, ${s.failed} failed, ${s.queued} queued, ${s.skipped} skipped` +
      (s.possiblySent ? `, ${s.possiblySent} possibly sent` : '') +
      (s.unrecorded ? `, ${s.unrecorded} sent but not recorded` : '') +
      (s.errors ? `, ${s.errors} errors` : '') +
      ` in ${(s.elapsedMs / 1000).toFixed(1)} s (limit ${rate}/s).\n`,
  );
  if (s.stoppedBy === 'paused') process.stdout.write('Sending is paused: `presence resume` first.\n');
  if (s.stoppedBy === 'daily_quota') process.stdout.write('Stopped at the daily sending quota: the rest stays queued for later.\n');
  if (s.stoppedBy === 'blocked') process.stdout.write('Stopped: the account or sender cannot send (see the reason above); the rest stays queued.\n');
}

/** The one line for a batch the ledger's failure cut short; the summary above it says what did happen. */
export function ledgerStopMessage(s: SendSummary): string | undefined {
  if (s.stoppedBy !== 'ledger_unavailable') return undefined;
  return `stopped: the ledger (DynamoDB) could not be reached (${s.stopCause ?? 'unknown'}); what was not sent stays approved. Is the local stack running (\`presence up\`)?`;
}
