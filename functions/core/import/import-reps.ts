// importReps: a reps file into the ledger, upserted by id. Reps are few, so all stored reps are read once;
// the same rules as for contacts hold: every row created, updated, unchanged or rejected with a reason.
import { VersionConflict } from '../errors';
import { repSchema, type Rep } from '../model';
import type { Ledger } from '../ports';
import { chunked, forEachLimited } from './chunks';
import { REP_VOCABULARY } from './columns';
import type { ImportDeps } from './import-contacts';
import type { ImportOptions, ImportResult, ImportRow, ImportSource, RejectSink } from './import-source';
import { readRepRow, type RepPatch } from './read-rep-row';
import { resolveHeader } from './resolve-header';
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

    for await (const chunk of chunked(source.rows, input.chunkSize ?? 100)) {
      const now = clock.now();
      const rejected: Array<{ row: ImportRow; reason: string }> = [];
      const plans: Array<{ row: ImportRow; patch: RepPatch; rep: Rep; stored?: Rep }> = [];
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
        else plans.push({ row, patch, rep: merged.rep!, stored: before });
      }
      if (input.dryRun) {
        for (const p of plans) counts[p.stored ? 'updated' : 'created']++;
      } else {
        await forEachLimited(plans, input.writeConcurrency ?? 4, async (plan) => {
          const outcome = await writeRep(ledger, plan, now);
          if (outcome.kind === 'rejected') rejected.push({ row: plan.row, reason: outcome.reason });
          else counts[outcome.kind]++;
        });
      }
      rejected.sort((a, b) => a.row.line - b.row.line);
      for (const r of rejected) await rejects.reject(r.row, r.reason);
      counts.rejected += rejected.length;
    }
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
  const parsed = repSchema.safeParse(input);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`) };
  const rep = parsed.data;
  // fields a newer version wrote are carried over
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (!(key in repSchema.shape)) (rep as Record<string, unknown>)[key] = value;
  }
  return { rep, problems: [] };
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
