// runStatus: where one campaign run stands, per rep: how many drafts it made, how many wait for the rep, are
// approved, sent, rejected or need a fix. Read per rep from the rep's own index key (open and closed drafts of the
// run), never the whole status index; latestRunId finds a campaign's newest run the same way.
import { ValidationError } from '../errors';
import type { DraftStatus } from '../model';
import type { Ledger } from '../ports';

/** What a person asks of a run; every draft status falls into exactly one, so they add up to `drafted`. */
export const RUN_STATUS_COLUMNS = ['needsFix', 'waiting', 'approved', 'sent', 'rejected', 'closed'] as const;
export type RunStatusColumn = (typeof RUN_STATUS_COLUMNS)[number];

const COLUMN_OF: Record<DraftStatus, RunStatusColumn> = {
  needs_fix: 'needsFix',
  // waits for the rep's decision
  pending_approval: 'waiting',
  // approved, not yet out: queued, in the sender's hands, or sent-or-not to be checked by a person
  approved: 'approved',
  sending: 'approved',
  possibly_sent: 'approved',
  // reached the customer: a mail sent, a letter printed, a call or visit done
  sent: 'sent',
  exported: 'sent',
  done: 'sent',
  rejected: 'rejected',
  // ended without reaching the customer and without the rep's no
  expired: 'closed',
  recalled: 'closed',
  withdrawn: 'closed',
  failed: 'closed',
};

export type RunCounts = { drafted: number } & Record<RunStatusColumn, number>;

export interface RepRunStatus extends RunCounts {
  repId: string;
  /** The drafts' exact statuses, for whoever needs more than the columns (failed among closed ...). */
  byStatus: Partial<Record<DraftStatus, number>>;
}

export interface RunStatus {
  runId: string;
  campaignId: string;
  /** The run's scheduled time (ISO), read from its id. */
  runAt: string;
  /** The reps with at least one draft in the run, by id. */
  reps: RepRunStatus[];
  totals: RunCounts;
}

const RUN_ID = /^([A-Za-z0-9][A-Za-z0-9._-]*)@(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/;

/** `crisis-update@20261127T0800Z` -> its campaign and time; a person typed it, so a wrong one says what to write. */
export function parseRunId(runId: string): { campaignId: string; runAt: string } {
  const m = RUN_ID.exec(runId);
  if (!m) throw new ValidationError(`"${runId}" is not a run id; a run id looks like crisis-update@20261127T0800Z (\`presence campaign run\` prints it)`);
  return { campaignId: m[1]!, runAt: `${m[2]}-${m[3]}-${m[4]}T${m[5]}:${m[6]}:00.000Z` };
}

const zero = (): RunCounts => ({ drafted: 0, needsFix: 0, waiting: 0, approved: 0, sent: 0, rejected: 0, closed: 0 });

export async function runStatus(deps: { ledger: Pick<Ledger, 'listReps' | 'listRunDraftsOfRep'> }, runId: string): Promise<RunStatus> {
  const { campaignId, runAt } = parseRunId(runId);
  const reps: RepRunStatus[] = [];
  for (const rep of await deps.ledger.listReps()) {
    const row: RepRunStatus = { repId: rep.id, ...zero(), byStatus: {} };
    for (const closed of [false, true]) {
      let cursor: string | undefined;
      do {
        const page = await deps.ledger.listRunDraftsOfRep(rep.id, runId, { cursor, closed });
        for (const d of page.items) {
          if (d.runId !== runId) continue;
          row.drafted++;
          row[COLUMN_OF[d.status]]++;
          row.byStatus[d.status] = (row.byStatus[d.status] ?? 0) + 1;
        }
        cursor = page.cursor;
      } while (cursor);
    }
    if (row.drafted > 0) reps.push(row);
  }
  reps.sort((a, b) => a.repId.localeCompare(b.repId));
  const totals = zero();
  for (const r of reps) for (const k of ['drafted', ...RUN_STATUS_COLUMNS] as const) totals[k] += r[k];
  return { runId, campaignId, runAt, reps, totals };
}

/** The campaign's newest run that drafted for any rep; undefined when it never drafted. */
export async function latestRunId(deps: { ledger: Pick<Ledger, 'listReps' | 'latestRunIdOfRep'> }, campaignId: string): Promise<string | undefined> {
  const reps = await deps.ledger.listReps();
  const latest: string[] = [];
  // a few reps at a time: two small queries each, not hundreds at once
  for (let i = 0; i < reps.length; i += 16) {
    const found = await Promise.all(reps.slice(i, i + 16).map((r) => deps.ledger.latestRunIdOfRep(r.id, campaignId)));
    latest.push(...found.filter((id): id is string => id !== undefined));
  }
  // one campaign's run ids sort by their time
  return latest.sort().at(-1);
}
