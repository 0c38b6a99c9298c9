// planCampaign: one run of a campaign. For every rep, read the contacts that are due (an index query, page by
// page, never a scan), decide per contact, render its draft and store the drafts in batches. A few reps are
// read at once and drafts are written in the background, so the run takes about as long as writing its drafts.
//
// Idempotent per run: the run id comes from the campaign and the scheduled time, a draft id from the run and the
// contact, and the contacts that already have an open draft, or any draft of this run, are read first and
// skipped. Running the same slot twice, or a duplicate scheduler event, therefore writes nothing new.
import { inAudience, mayContact } from './campaigns/audience';
import type { Campaign } from './campaigns/campaign-schema';
import type { PresenceConfig } from './config';
import { snoozeHolding } from './contacts/snooze';
import { absenceAt } from './reps/absence';
import { movedRunDay, type HolidayMove } from './calendar/holiday-runs';
import { addDays, draftIdOf, hashEmail, runIdOf } from './ids';
import type { Contact, Draft, Rep } from './model';
import type { Clock, Ledger, Logger } from './ports';
import type { CampaignTemplates, TemplateLibrary } from './render/template-library';

type PlanLedger = Pick<Ledger, 'getRep' | 'isPaused' | 'listContactsByRep' | 'listOpenDraftContactIds' | 'listReps' | 'putDrafts' | 'suppressedAmong' | 'suppressedHashesUpTo'>;

export interface PlanCampaignDeps {
  ledger: PlanLedger & Partial<Pick<Ledger, 'putDeferredRun'>>;
  clock: Clock;
  logger: Logger;
  /** The compiled templates (functions/adapters/templates loads them from disk). */
  templates: TemplateLibrary;
  /** The sender's country: a letter's address is checked at drafting as the export will print it. */
  config?: Pick<PresenceConfig, 'homeCountry'>;
}

export interface PlanCampaignInput {
  campaign: Campaign;
  /** The scheduled time of the run (EventBridge's scheduled time, or `--at`): it names the run. */
  runAt: Date;
  /**
   * Contacts due by this moment are planned; default `runAt`. A run started by hand passes the moment it starts:
   * its id is the minute's, but a contact imported a few seconds ago (due at once) is already due.
   */
  dueBy?: Date;
  /** Only these reps (in addition to the campaign's own rep filter). */
  reps?: readonly string[];
  /** Contacts per index page; by default the ledger's own page (DynamoDB: up to 1 MB, about 1 500 contacts). */
  pageSize?: number;
  /**
   * The suppression list is read whole when it holds at most this many addresses (default 2 000, a few hundred kB);
   * a longer list is consulted address by address, page by page.
   */
  suppressionListMax?: number;
  /**
   * A scheduled slot: reps whose slot day is a public holiday where they work are not planned now; their part runs
   * on their next business day (calendar/holiday-runs.ts). Runs started by hand leave it out and move nobody.
   */
  moveOffHolidays?: HolidayMove;
  /**
   * Stop reading further pages once the clock reaches this moment (a worker's time running out): the drafts made so
   * far are stored, and `continuation` says where to go on. Without it the run plans to the end.
   */
  stopAt?: Date;
  /** Go on where an earlier stop left a rep: its next page of due contacts (from `continuation.cursors`). */
  resume?: Readonly<Record<string, string>>;
}

