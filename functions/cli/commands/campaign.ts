// `presence campaign list|run|status|preview`: the campaign files, one run of a campaign, where a run stands, one
// contact's draft.
import type { Command } from 'commander';
import { FileAssets } from '../../adapters/templates/file-assets';
import { ValidationError } from '../../core/errors';
import { isoTimeSchema, type Rep } from '../../core/model';
import type { PlanResult } from '../../core/plan-campaign';
import { runCampaign } from '../../core/campaigns/run-campaign';
import { latestRunId, parseRunId, runStatus, type RunStatus } from '../../core/campaigns/run-status';
import { previewDraft, type DraftPreview } from '../../core/preview-draft';
import { escapeHtml } from '../../core/escape-html';
import { withMailFooter } from '../../core/render/mail-footer';
import { nextFireTimes } from '../../core/schedule';
import { movedRunDay, shiftedRunSchedule } from '../../core/calendar/holiday-runs';
import { localMoment } from '../../core/local-day';
import type { Runtime } from '../../local/runtime';
import { formatTable, printJson, printTable } from '../output';

/**
 * The run time: --at, or now; to the minute, like the run id (EventBridge's scheduled times are whole minutes,
 * so `--at` with the slot's time addresses the same run as the scheduler).
 */
export function runTimeOf(at: string | undefined, now: Date): Date {
  let t = now;
  if (at !== undefined) {
    if (!isoTimeSchema.safeParse(at).success) {
      throw new ValidationError(`--at "${at}" is not an ISO time; use e.g. 2026-11-30T08:00:00+01:00 or 2026-11-30T07:00:00Z`);
    }
    t = new Date(at);
  }
  return new Date(Math.floor(t.getTime() / 60_000) * 60_000);
}

/**
 * A run's name and its due horizon: the id is the minute's (as runTimeOf), but contacts due up to the very moment
 * given (or now) count, so a contact imported seconds before a run started by hand is due in it.
 */
export function runTimesOf(at: string | undefined, now: Date): { runAt: Date; dueBy: Date } {
  const runAt = runTimeOf(at, now);
  return { runAt, dueBy: at === undefined ? now : new Date(at) };
}

/** Campaign and template problems already list every issue in the message; the issue list would repeat them. */
async function withPlainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ValidationError && e.issues.length > 0) throw new ValidationError(e.message);
    throw e;
  }
}

