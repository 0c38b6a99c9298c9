// importContacts: a contacts file into the ledger. Every row ends up created, updated, unchanged or rejected
// with a reason; nothing is half-written (each contact is one conditional put). Rows stream through in chunks:
// one batched read of the stored contacts per chunk, then its writes (a limited number in flight) while the
// next chunk is read and checked. Memory holds two chunks and the ids seen so far, whatever the file's size.
import { ReassignmentBlocked, saveContact, type SaveContactLedger } from '../contacts/save-contact';
import { VersionConflict } from '../errors';
import { contactIdTombstone } from '../gdpr/erased-reason';
import { hashEmail } from '../ids';
import type { Contact } from '../model';
import type { Clock, Ledger, Logger } from '../ports';
import { chunked, limiter } from './chunks';
import { CONTACT_VOCABULARY, type ContactField } from './columns';
import type { ImportOptions, ImportResult, ImportRow, ImportSource, RejectSink } from './import-source';
import { mergeContact } from './merge-contact';
import { readContactRow, type ReadContactRow } from './read-contact-row';
import { repDirectory } from './rep-directory';
import { resolveHeader, type ResolvedHeader } from './resolve-header';
import { sameContent } from './same-content';

export type ContactImportLedger = Pick<
  Ledger,
  'getContact' | 'getContacts' | 'findContactsByEmail' | 'listReps' | 'getSuppression' | 'suppressedAmong'
> &
  SaveContactLedger;

export interface ImportDeps<L> {
  ledger: L;
  clock: Clock;
  logger: Logger;
}

export const ERASED_REASON = 'this person asked to be erased (GDPR); the row is not imported';

/** Contacts matched by email get an id derived from the address, so a repeated import finds the same one. */
export function contactIdForEmail(email: string): string {
  return `c-${hashEmail(email).slice(0, 20)}`;
}

interface Candidate {
  row: ImportRow;
  read: ReadContactRow;
  id?: string;
}

export async function importContacts(
  deps: ImportDeps<ContactImportLedger>,
  input: { source: ImportSource; rejects: RejectSink } & ImportOptions,
): Promise<ImportResult> {
  const { ledger, clock, logger } = deps;
  const { source, rejects } = input;
  const chunkSize = input.chunkSize ?? 100;
  const writeConcurrency = input.writeConcurrency ?? 16;
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  try {
    const header = resolveHeader(source.header, CONTACT_VOCABULARY, source.headerLine);
    const byEmail = !header.has('id');
    const reps = repDirectory(await ledger.listReps());
    // first line of every id (or email, for files without ids): a second row for the same contact is a mistake
    const seen = new Map<string, number>();

    const limit = limiter(writeConcurrency);
    let previous: Promise<void> = Promise.resolve();
    for await (const chunk of chunked(source.rows, chunkSize)) {
      const now = clock.now();
      const rejected: Array<{ row: ImportRow; reason: string }> = [];
      const reject = (row: ImportRow, reasons: string | string[]) => {
        rejected.push({ row, reason: Array.isArray(reasons) ? reasons.join('; ') : reasons });
      };

      // 1. each row on its own: cells understood, identity known and not seen before. A row with problems
      //    but a known identity goes on, so the whole-contact rules can add theirs: one round of fixing.
      let candidates: Candidate[] = [];
      for (const row of chunk) {
        if (row.problem) {
          reject(row, row.problem);
          continue;
        }
        const read = readContactRow(header, row.record, { reps, now, regions: input.regions });
        const key = byEmail ? read.patch.email?.toLowerCase() : read.patch.id;
        if (byEmail && read.patch.email === '') {
          read.problems.push(`${header.label('email')} is empty, and without an id column the email is what identifies a contact: fill it or add an id column`);
        }
        if (!key) {
          reject(row, read.problems);
          continue;
        }
        const first = seen.get(key);
        if (first !== undefined) {
          const what = byEmail ? `${header.label('email')} "${read.patch.email}"` : `${header.label('id')} "${key}"`;
          reject(row, [`${what} appears twice in the file (first seen on line ${first}): keep one row per contact`, ...read.problems]);
          continue;
        }
        seen.set(key, row.line);
        candidates.push({ row, read, id: read.patch.id });
      }

      // 2. people who asked to be erased stay erased: their address hash is all that is left of them
      candidates = await dropErased(ledger, candidates, (c) => reject(c.row, ERASED_REASON));

      // 3. the stored contacts, batched
      const stored = new Map<string, Contact>();
      if (!byEmail) {
        for (const c of await ledger.getContacts(candidates.map((c) => c.id!))) stored.set(c.id, c);
      } else {
        const lookUp = async (candidate: Candidate) => {
          const email = candidate.read.patch.email!;
          const matches = await ledger.findContactsByEmail(email);
          if (matches.length > 1) {
            candidate.id = undefined;
            reject(
              candidate.row,
              `${header.label('email')} "${email}" belongs to ${matches.length} contacts in the ledger (${matches.map((m) => m.id).join(', ')}): add an id column to say which one`,
            );
            return;
          }
          candidate.id = matches[0]?.id ?? contactIdForEmail(email);
          if (matches[0]) stored.set(matches[0].id, matches[0]);
        };
        await Promise.all(candidates.map((candidate) => limit(() => lookUp(candidate))));
        candidates = candidates.filter((c) => c.id);
      }

      // 4. merge, judge the whole contact, write what changed
      const plans: Array<{ candidate: Candidate; contact: Contact; stored?: Contact }> = [];
      for (const candidate of candidates) {
        const before = stored.get(candidate.id!);
        const merged = mergeContact(before, candidate.read, { id: candidate.id!, now, header, homeCountry: input.regions?.homeCountry });
        if (!merged.contact) reject(candidate.row, merged.problems);
        else if (before && sameContent(merged.contact, before)) counts.unchanged++;
        else plans.push({ candidate, contact: { ...merged.contact, updatedAt: now.toISOString() }, stored: before });
      }
      let writes: Promise<unknown> = Promise.resolve();
      if (input.dryRun) for (const p of plans) counts[p.stored ? 'updated' : 'created']++;
      else {
        const write = async (plan: (typeof plans)[number]) => {
          const outcome = await writeContact(ledger, plan, { now, header, homeCountry: input.regions?.homeCountry });
          if (outcome.kind === 'rejected') reject(plan.candidate.row, outcome.reason);
          else counts[outcome.kind]++;
        };
        writes = Promise.all(plans.map((plan) => limit(() => write(plan))));
      }
      // the rejects go out in line order: after this chunk's writes and after the chunk before
      const earlier = previous;
      const done = (async () => {
        await writes;
        await earlier;
        rejected.sort((a, b) => a.row.line - b.row.line);
        for (const r of rejected) await rejects.reject(r.row, r.reason);
        counts.rejected += rejected.length;
      })();
      done.catch(() => undefined); // awaited below or in the next round; a failure is not lost
      // this chunk's writes run while the next chunk is read and checked, never more than that
      await earlier;
      previous = done;
    }
    await previous;
  } catch (error) {
    await rejects.abort();
    throw error;
  }
  const rejectsFile = (await rejects.close()) ?? null;
  logger.info('contacts imported', { ...counts, dryRun: input.dryRun === true });
  return { ...counts, rejectsFile };
}