export interface PlanResult {
  runId: string;
  /** The moment up to which contacts counted as due. */
  dueBy: string;
  /** Due contacts read from the index (each ends up drafted, needing a fix, or skipped). */
  considered: number;
  /**
   * Only when no contact was due at all: when the earliest contact of the campaign's reps falls due, so a run that
   * drafts nothing can say why. Absent when those reps have no contacts.
   */
  nextDueAt?: string;
  /** Drafts written ready for approval (status pending_approval). */
  drafted: number;
  /** Drafts written as needs_fix: the contact lacks a required field (the draft names which). */
  needsFix: number;
  skipped: {
    /** Opted out, no consent for their channel, or (email contacts) the address is on the suppression list. */
    suppressed: number;
    /**
     * Due contacts (read from the due-date index) that this campaign does not address: another channel, none of
     * its tags, or silent for fewer than `silentForDays` days. Contacts whose due date lies after the run are
     * never read, so they are not counted anywhere.
     */
    notDue: number;
    /** The contact already has an open draft (any campaign) or a draft of this very run. */
    openDraft: number;
    /** Read under this rep, but the contact itself belongs to another rep now (the index catches up in moments). */
    otherRep: number;
    /**
     * Snoozed until after the run, for every campaign or for this one (contacts/snooze.ts): by hand, by a rep's
     * rejection, or by the customer's automatic reply. Drafted by the first run once the snooze has ended.
     */
    snoozed: number;
    /**
     * The contact's rep is away without a stand-in (`presence reps away ID --hold`, no deputy, or the deputy away
     * too): not drafted until the rep is back (reps/absence.ts).
     */
    held: number;
  };
  /** Reps whose part of this scheduled slot moved off a public holiday where they work, and the day it runs on. */
  deferredReps?: Array<{ repId: string; on: string }>;
  /** The reps whose customers were held, and their last day away. */
  heldReps?: Array<{ repId: string; until: string; contacts: number }>;
  /** The reps a deputy stood in for in this run. */
  standIns?: Array<{ repId: string; deputyId: string; until: string }>;
  /** Set when the system is paused: nothing was planned. */
  paused?: boolean;
  /**
   * Set when `stopAt` came before the end: the reps not yet planned to the end, in order, and for those stopped
   * half-way the cursor of their next page. Planning them again with `resume` finishes the run.
   */
  continuation?: { reps: string[]; cursors: Record<string, string> };
}

/** Up to this many reps named in `reps` are read one by one instead of listing every rep (a worker plans a few). */
const NAMED_REPS_MAX = 25;

/** Reps whose contacts are read at the same time: their reads hide behind the draft writes. */
const REP_CONCURRENCY = 8;
/**
 * Most drafts per putDrafts call. The writer takes whatever is queued, up to this: many BatchWriteItem requests of
 * 25 per call keep the ledger's concurrent writes busy instead of waiting for the slowest request of a small call.
 */
const WRITE_BATCH = 1_000;
/** Drafts rendered between two yields to the event loop. */
const RENDER_SLICE = 25;
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Suppression lists up to this length are read whole at the start of a run (see PlanCampaignInput). */
const SUPPRESSION_LIST_MAX = 2_000;
/** Queued drafts above which readers wait for the writer, so memory stays bounded on big ledgers. */
const HIGH_WATER = 2_000;

/**
 * Writes drafts in the background while the planner reads and renders: one putDrafts call at a time (the ledger
 * spreads it over its own concurrent BatchWriteItem requests), the next batch starting as soon as the previous
 * one is stored. A failure stops the queue and is reported to the next push and to flush, never left as an
 * unhandled rejection.
 */
class DraftWriteQueue {
  private readonly queue: Draft[] = [];
  private running: Promise<void> | undefined;
  /** Settles when the batch being written is stored (or failed): readers held back wait for it. */
  private batchDone: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly ledger: PlanLedger) {}

  async push(drafts: readonly Draft[]): Promise<void> {
    this.check();
    this.queue.push(...drafts);
    this.start();
    while (this.queue.length > HIGH_WATER && this.running) await this.batchDone;
    this.check();
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }

  private start(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = (async () => {
      try {
        while (this.queue.length > 0) {
          const write = this.ledger.putDrafts(this.queue.splice(0, WRITE_BATCH));
          this.batchDone = write.then(
            () => undefined,
            () => undefined,
          );
          await write;
        }
      } catch (error) {
        this.failure = { error };
      } finally {
        this.running = undefined;
      }
    })();
  }
}