export function registerCampaign(program: Command, open: () => Promise<Runtime>): void {
  const campaign = program.command('campaign').description('plan campaign runs, see where a run stands, preview drafts');

  campaign
    .command('list')
    .description('the campaign files, checked, with their schedule and next runs')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rt = await open();
      try {
        const assets = new FileAssets(rt.assetsDir);
        const library = await assets.loadTemplateLibrary();
        const rows = [];
        const reps = await rt.ledger.listReps();
        for (const id of await assets.listCampaignIds()) {
          try {
            const c = await assets.loadCampaign(id);
            library.forCampaign(c);
            const next = nextFireTimes(c.schedule, rt.clock.now(), 3).map((d) => d.toISOString());
            // the next slot as its reps will see it: on the campaign's wall clock, and where it moves off a holiday
            const moved = next[0] ? movesOf(reps, new Date(next[0]), c.schedule, rt) : [];
            rows.push({ id, name: c.name, schedule: c.schedule.expression, timeZone: c.schedule.timeZone, channels: c.audience.channels, next, nextLocal: next[0] ? localMoment(next[0], c.schedule.timeZone) : '', moved, problem: undefined as string | undefined });
          } catch (e) {
            if (!(e instanceof ValidationError)) throw e;
            rows.push({ id, name: '', schedule: '', timeZone: '', channels: [], next: [], nextLocal: '', moved: [], problem: e.message });
          }
        }
        if (opts.json) return printJson(rows);
        printTable(
          ['id', 'name', 'schedule', 'next run (campaign time)', 'moved off a public holiday'],
          rows.map((r) => [
            r.id,
            r.problem ? 'INVALID' : r.name,
            r.schedule,
            r.nextLocal ? `${weekdayOf(r.nextLocal)} ${r.nextLocal} ${r.timeZone}` : '',
            r.moved.map((m) => `${m.reps.join(', ')}: ${weekdayOf(m.on)} ${m.on}`).join('; '),
          ]),
        );
        for (const r of rows) if (r.problem) process.stdout.write(`\n${r.problem}\n`);
        if (rows.some((r) => r.problem)) process.exitCode = 2;
      } finally {
        await rt.close();
      }
    });

  campaign
    .command('run')
    .description('plan one run: draft every due contact of the campaign for rep approval (idempotent per run time)')
    .argument('<id>', 'campaign id (campaigns/<id>.yaml)')
    .option('--at <iso-time>', 'the scheduled time of the run (default: now); the same time is the same run')
    .option('--rep <id...>', 'only the contacts of these reps')
    .option('--no-notify', 'do not mail the reps their digest (send it later with `presence notify RUN-ID`)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { at?: string; rep?: string[]; notify: boolean; json?: boolean }) => {
      const rt = await open();
      try {
        // the same work as a scheduled slot: plan, then one digest mail per rep
        const result = await withPlainErrors(async () => {
          const assets = new FileAssets(rt.assetsDir);
          const [c, templates, mails] = await Promise.all([assets.loadCampaign(id), assets.loadTemplateLibrary(), assets.loadMailRenderer()]);
          const { runAt, dueBy } = runTimesOf(opts.at, rt.clock.now());
          return runCampaign(
            { ledger: rt.ledger, mailer: rt.mailer, clock: rt.clock, logger: rt.logger, config: rt.config, templates, mails },
            { campaign: c, runAt, dueBy, notify: opts.notify, ...(opts.rep ? { reps: opts.rep } : {}) },
          );
        });
        if (opts.json) return printJson({ ...result.plan, digests: result.digests });
        process.stdout.write(describeRun(result.plan));
        if (opts.notify && !result.plan.paused) {
          process.stdout.write(`digests: ${result.digestsSent} mailed${result.digests.length > result.digestsSent ? `, ${result.digests.length - result.digestsSent} not mailed (${result.digests.filter((d) => d.outcome !== 'sent').map((d) => `${d.repId}: ${d.outcome}`).join(', ')})` : ''}\n`);
        }
      } finally {
        await rt.close();
      }
    });

  campaign
    .command('status')
    .description('where a run stands, per rep: drafted, needs fix, waiting for the rep, approved, sent, rejected (default: the latest run of each campaign)')
    .argument('[run]', 'run id, e.g. crisis-update@20261127T0800Z (`presence campaign run` prints it)')
    .option('--campaign <id>', 'the latest run of this campaign')
    .option('--json', 'print JSON (a list of runs)')
    .action(async (run: string | undefined, opts: { campaign?: string; json?: boolean }) => {
      if (run !== undefined && opts.campaign !== undefined && parseRunId(run).campaignId !== opts.campaign) {
        throw new ValidationError(`run ${run} is not a run of campaign ${opts.campaign}: give the run id or --campaign, not both`);
      }
      if (run !== undefined) parseRunId(run);
      const rt = await open();
      try {
        const assets = new FileAssets(rt.assetsDir);
        const deps = { ledger: rt.ledger };
        const campaignIds = run !== undefined ? [] : opts.campaign !== undefined ? [opts.campaign] : await assets.listCampaignIds();
        const runIds = run !== undefined ? [run] : [];
        const neverRun: string[] = [];
        for (const id of campaignIds) {
          const latest = await latestRunId(deps, id);
          if (latest) runIds.push(latest);
          else neverRun.push(id);
        }
        const runs: RunStatus[] = [];
        for (const id of runIds) runs.push(await runStatus(deps, id));
        if (opts.json) return printJson(runs);
        for (const r of runs) process.stdout.write(await describeRunStatus(r, assets));
        for (const id of neverRun) process.stdout.write(`${id}: no run has drafted anything yet (\`presence campaign run ${id}\`)\n`);
        if (!runs.length && !neverRun.length) process.stdout.write('no campaigns: add one under campaigns/ (docs/campaigns.md)\n');
      } finally {
        await rt.close();
      }
    });

  campaign
    .command('preview')
    .description("render one contact's draft without storing it")
    .argument('<id>', 'campaign id')
    .requiredOption('--contact <cid>', 'contact id')
    .option('--at <iso-time>', 'render as of this run time (default: now)')
    .option('--html', 'also print the HTML part of an email')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { contact: string; at?: string; html?: boolean; json?: boolean }) => {
      const rt = await open();
      try {
        const preview = await withPlainErrors(async () => {
          const assets = new FileAssets(rt.assetsDir);
          const [c, templates] = await Promise.all([assets.loadCampaign(id), assets.loadTemplateLibrary()]);
          return previewDraft({ ledger: rt.ledger, templates }, { campaign: c, contactId: opts.contact, runAt: runTimeOf(opts.at, rt.clock.now()) });
        });
        if (opts.json) return printJson(preview);
        process.stdout.write(describePreview(preview, opts.html === true));
      } finally {
        await rt.close();
      }
    });
}