async function dropErased<C extends { id?: string; read: { patch: { email?: string } } }>(
  ledger: ContactImportLedger,
  candidates: C[],
  onErased: (c: C) => void,
): Promise<C[]> {
  // an erased person leaves two tombstones: the hash of the address and the hash of the contact id
  const hashesOf = (c: C) => [...(c.read.patch.email ? [hashEmail(c.read.patch.email)] : []), ...(c.id ? [contactIdTombstone(c.id)] : [])];
  const hashes = candidates.flatMap(hashesOf);
  if (!hashes.length) return candidates;
  const suppressed = await ledger.suppressedAmong(hashes);
  if (!suppressed.size) return candidates;
  const erased = new Set<string>();
  for (const hash of suppressed) {
    // bounces and unsubscribes keep the contact (sending checks them); only an erasure keeps the row out
    if ((await ledger.getSuppression(hash))?.reason === 'erased') erased.add(hash);
  }
  return candidates.filter((c) => {
    const out = hashesOf(c).some((h) => erased.has(h));
    if (out) onErased(c);
    return !out;
  });
}

type WriteOutcome = { kind: 'created' | 'updated' } | { kind: 'unchanged' } | { kind: 'rejected'; reason: string };

/**
 * One conditional write (with the contact's open drafts withdrawn when its rep changes); when someone else
 * changed the contact or its drafts meanwhile, read it again and retry once.
 */
async function writeContact(
  ledger: ContactImportLedger,
  plan: { candidate: Candidate; contact: Contact; stored?: Contact },
  ctx: { now: Date; header: ResolvedHeader<ContactField>; homeCountry?: string },
): Promise<WriteOutcome> {
  const at = ctx.now.toISOString();
  try {
    await saveContact(ledger, plan.contact, plan.stored, at);
    return { kind: plan.stored ? 'updated' : 'created' };
  } catch (error) {
    if (error instanceof ReassignmentBlocked) return { kind: 'rejected', reason: error.message };
    if (!(error instanceof VersionConflict)) throw error;
  }
  const id = plan.contact.id;
  const current = await ledger.getContact(id);
  const merged = mergeContact(current, plan.candidate.read, { id, now: ctx.now, header: ctx.header, homeCountry: ctx.homeCountry });
  if (!merged.contact) return { kind: 'rejected', reason: merged.problems.join('; ') };
  if (current && sameContent(merged.contact, current)) return { kind: 'unchanged' };
  try {
    await saveContact(ledger, { ...merged.contact, updatedAt: at }, current, at);
    return { kind: current ? 'updated' : 'created' };
  } catch (error) {
    if (error instanceof ReassignmentBlocked) return { kind: 'rejected', reason: error.message };
    if (!(error instanceof VersionConflict)) throw error;
    return {
      kind: 'rejected',
      reason: `contact ${id} was changed by someone else twice while this row was imported: nothing was written; import the file again`,
    };
  }
}