export async function planCampaign(deps: PlanCampaignDeps, input: PlanCampaignInput): Promise<PlanResult> {
  const { ledger, clock, logger } = deps;
  const { campaign, runAt } = input;
  const runId = runIdOf(campaign.id, runAt);
  const dueBy = (input.dueBy ?? runAt).toISOString();
  // a snooze ends when the moment the run looks up to reaches it: the contact is due again then
  const dueAt = new Date(dueBy);
  const result: PlanResult = { runId, dueBy, considered: 0, drafted: 0, needsFix: 0, skipped: { suppressed: 0, notDue: 0, openDraft: 0, otherRep: 0, snoozed: 0, held: 0 } };

  if (await ledger.isPaused()) {
    logger.warn('presence is paused; the campaign run planned nothing', { campaignId: campaign.id, runId });
    return { ...result, paused: true };
  }

  // Broken or missing templates stop the run before anything is written.
  const templates = deps.templates.forCampaign(campaign, deps.config ? { homeCountry: deps.config.homeCountry } : {});
  const now = clock.now();
  const stamps = { createdAt: now.toISOString(), expiresAt: addDays(now, campaign.drafts.expiresAfterDays) };
  // Read units are the same for any page size (they count bytes), but every request costs latency: full pages.
  const pageSize = input.pageSize;

  // A short suppression list (the usual case) is read once: cheaper than looking up every due address. It is read
  // at the start of the run; an address suppressed while the run is going is caught when the draft is sent.
  const [allReps, suppressedList] = await Promise.all([repsOfRun(ledger, input.reps), ledger.suppressedHashesUpTo(input.suppressionListMax ?? SUPPRESSION_LIST_MAX)]);
  const reps = allReps.filter(
    (r) => (campaign.audience.reps.length === 0 || campaign.audience.reps.includes(r.id)) && (!input.reps || input.reps.includes(r.id)),
  );
  const writer = new DraftWriteQueue(ledger);
  let failure: { error: unknown } | undefined;

  const repById = new Map(allReps.map((r) => [r.id, r]));
  if (input.moveOffHolidays) {
    const deferred = await deferHolidayReps(ledger, { campaignId: campaign.id, runAt, reps, move: input.moveOffHolidays });
    if (deferred.length > 0) result.deferredReps = deferred;
  }
  // where a stop left the reps: the cursor of the next page of those stopped half-way
  const stoppedAt = new Map<string, string>();
  const notStarted: string[] = [];
  const timeIsUp = () => input.stopAt !== undefined && clock.now().getTime() >= input.stopAt.getTime();

  const planRep = async (rep: Rep) => {
    const absence = absenceAt(rep, runAt, (id) => repById.get(id));
    if (absence.mode === 'hold') return holdRep(rep, absence.until);
    const standIn = absence.mode === 'deputy' ? { deputy: absence.deputy, until: absence.until } : undefined;
    if (standIn) (result.standIns ??= []).push({ repId: rep.id, deputyId: standIn.deputy.id, until: standIn.until });
    // The open drafts are read alongside the first page. The set also grows as drafts are made, so a contact
    // that shows up on two pages (its due date moved during the run) is drafted once.
    const resumeAt = input.resume?.[rep.id];
    const [taken, first] = await Promise.all([
      ledger.listOpenDraftContactIds(rep.id, runId),
      ledger.listContactsByRep(rep.id, { dueBy, limit: pageSize, ...(resumeAt ? { cursor: resumeAt } : {}) }),
    ]);
    let page = first;
    for (;;) {
      if (failure) return;
      // out of time: this page is the last; the next one is where a continuation goes on
      const stop = page.cursor !== undefined && timeIsUp();
      // the next page is read while this one is checked and rendered
      const next = page.cursor && !stop ? ledger.listContactsByRep(rep.id, { dueBy, cursor: page.cursor, limit: pageSize }) : undefined;
      // a failure below leaves `next` unawaited: mark it handled, its own error is not the interesting one
      next?.catch(() => undefined);
      const drafts = await draftPage({ contacts: page.items, rep, standIn, taken, templates, campaign, runId, runAt, dueAt, stamps, ledger, suppressedList, result });
      await writer.push(drafts);
      if (stop) {
        stoppedAt.set(rep.id, page.cursor!);
        return;
      }
      if (!next) return;
      page = await next;
    }
  };

  /** The rep is away and nobody stands in: the due customers are counted, not drafted. */
  const holdRep = async (rep: Rep, until: string) => {
    let contacts = 0;
    let cursor: string | undefined;
    // a contact with an open draft (written before the absence, or by the deputy) is counted as such, as always
    const taken = await ledger.listOpenDraftContactIds(rep.id, runId);
    do {
      const page = await ledger.listContactsByRep(rep.id, { dueBy, cursor, limit: pageSize });
      result.considered += page.items.length;
      for (const c of page.items) {
        if (c.repId !== rep.id) result.skipped.otherRep++;
        else if (taken.has(c.id)) result.skipped.openDraft++;
        else contacts++;
      }
      cursor = page.cursor;
    } while (cursor);
    result.skipped.held += contacts;
    (result.heldReps ??= []).push({ repId: rep.id, until, contacts });
  };

  let next = 0;
  const worker = async () => {
    while (next < reps.length && !failure) {
      // the first rep is always started, so a unit handed on again and again still gets through (a page at least)
      const rep = reps[next++]!;
      if (next > 1 && timeIsUp()) {
        notStarted.push(rep.id);
        continue;
      }
      try {
        await planRep(rep);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REP_CONCURRENCY, reps.length) }, worker));
  try {
    await writer.flush();
  } catch (error) {
    failure ??= { error };
  }
  if (failure) throw failure.error;
  if (stoppedAt.size > 0 || notStarted.length > 0) {
    // in the reps' own order, so a continuation plans them as this run would have
    const left = new Set([...stoppedAt.keys(), ...notStarted]);
    result.continuation = { reps: reps.filter((r) => left.has(r.id)).map((r) => r.id), cursors: Object.fromEntries(stoppedAt) };
  }
  if (result.considered === 0 && !result.continuation) {
    const nextDueAt = await earliestDue(ledger, reps);
    if (nextDueAt) result.nextDueAt = nextDueAt;
  }

  logger.info('campaign run planned', {
    campaignId: campaign.id,
    runId,
    reps: reps.length,
    drafted: result.drafted,
    needsFix: result.needsFix,
    ...result.skipped,
  });
  return result;
}

