// `presence drafts ...`: the drafts in the ledger. One function per subcommand, each added to the `drafts`
// group by registerDrafts; further subcommands (show, resend-link) are added the same way.
import { InvalidArgumentError, type Command } from 'commander';
import { DRAFT_STATUSES, type Draft, type DraftStatus } from '../../core/model';
import type { DraftQuery, Ledger } from '../../core/ports';
import type { Runtime } from '../../local/runtime';
import { day, printJson, printTable } from '../output';
import { addDraftsResendLink, addDraftsShow } from './drafts-approval';

type Open = () => Promise<Runtime>;

export function registerDrafts(program: Command, open: Open): Command {
  const drafts = program.command('drafts').description('look at campaign drafts');
  addDraftsList(drafts, open);
  addDraftsShow(drafts, open);
  addDraftsResendLink(drafts, open);
  return drafts;
}

function draftStatus(value: string): DraftStatus {
  if (!(DRAFT_STATUSES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`use one of ${DRAFT_STATUSES.join(', ')}`);
  }
  return value as DraftStatus;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('use a whole number of at least 1');
  return n;
}

/** Drafts matching the query, following pages up to `limit`. */
export async function collectDrafts(ledger: Ledger, query: Omit<DraftQuery, 'cursor' | 'limit'>, limit: number): Promise<{ drafts: Draft[]; more: boolean }> {
  const drafts: Draft[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.listDrafts({ ...query, cursor, limit: Math.min(500, limit - drafts.length) });
    drafts.push(...page.items);
    cursor = page.cursor;
  } while (cursor && drafts.length < limit);
  return { drafts: drafts.slice(0, limit), more: cursor !== undefined };
}

/** What a person needs to see of a draft in a list: for needs_fix, what to fix. */
/** The status, and for an approved mail waiting for its send window, until when (UTC). */
export function draftStatusText(d: Draft, now: Date = new Date()): string {
  if (d.status === 'approved' && d.sendAfter && Date.parse(d.sendAfter) > now.getTime()) return `approved, waits until ${d.sendAfter.slice(0, 16).replace('T', ' ')} UTC (send window)`;
  return d.status;
}

export function draftHeadline(d: Draft): string {
  if (d.status === 'needs_fix') return `missing: ${d.missing.join(', ')}`;
  const text = d.content.subject || d.content.text.split('\n')[0] || '';
  return [...text].length > 60 ? `${[...text].slice(0, 59).join('')}…` : text;
}

export function addDraftsList(drafts: Command, open: Open): void {
  drafts
    .command('list')
    .description('list drafts, newest run first within each status; needs_fix drafts name the missing fields')
    .option('--status <status>', `only this status (${DRAFT_STATUSES.join(', ')})`, draftStatus)
    .option('--campaign <id>', 'only this campaign')
    .option('--rep <id>', 'only this rep')
    .option('--run <run-id>', 'only this run, e.g. crisis-update@20261130T0700Z')
    .option('--limit <n>', 'at most this many drafts', positive, 200)
    .option('--json', 'print JSON')
    .action(async (opts: { status?: DraftStatus; campaign?: string; rep?: string; run?: string; limit: number; json?: boolean }) => {
      const rt = await open();
      try {
        const query: Omit<DraftQuery, 'cursor' | 'limit'> = {
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.campaign ? { campaignId: opts.campaign } : {}),
          ...(opts.rep ? { repId: opts.rep } : {}),
          ...(opts.run ? { runId: opts.run } : {}),
        };
        const { drafts: list, more } = await collectDrafts(rt.ledger, query, opts.limit);
        if (opts.json) return printJson(list);
        printTable(
          ['id', 'status', 'kind', 'rep', 'created', 'expires', 'subject / to fix'],
          list.map((d) => [d.id, draftStatusText(d), d.kind, d.repId, day(d.createdAt), day(d.expiresAt), draftHeadline(d)]),
        );
        process.stdout.write(`${list.length} draft${list.length === 1 ? '' : 's'}${more ? ` (more with --limit ${opts.limit * 2})` : ''}\n`);
      } finally {
        await rt.close();
      }
    });
}
