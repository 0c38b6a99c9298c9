// importReps: a reps file into the ledger, upserted by id. Reps are few, so all stored reps are read once and the
// whole file is checked before anything is written: an absence (awayFrom, awayUntil, deputy) is judged against the
// reps as the file leaves them (a deputy may be defined further down). The same rules as for contacts hold: every
// row created, updated, unchanged or rejected with a reason.
import { VersionConflict } from '../errors';
import { repSchema, type Absence, type Rep } from '../model';
import type { Ledger } from '../ports';
import { repDayAt } from '../reps/absence';
import { absenceProblems } from '../reps/set-rep-away';
import { chunked, forEachLimited } from './chunks';
import { REP_VOCABULARY, type RepField } from './columns';
import type { ImportDeps } from './import-contacts';
import type { ImportOptions, ImportResult, ImportRow, ImportSource, RejectSink } from './import-source';
import { readRepRow, type RepPatch } from './read-rep-row';
import { resolveHeader, type ResolvedHeader } from './resolve-header';
import { sameContent } from './same-content';

export type RepImportLedger = Pick<Ledger, 'getRep' | 'putRep' | 'listReps'>;

export async function importReps(
  deps: ImportDeps<RepImportLedger>,
  input: { source: ImportSource; rejects: RejectSink } & ImportOptions,
): Promise<ImportResult> {
  const { ledger, clock, logger } = deps;
  const { source, rejects } = input;
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  try {
    const header = resolveHeader(source.header, REP_VOCABULARY, source.headerLine);
    const stored = new Map((await ledger.listReps()).map((r) => [r.id, r]));
    // an address belongs to one rep: contacts files name their rep by email
    const emailOwner = new Map([...stored.values()].map((r) => [r.email.toLowerCase(), r.id]));
    const seenIds = new Map<string, number>();
    const seenEmails = new Map<string, number>();

    const rejected: Array<{ row: ImportRow; reason: string }> = [];
    const plans: Plan[] = [];
    for await (const chunk of chunked(source.rows, input.chunkSize ?? 100)) {
      const now = clock.now();
      for (const row of chunk) {
        if (row.problem) {
          rejected.push({ row, reason: row.problem });
          continue;
        }
        const { patch, problems } = readRepRow(header, row.record, { regions: input.regions });
        if (patch.id) {
          const first = seenIds.get(patch.id);
          if (first !== undefined) problems.push(`${header.label('id')} "${patch.id}" appears twice in the file (first seen on line ${first}): keep one row per rep`);
          else seenIds.set(patch.id, row.line);
        }
        if (patch.email) {
          const email = patch.email.toLowerCase();
          const first = seenEmails.get(email);
          const owner = emailOwner.get(email);
          if (first !== undefined) problems.push(`${header.label('email')} "${patch.email}" appears twice in the file (first seen on line ${first}): one address per rep`);
          else if (owner && owner !== patch.id) problems.push(`${header.label('email')} "${patch.email}" already belongs to rep "${owner}": one address per rep`);
          else seenEmails.set(email, row.line);
        }
        const before = patch.id ? stored.get(patch.id) : undefined;
        const merged = problems.length ? undefined : mergeRep(before, patch, now);
        if (!merged || merged.problems.length) rejected.push({ row, reason: [...problems, ...(merged?.problems ?? [])].join('; ') });
        else if (before && sameContent(merged.rep!, before)) counts.unchanged++;
        else plans.push({ row, patch, rep: merged.rep!, stored: before, now });
      }
    }
    const accepted = rejectBadAbsences(plans, stored, header, rejected);
    if (input.dryRun) {
      for (const p of accepted) counts[p.stored ? 'updated' : 'created']++;
    } else {
      await forEachLimited(accepted, input.writeConcurrency ?? 4, async (plan) => {
        const outcome = await writeRep(ledger, plan, plan.now);
        if (outcome.kind === 'rejected') rejected.push({ row: plan.row, reason: outcome.reason });
        else counts[outcome.kind]++;
      });
    }
    rejected.sort((a, b) => a.row.line - b.row.line);
    for (const r of rejected) await rejects.reject(r.row, r.reason);
    counts.rejected += rejected.length;
  } catch (error) {
    await rejects.abort();
    throw error;
  }
  const rejectsFile = (await rejects.close()) ?? null;
  logger.info('reps imported', { ...counts, dryRun: input.dryRun === true });
  return { ...counts, rejectsFile };
}