/**
 * A scheduled slot's reps whose slot day is a public holiday where they work are taken out of `reps` (in place) and
 * written down as a deferred run, to be planned on their next business day (calendar/holiday-runs.ts).
 */
export async function deferHolidayReps(
  ledger: Partial<Pick<Ledger, 'putDeferredRun'>>,
  input: { campaignId: string; runAt: Date; reps: Rep[]; move: HolidayMove },
): Promise<Array<{ repId: string; on: string }>> {
  const deferred: Array<{ repId: string; on: string }> = [];
  for (let i = input.reps.length - 1; i >= 0; i--) {
    const on = movedRunDay(input.reps[i]!, input.runAt, input.move);
    if (on) {
      deferred.unshift({ repId: input.reps[i]!.id, on });
      input.reps.splice(i, 1);
    }
  }
  if (deferred.length > 0) {
    if (!ledger.putDeferredRun) throw new Error('moving runs off holidays needs a ledger that keeps deferred runs');
    // written before planning the rest: a slot that fails later is retried and writes the same again
    await ledger.putDeferredRun({ campaignId: input.campaignId, runAt: input.runAt.toISOString(), reps: deferred });
  }
  return deferred;
}

/**
 * The reps a run may plan, and every rep they may need (a deputy standing in): a few named reps are read by id with
 * their deputies, so a worker planning one rep does not list all 2,000; otherwise every rep.
 */
