// A small in-memory Ledger for unit tests of the core. It keeps the same rules as the DynamoDB ledger
// (conditional creates, version checks, one touch per id, due dates never moving backwards) so use-case
// tests catch the same mistakes; the adapter tests prove the DynamoDB version against DynamoDB Local.
import { DraftConflict, VersionConflict } from '../../core/errors';
import { addDays, hashEmail, isoWeekOf, parseDraftId } from '../../core/ids';
import { aggregateAt, applyDelta, contributionOf, deltasBetween, emptyState, type RepCoverageState } from '../../core/coverage/aggregate';
import type { AuditEntry, DeferredRun, DraftQuery, InboxEntry, DraftWithdrawal, Ledger, Page, TouchRecord } from '../../core/ports';
import { isOpenStatus, type Channel, type Contact, type Draft, type Rep, type Suppression, type TokenRecord, type Touch } from '../../core/model';

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryLedger implements Ledger {
  readonly contacts = new Map<string, Contact>();
  readonly reps = new Map<string, Rep>();
  readonly touches = new Map<string, Touch[]>();
  readonly drafts = new Map<string, Draft>();
  readonly suppressions = new Map<string, Suppression>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly stats = new Map<string, number>();
  readonly audits: AuditEntry[] = [];
  /** Inbox entries by `<contact id>#<mail hash>`. */
  readonly inbox = new Map<string, InboxEntry>();
  paused = false;
  /** Deferred slots by `<campaign id>#<run time>`. */
  readonly deferredRuns = new Map<string, DeferredRun>();
  /** The coverage aggregate per rep (core/coverage/aggregate.ts), moved by every write of a contact. */
  readonly coverageStates = new Map<string, RepCoverageState>();
  /** The per-rep weekly touch counts the coverage view reads: `<week>|<rep>|<channel>` -> count. */
  readonly repWeeks = new Map<string, number>();

  // ---- contacts
  async getContact(id: string) {
    const c = this.contacts.get(id);
    return c && clone(c);
  }
  async getContacts(ids: readonly string[]) {
    return ids.flatMap((id) => (this.contacts.has(id) ? [clone(this.contacts.get(id)!)] : []));
  }
  async putContact(contact: Contact, expectedVersion?: number) {
    const current = this.contacts.get(contact.id);
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) {
      throw new VersionConflict(`contact ${contact.id} changed meanwhile`);
    }
    const stored = { ...clone(contact), version: (expectedVersion ?? 0) + 1 };
    this.contacts.set(contact.id, stored);
    this.moveCoverage(current, stored);
    return clone(stored);
  }
  async listContactsByRep(repId: string, opts: { dueBy?: string; cursor?: string; limit?: number } = {}): Promise<Page<Contact>> {
    const all = [...this.contacts.values()]
      .filter((c) => c.repId === repId && (!opts.dueBy || c.nextDueAt <= opts.dueBy))
      .sort((a, b) => (a.nextDueAt + a.id).localeCompare(b.nextDueAt + b.id));
    const start = opts.cursor ? Number(opts.cursor) : 0;
    const limit = opts.limit ?? 1000;
    const items = all.slice(start, start + limit).map(clone);
    return { items, cursor: start + limit < all.length ? String(start + limit) : undefined };
  }
  async replaceContactWithdrawingDrafts(contact: Contact, expectedVersion: number, withdraw: readonly DraftWithdrawal[]) {
    // every condition first, then every write: the transaction
    if (this.contacts.get(contact.id)?.version !== expectedVersion) throw new VersionConflict(`contact ${contact.id} changed meanwhile`);
    for (const w of withdraw) {
      if (this.drafts.get(w.id)?.status !== w.fromStatus) throw new VersionConflict(`draft ${w.id} changed meanwhile`);
    }
    for (const w of withdraw) {
      const d = this.drafts.get(w.id)!;
      this.drafts.set(w.id, { ...d, status: 'withdrawn', withdrawnReason: w.reason, updatedAt: w.at, version: d.version + 1 });
    }
    return this.putContact(contact, expectedVersion);
  }
  async findContactsByEmail(email: string) {
    const e = email.trim().toLowerCase();
    return [...this.contacts.values()].filter((c) => c.email.toLowerCase() === e).map(clone);
  }
  async deleteContactCollection(id: string) {
    let n = 0;
    const contact = this.contacts.get(id);
    if (this.contacts.delete(id)) n++;
    this.moveCoverage(contact, undefined);
    n += this.touches.get(id)?.length ?? 0;
    this.touches.delete(id);
    for (const [draftId, d] of this.drafts) {
      if (d.contactId === id) {
        this.drafts.delete(draftId);
        n++;
      }
    }
    for (const [key, e] of this.inbox) {
      if (e.contactId === id) {
        this.inbox.delete(key);
        n++;
      }
    }
    return n;
  }

  // ---- reps
  async getRep(id: string) {
    const r = this.reps.get(id);
    return r && clone(r);
  }
  async putRep(rep: Rep, expectedVersion?: number) {
    const current = this.reps.get(rep.id);
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) {
      throw new VersionConflict(`rep ${rep.id} changed meanwhile`);
    }
    const stored = { ...clone(rep), version: (expectedVersion ?? 0) + 1 };
    this.reps.set(rep.id, stored);
    return clone(stored);
  }
  async listReps() {
    return [...this.reps.values()].sort((a, b) => a.id.localeCompare(b.id)).map(clone);
  }

  // ---- touches
  async recordTouch({ touch, draft }: TouchRecord) {
    const list = this.touches.get(touch.contactId) ?? [];
    if (list.some((t) => t.id === touch.id)) return false;
    const contact = this.contacts.get(touch.contactId);
    if (!contact) throw new VersionConflict(`contact ${touch.contactId} does not exist`);
    if (draft) {
      const d = this.drafts.get(draft.id);
      if (!d || d.status !== draft.fromStatus) throw new DraftConflict(`draft ${draft.id} is not ${draft.fromStatus}`);
      if (d.kind !== draft.kind) throw new DraftConflict(`draft ${draft.id} is a ${d.kind}, not a ${draft.kind}`);
    }
    // all conditions hold: apply everything (the transaction)
    list.push(clone(touch));
    this.touches.set(touch.contactId, list);
    if (!contact.lastTouchAt || contact.lastTouchAt < touch.at) {
      const moved = {
        ...contact,
        lastTouchAt: touch.at,
        lastTouchChannel: touch.channel,
        nextDueAt: addDays(touch.at, contact.cadenceDays),
        version: contact.version + 1,
      };
      this.contacts.set(contact.id, moved);
      this.moveCoverage(contact, moved);
    }
    const statKey = `${isoWeekOf(new Date(touch.at))}|${touch.repId}|${touch.channel}`;
    this.stats.set(statKey, (this.stats.get(statKey) ?? 0) + 1);
    this.repWeeks.set(statKey, (this.repWeeks.get(statKey) ?? 0) + 1);
    if (draft) {
      const d = this.drafts.get(draft.id)!;
      this.drafts.set(draft.id, { ...d, ...clone(draft.set ?? {}), status: draft.toStatus, version: d.version + 1 });
    }
    return true;
  }
  async listTouches(contactId: string, opts: { limit?: number; newestFirst?: boolean } = {}) {
    const list = [...(this.touches.get(contactId) ?? [])].sort((a, b) => (a.at + a.id).localeCompare(b.at + b.id));
    if (opts.newestFirst) list.reverse();
    return list.slice(0, opts.limit ?? list.length).map(clone);
  }
  async weeklyTouchCounts(weeks: readonly string[]) {
    const out: Array<{ week: string; repId: string; channel: Channel; count: number }> = [];
    for (const [key, count] of this.stats) {
      const [week, repId, channel] = key.split('|') as [string, string, Channel];
      if (weeks.includes(week)) out.push({ week, repId, channel, count });
    }
    return out;
  }

  // ---- drafts
  async getDraft(id: string) {
    const d = this.drafts.get(id);
    return d && clone(d);
  }
  async getDrafts(ids: readonly string[]) {
    return ids.flatMap((id) => (this.drafts.has(id) ? [clone(this.drafts.get(id)!)] : []));
  }
  async putDrafts(drafts: readonly Draft[]) {
    for (const d of drafts) this.drafts.set(d.id, clone(d));
  }
  async listOpenDraftContactIds(repId: string, runId: string) {
    const ids = new Set<string>();
    for (const d of this.drafts.values()) {
      if (d.repId === repId && (isOpenStatus(d.status) || d.runId === runId)) ids.add(d.contactId);
    }
    return ids;
  }
  async listRunDraftsOfRep(repId: string, runId: string, opts: { cursor?: string; limit?: number; closed?: boolean } = {}): Promise<Page<Draft>> {
    const all = [...this.drafts.values()].filter((d) => d.repId === repId && d.runId === runId && isOpenStatus(d.status) !== (opts.closed === true)).sort((a, b) => (a.contactId < b.contactId ? -1 : 1));
    const start = opts.cursor ? Number(opts.cursor) : 0;
    const limit = opts.limit ?? 1000;
    return { items: all.slice(start, start + limit).map(clone), cursor: start + limit < all.length ? String(start + limit) : undefined };
  }
  async latestRunIdOfRep(repId: string, campaignId: string): Promise<string | undefined> {
    // run ids of one campaign sort by their time (campaign@20261127T0800Z), as the GSI1 sort key does
    return [...this.drafts.values()].filter((d) => d.repId === repId && d.campaignId === campaignId && d.runId.startsWith(`${campaignId}@`)).map((d) => d.runId).sort().at(-1);
  }
  async listDrafts(q: DraftQuery): Promise<Page<Draft>> {
    const all = [...this.drafts.values()]
      .filter(
        (d) =>
          (!q.status || d.status === q.status) &&
          (!q.kind || d.kind === q.kind) &&
          (!q.campaignId || d.campaignId === q.campaignId) &&
          (!q.repId || d.repId === q.repId) &&
          (!q.runId || d.runId === q.runId),
      )
      .sort((a, b) => a.id.localeCompare(b.id));
    // send order: by run, then contact id, compared as DynamoDB compares keys (by code unit, not by locale)
    const sendKey = (d: Draft) => `${d.runId}#${d.contactId}`;
    if (q.inSendOrder) all.sort((a, b) => (sendKey(a) < sendKey(b) ? -1 : sendKey(a) > sendKey(b) ? 1 : 0));
    const start = q.cursor ? Number(q.cursor) : 0;
    const limit = q.limit ?? 1000;
    return { items: all.slice(start, start + limit).map(clone), cursor: start + limit < all.length ? String(start + limit) : undefined };
  }
  async updateDraft(id: string, change: Parameters<Ledger['updateDraft']>[1]) {
    const d = this.drafts.get(id);
    if (!d) throw new DraftConflict(`draft ${id} does not exist`);
    if (change.expectedVersion !== undefined && d.version !== change.expectedVersion) throw new DraftConflict(`draft ${id} changed meanwhile`);
    if (change.fromStatuses && !change.fromStatuses.includes(d.status)) throw new DraftConflict(`draft ${id} is ${d.status}`);
    if (change.kind && change.kind !== d.kind) throw new DraftConflict(`draft ${id} is a ${d.kind}, not a ${change.kind}`);
    const next = { ...d, ...clone(change.set), version: d.version + 1 } as Draft;
    this.drafts.set(id, next);
    return clone(next);
  }
  async updateDraftReplacingContact(id: string, change: Parameters<Ledger['updateDraft']>[1], replace: { contact: Contact; expectedVersion: number }) {
    // every condition first, then every write: the transaction
    const d = this.drafts.get(id);
    if (!d) throw new DraftConflict(`draft ${id} does not exist`);
    if (replace.contact.id !== d.contactId) throw new DraftConflict(`draft ${id} is not of contact ${replace.contact.id}`);
    if (change.expectedVersion !== undefined && d.version !== change.expectedVersion) throw new DraftConflict(`draft ${id} changed meanwhile`);
    if (change.fromStatuses && !change.fromStatuses.includes(d.status)) throw new DraftConflict(`draft ${id} is ${d.status}`);
    if (this.contacts.get(replace.contact.id)?.version !== replace.expectedVersion) throw new VersionConflict(`contact ${replace.contact.id} changed meanwhile`);
    const contact = await this.putContact(replace.contact, replace.expectedVersion);
    return { draft: await this.updateDraft(id, change), contact };
  }
  async deleteDraft(id: string) {
    this.drafts.delete(id);
  }
  async listDraftsOfContact(contactId: string) {
    return [...this.drafts.values()]
      .filter((d) => d.contactId === contactId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(clone);
  }

  // ---- suppressions
  async suppress(s: Suppression) {
    const existing = this.suppressions.get(s.emailHash);
    // first record wins, except that an erasure tombstone replaces any other reason
    if (existing && !(s.reason === 'erased' && existing.reason !== 'erased')) return false;
    this.suppressions.set(s.emailHash, clone(s));
    // a newly suppressed address takes its contacts out of the coverage figures (counted as opted out)
    if (!existing) {
      for (const c of this.contacts.values()) {
        if (c.email && hashEmail(c.email) === s.emailHash) this.applyCoverage(contributionOf(c, false), contributionOf(c, true));
      }
    }
    return true;
  }
  async getSuppression(hash: string) {
    const s = this.suppressions.get(hash);
    return s && clone(s);
  }
  async suppressedAmong(hashes: readonly string[]) {
    return new Set(hashes.filter((h) => this.suppressions.has(h)));
  }
  async suppressedHashesUpTo(atMost: number) {
    return this.suppressions.size <= atMost ? new Set(this.suppressions.keys()) : undefined;
  }
  async listSuppressions() {
    return [...this.suppressions.values()].map(clone);
  }

  // ---- tokens
  async putTokens(tokens: readonly TokenRecord[]) {
    for (const t of tokens) this.tokens.set(t.hash, clone(t));
  }
  async putToken(t: TokenRecord) {
    if (this.tokens.has(t.hash)) throw new VersionConflict('token exists');
    this.tokens.set(t.hash, clone(t));
  }
  async getToken(hash: string) {
    const t = this.tokens.get(hash);
    return t && clone(t);
  }
  async useToken(hash: string, at: string) {
    const t = this.tokens.get(hash);
    if (!t || t.usedAt) return false;
    this.tokens.set(hash, { ...t, usedAt: at });
    return true;
  }
  async forgetDraftsInTokens(repIds: readonly string[], draftIds: readonly string[]) {
    let changed = 0;
    for (const [hash, t] of this.tokens) {
      if (!repIds.includes(t.repId)) continue;
      const kept = t.draftIds.filter((id) => !draftIds.includes(id));
      if (kept.length === t.draftIds.length) continue;
      if (kept.length === 0) this.tokens.delete(hash);
      else this.tokens.set(hash, { ...t, draftIds: kept });
      changed++;
    }
    return changed;
  }


  // ---- coverage
  async coverageAggregates(day: string, repIds?: readonly string[]) {
    const ids = repIds ?? [...this.coverageStates.keys()].sort();
    return ids.flatMap((id) => {
      const state = this.coverageStates.get(id);
      return state ? [aggregateAt(state, day)] : [];
    });
  }
  async repWeeklyTouchCounts(weeks: readonly string[]) {
    const out: Array<{ week: string; repId: string; channel: Channel; count: number }> = [];
    for (const [key, count] of this.repWeeks) {
      const [week, repId, channel] = key.split('|') as [string, string, Channel];
      if (weeks.includes(week)) out.push({ week, repId, channel, count });
    }
    return out;
  }
  async replaceCoverage(states: readonly RepCoverageState[], weekly: ReadonlyArray<{ week: string; repId: string; channel: Channel; count: number }>) {
    for (const s of states) this.coverageStates.set(s.repId, clone(s));
    this.repWeeks.clear();
    for (const w of weekly) this.repWeeks.set(`${w.week}|${w.repId}|${w.channel}`, w.count);
  }
  async noteContactAddresses() {
    // the memory ledger finds a hashed address's contacts by looking at all of them
  }
  /** What a write of a contact does to the aggregate, with the address's suppression as it stands. */
  private moveCoverage(before: Contact | undefined, after: Contact | undefined) {
    const suppressed = (c: Contact) => Boolean(c.email) && this.suppressions.has(hashEmail(c.email));
    this.applyCoverage(before && contributionOf(before, suppressed(before)), after && contributionOf(after, suppressed(after)));
  }
  private applyCoverage(before: ReturnType<typeof contributionOf> | undefined, after: ReturnType<typeof contributionOf> | undefined) {
    for (const delta of deltasBetween(before, after)) {
      const state = this.coverageStates.get(delta.repId) ?? emptyState(delta.repId);
      applyDelta(state, delta);
      this.coverageStates.set(delta.repId, state);
    }
  }

  // ---- settings
  async isPaused() {
    return this.paused;
  }
  async setPaused(paused: boolean) {
    this.paused = paused;
  }

  // ---- deferred runs
  async putDeferredRun(run: DeferredRun) {
    this.deferredRuns.set(`${run.campaignId}#${run.runAt}`, clone(run));
  }
  async listDeferredRuns(campaignId: string) {
    return [...this.deferredRuns.values()].filter((r) => r.campaignId === campaignId).sort((a, b) => a.runAt.localeCompare(b.runAt)).map(clone);
  }

  // ---- audit
  async audit(entry: AuditEntry) {
    this.audits.push(clone(entry));
  }
  async listAudit(month: string) {
    return this.audits.filter((a) => a.at.startsWith(month)).map(clone);
  }

  // ---- inbox
  async addInboxEntry(entry: InboxEntry) {
    const key = `${entry.contactId}#${entry.mailHash}`;
    if (this.inbox.has(key)) return false;
    this.inbox.set(key, clone(entry));
    return true;
  }
  async getInboxEntry(contactId: string, mailHash: string) {
    const e = this.inbox.get(`${contactId}#${mailHash}`);
    return e && clone(e);
  }
  async markInboxForwarded(contactId: string, mailHash: string, at: string) {
    const e = this.inbox.get(`${contactId}#${mailHash}`);
    if (e) e.forwardedAt = at;
  }
  async listUnshownInbox(repId: string, limit = 100) {
    return [...this.inbox.values()]
      .filter((e) => e.repId === repId && !e.shownAt)
      .sort((a, b) => `${a.at}#${a.contactId}#${a.mailHash}`.localeCompare(`${b.at}#${b.contactId}#${b.mailHash}`))
      .slice(0, limit)
      .map(clone);
  }
  async listInboxOfContact(contactId: string) {
    return [...this.inbox.values()].filter((e) => e.contactId === contactId).map(clone);
  }
  async markInboxShown(entries: ReadonlyArray<{ contactId: string; mailHash: string }>, at: string) {
    for (const { contactId, mailHash } of entries) {
      const e = this.inbox.get(`${contactId}#${mailHash}`);
      if (e) e.shownAt = at;
    }
  }
}

/** Test helper: the contact id of a draft id, without a lookup. */
export function contactIdOfDraft(draftId: string): string | undefined {
  return parseDraftId(draftId)?.contactId;
}