function mergeRep(stored: Rep | undefined, patch: RepPatch, now: Date): { rep?: Rep; problems: string[] } {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const input: Record<string, unknown> = { ...(stored ?? {}), ...defined, createdAt: stored?.createdAt ?? now.toISOString() };
  // an empty region cell removes the stored region
  if (input.region === '') delete input.region;
  // empty absence cells remove the stored absence; the same absence again keeps it as it was (when and by whom)
  if (patch.away === null) delete input.away;
  else if (patch.away) {
    const away = { ...patch.away, hold: patch.away.deputy === undefined };
    input.away = stored?.away && sameAbsence(stored.away, away) ? stored.away : { ...away, at: now.toISOString(), by: 'import' };
  }
  const parsed = repSchema.safeParse(input);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`) };
  const rep = parsed.data;
  // fields a newer version wrote are carried over
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (!(key in repSchema.shape)) (rep as Record<string, unknown>)[key] = value;
  }
  return { rep, problems: [] };
}

type Plan = { row: ImportRow; patch: RepPatch; rep: Rep; stored?: Rep; now: Date };

const ABSENCE_COLUMN: Record<string, RepField> = { from: 'awayFrom', until: 'awayUntil', deputy: 'deputy' };

function sameAbsence(a: Pick<Absence, 'from' | 'until' | 'deputy' | 'hold'>, b: Pick<Absence, 'from' | 'until' | 'deputy' | 'hold'>): boolean {
  return a.from === b.from && a.until === b.until && a.deputy === b.deputy && a.hold === b.hold;
}

/**
 * The plans whose new or changed absence holds among the reps as the file leaves them (the ledger's reps with the
 * accepted rows laid over them); the others go to `rejected`, naming the column. A rejected row is not applied, so
 * the rest are judged again without it until nothing more falls out (a deputy whose own row was rejected is not
 * there). An absence the ledger already holds unchanged is not judged again.
 */
function rejectBadAbsences(plans: Plan[], stored: ReadonlyMap<string, Rep>, header: ResolvedHeader<RepField>, rejected: Array<{ row: ImportRow; reason: string }>): Plan[] {
  const accepted = new Set(plans);
  const judged = plans.filter((p) => p.rep.away && !(p.stored?.away && sameAbsence(p.stored.away, p.rep.away)));
  for (let dropped = true; dropped; ) {
    dropped = false;
    const reps = new Map(stored);
    for (const p of accepted) reps.set(p.rep.id, p.rep);
    const out = new Set<Plan>();
    for (const p of judged) {
      if (!accepted.has(p)) continue;
      const issues = absenceProblems(p.rep, p.rep.away!, reps, repDayAt(p.rep, p.now));
      if (!issues.length) continue;
      out.add(p);
      rejected.push({ row: p.row, reason: issues.map((i) => `${header.label(ABSENCE_COLUMN[i.path] ?? 'awayFrom')}: ${i.message}`).join('; ') });
    }
    for (const p of out) accepted.delete(p);
    dropped = out.size > 0;
  }
  return [...accepted];
}

async function writeRep(
  ledger: RepImportLedger,
  plan: { patch: RepPatch; rep: Rep; stored?: Rep },
  now: Date,
): Promise<{ kind: 'created' | 'updated' | 'unchanged' } | { kind: 'rejected'; reason: string }> {
  try {
    await ledger.putRep({ ...plan.rep, updatedAt: now.toISOString() }, plan.stored?.version);
    return { kind: plan.stored ? 'updated' : 'created' };
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
  }
  const current = await ledger.getRep(plan.rep.id);
  const merged = mergeRep(current, plan.patch, now);
  if (!merged.rep) return { kind: 'rejected', reason: merged.problems.join('; ') };
  if (current && sameContent(merged.rep, current)) return { kind: 'unchanged' };
  try {
    await ledger.putRep({ ...merged.rep, updatedAt: now.toISOString() }, current?.version);
    return { kind: current ? 'updated' : 'created' };
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return { kind: 'rejected', reason: `rep ${plan.rep.id} was changed by someone else twice while this row was imported: nothing was written; import the file again` };
  }
}