async function repsOfRun(ledger: Pick<Ledger, 'getRep' | 'listReps'>, named: readonly string[] | undefined): Promise<Rep[]> {
  if (!named || named.length > NAMED_REPS_MAX) return ledger.listReps();
  const found = new Map<string, Rep>();
  const read = async (ids: readonly string[]) => {
    for (const rep of await Promise.all(ids.filter((id) => !found.has(id)).map((id) => ledger.getRep(id)))) if (rep) found.set(rep.id, rep);
  };
  await read([...new Set(named)]);
  await read([...found.values()].flatMap((r) => (r.away?.deputy ? [r.away.deputy] : [])));
  return [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The earliest due date among the reps' contacts: the first entry of each rep's due index. */
async function earliestDue(ledger: PlanLedger, reps: readonly Rep[]): Promise<string | undefined> {
  let earliest: string | undefined;
  for (const rep of reps) {
    const first = (await ledger.listContactsByRep(rep.id, { limit: 1 })).items[0];
    if (first && (!earliest || first.nextDueAt < earliest)) earliest = first.nextDueAt;
  }
  return earliest;
}

async function draftPage(args: {
  contacts: Contact[];
  rep: Rep;
  /** The rep is away: the deputy writes, in the rep's name's stead (reps/absence.ts). */
  standIn?: { deputy: Rep; until: string };
  taken: Set<string>;
  templates: CampaignTemplates;
  campaign: Campaign;
  runId: string;
  runAt: Date;
  /** The moment contacts count as due by; a snooze ending at or before it no longer holds. */
  dueAt: Date;
  stamps: { createdAt: string; expiresAt: string };
  ledger: PlanLedger;
  /** The whole suppression list, when it was short enough to read at the start. */
  suppressedList: Set<string> | undefined;
  result: PlanResult;
}): Promise<Draft[]> {
  const { rep, taken, templates, campaign, runId, runAt, stamps, result } = args;
  const candidates: Contact[] = [];
  result.considered += args.contacts.length;
  for (const contact of args.contacts) {
    // The one-open-draft rule is checked per rep: every open draft of a contact belongs to its current rep
    // (a move withdraws them, contacts/save-contact.ts). The index may still list a contact that just moved.
    if (contact.repId !== rep.id) result.skipped.otherRep++;
    else if (!inAudience(contact, campaign.audience, runAt)) result.skipped.notDue++;
    else if (!mayContact(contact)) result.skipped.suppressed++;
    else if (snoozeHolding(contact, args.dueAt, campaign.id)) result.skipped.snoozed++;
    else if (taken.has(contact.id)) result.skipped.openDraft++;
    else candidates.push(contact);
  }

  // The addresses of the email contacts: checked against the list read at the start, or else one batched look-up per page.
  const hashes = new Map<string, string>();
  for (const c of candidates) if (c.channel === 'email' && c.email) hashes.set(c.id, hashEmail(c.email));
  const suppressed =
    args.suppressedList ?? (hashes.size > 0 ? await args.ledger.suppressedAmong([...new Set(hashes.values())]) : new Set<string>());

  const drafts: Draft[] = [];
  let sinceYield = 0;
  for (const contact of candidates) {
    // Rendering is the planner's only CPU-heavy step; letting the event loop in now and then keeps the draft
    // writes in flight moving instead of waiting behind a whole page of rendering.
    if (++sinceYield >= RENDER_SLICE) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
    const hash = hashes.get(contact.id);
    if (hash !== undefined && suppressed.has(hash)) {
      result.skipped.suppressed++;
      continue;
    }
    const rendered = args.standIn ? templates.render({ contact, rep: args.standIn.deputy, runAt, standIn: { rep, until: args.standIn.until } }) : templates.render({ contact, rep, runAt });
    const needsFix = rendered.missing.length > 0;
    drafts.push({
      id: draftIdOf(runId, contact.id),
      campaignId: campaign.id,
      runId,
      contactId: contact.id,
      repId: rep.id,
      channel: contact.channel,
      kind: rendered.kind,
      locale: contact.locale,
      status: needsFix ? 'needs_fix' : 'pending_approval',
      content: rendered.content,
      missing: rendered.missing,
      createdAt: stamps.createdAt,
      updatedAt: stamps.createdAt,
      expiresAt: stamps.expiresAt,
      version: 1,
      ...(args.standIn ? { deputyId: args.standIn.deputy.id } : {}),
      // the window travels with the mail: the sender reads it there, without the campaign file
      ...(rendered.kind === 'email' && campaign.sendWindow ? { sendWindow: campaign.sendWindow } : {}),
    });
    taken.add(contact.id);
    if (needsFix) result.needsFix++;
    else result.drafted++;
  }
  return drafts;
}