export function describeRun(r: PlanResult): string {
  if (r.paused) return `${r.runId}: presence is paused, nothing was planned.\n`;
  const s = r.skipped;
  let out =
    `${r.runId}: ${r.drafted} drafted for approval, ${r.needsFix} need${r.needsFix === 1 ? 's' : ''} a fix\n` +
    `skipped: ${s.suppressed} suppressed or without consent, ${s.notDue} due but outside the audience, ${s.openDraft} with an open draft` +
    (s.snoozed ? `, ${s.snoozed} snoozed` : '') +
    (s.held ? `, ${s.held} held: rep away` : '') +
    (s.otherRep ? `, ${s.otherRep} moved to another rep` : '') +
    '\n' +
    (r.heldReps ?? []).map((h) => `held: ${h.repId} is away until ${h.until} (no stand-in): ${h.contacts} due customer${h.contacts === 1 ? '' : 's'} wait\n`).join('') +
    (r.standIns ?? []).map((d) => `stand-in: ${d.deputyId} writes for ${d.repId}, away until ${d.until}\n`).join('');
  if (r.drafted + r.needsFix === 0) {
    // a run that drafts nothing says why, so nobody has to guess
    if (r.considered === 0) {
      out += `nothing drafted: no contact is due by ${minuteOf(r.dueBy)}`;
      out += r.nextDueAt ? `; the next one is due at ${minuteOf(r.nextDueAt)}\n` : ' (these reps have no contacts)\n';
    } else {
      out += `nothing drafted: all ${r.considered} due contact${r.considered === 1 ? ' was' : 's were'} skipped for the reasons above\n`;
    }
  }
  return out;
}

/** "2026-11-30 07:00:42 UTC": to the second, since a due date can fall inside the run's minute. */
function minuteOf(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

/** One run as a table: a row per rep, then the totals; the run's time on the campaign's own clock when its file reads. */
export async function describeRunStatus(r: RunStatus, assets: Pick<FileAssets, 'loadCampaign'>): Promise<string> {
  const timeZone = await assets.loadCampaign(r.campaignId).then((c) => c.schedule.timeZone, () => undefined);
  const when = timeZone ? `${weekdayOf(localMoment(r.runAt, timeZone))} ${localMoment(r.runAt, timeZone)} ${timeZone}` : `${r.runAt.slice(0, 16).replace('T', ' ')} UTC`;
  const head = `${r.runId} (${when})\n`;
  if (!r.reps.length) return `${head}no drafts in this run\n\n`;
  const cells = (c: RunStatus['totals']) => [c.drafted, c.needsFix, c.waiting, c.approved, c.sent, c.rejected, c.closed];
  return (
    head +
    formatTable(
      ['rep', 'drafted', 'needs fix', 'waiting', 'approved', 'sent', 'rejected', 'closed'],
      [...r.reps.map((rep) => [rep.repId, ...cells(rep)]), ['total', ...cells(r.totals)]],
    ) +
    'waiting: for the rep to decide; approved: not sent yet; sent: also letters printed and calls or visits done;\n' +
    'closed: expired, withdrawn, recalled or failed\n\n'
  );
}

export function describePreview(p: DraftPreview, withHtml: boolean): string {
  const lines = [
    `${p.draftId} (preview, not stored)`,
    `  ${p.kind} via ${p.channel}, ${p.locale}, ${p.formal ? 'formal (Sie)' : 'informal (Du)'}, rep ${p.repId}`,
    `  status    ${p.status === 'needs_fix' ? `needs fix: missing ${p.missing.join(', ')}` : 'ready for approval'}`,
  ];
  if (p.wouldSkip.length > 0) lines.push(`  a run now would skip this contact: ${p.wouldSkip.join('; ')}`);
  lines.push('');
  if (p.kind === 'task') {
    lines.push(p.content.text);
  } else {
    lines.push(`Subject: ${p.content.subject}`);
    // a mail as it will leave: the words, then the footer (opt-out line, legal particulars); the link is made when sending
    const mail = withMailFooter(p.content, '<unsubscribe link, signed when sent>', escapeHtml);
    if (p.kind === 'letter') lines.push('', p.content.salutation ?? '', '', p.content.text, '', p.content.closing ?? '');
    else lines.push('', mail.text);
    if (withHtml && p.content.html) lines.push('', '--- HTML ---', mail.html);
  }
  return lines.join('\n') + '\n';
}

/** The reps whose part of the slot at `at` moves off a public holiday where they work, grouped by the day it runs on. */
function movesOf(reps: readonly Rep[], at: Date, schedule: { expression: string; timeZone: string }, rt: Pick<Runtime, 'holidays' | 'config'>): Array<{ on: string; reps: string[] }> {
  if (!rt.holidays || !shiftedRunSchedule(schedule)) return [];
  const move = { holidays: rt.holidays, homeCountry: rt.config.homeCountry, timeZone: schedule.timeZone };
  const byDay = new Map<string, string[]>();
  for (const rep of reps) {
    const on = movedRunDay(rep, at, move);
    if (on) byDay.set(on, [...(byDay.get(on) ?? []), rep.id]);
  }
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([on, ids]) => ({ on, reps: ids }));
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function weekdayOf(localDayOrMoment: string): string {
  return WEEKDAY_NAMES[new Date(`${localDayOrMoment.slice(0, 10)}T12:00:00Z`).getUTCDay()]!;
}
