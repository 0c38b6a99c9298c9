// notifyReps: after a campaign run is planned, every rep with drafts in it gets one digest mail, in the rep's
// language, with a link per draft, a "review all" link, a "done" link per visit/call task, the drafts that lack
// data, and (when given) the customers who have not heard from the rep in a while.
//
// One digest per rep per run: a marker record in the token store (hash of "digest-sent", run and rep; never a
// valid link) is created before sending and marked used after. A duplicate run (the scheduler delivers at least
// once) finds the marker and skips the rep. A marker that was claimed but never marked sent (the sender died or
// the mail failed) is taken over after CLAIM_STALE_MS, so a retry of the run delivers it; `force` re-sends.
import type { PresenceConfig } from '../config';
import { VersionConflict } from '../errors';
import { sha256Hex } from '../ids';
import { languageOf, senderOf, type Channel, type Contact, type Draft, type Language, type Rep } from '../model';
import type { Clock, InboxEntry, Ledger, Logger, Mailer, Secrets } from '../ports';
import { logAddressOf } from '../inbound/inbound-addresses';
import { checkPublicBaseUrl, linkUrl } from './links';
import type { MailRenderer } from './mail-renderer';
import { contactLabel, mailStringsFor as stringsFor } from './mail-strings';
import { mailToRep } from './rep-mail';
import { issueLink, issueLinks } from './tokens';

/** A customer the rep has not reached within the cadence (shape of coverage's silentCustomersOf entries). */
export interface DigestSilentCustomer {
  contactId: string;
  name: string;
  company?: string;
  silentDays?: number;
  lastTouchAt?: string;
}

export interface NotifyRepsDeps {
  ledger: Pick<Ledger, 'getContacts' | 'getRep' | 'getToken' | 'listDrafts' | 'listRunDraftsOfRep' | 'putToken' | 'putTokens' | 'useToken' | 'listUnshownInbox' | 'markInboxShown'>;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  config: Pick<PresenceConfig, 'publicBaseUrl' | 'senderAddress' | 'linkTtlHours' | 'receivingDomain'>;
  mails: MailRenderer;
  /** Signs the rep's logging address shown in the footer (with config.receivingDomain). */
  secrets?: Secrets;
}

export interface NotifyRepsInput {
  runId: string;
  /** Shown in the digest (a function: asked with the rep's language); the campaign id when absent. */
  campaignName?: string | ((language: Language) => string);
  /** Link lifetime set by the campaign; config.linkTtlHours otherwise. */
  linkTtlHours?: number;
  /**
   * The "silent customers" section: per rep id, or a function asked once per mailed rep
   * (e.g. `(repId) => silentCustomersOf(deps, repId, 5)` from functions/core/coverage).
   */
  silentCustomers?: Readonly<Record<string, readonly DigestSilentCustomer[]>> | ((repId: string) => Promise<readonly DigestSilentCustomer[]>);
  /** Send again even when this run's digest already went out (`presence notify RUN --force`). */
  force?: boolean;
  /**
   * Only these writers' digests, each holding the drafts of the named reps (the writer's own and those of reps the
   * writer stands in for), read page by page from each rep's own index key: a slot's worker mails its digest
   * without reading the rest of the run. Without it every digest of the run, from the status index.
   */
  writers?: ReadonlyArray<{ writer: string; reps: readonly string[] }>;
}

/** What a digest needs of a draft: everything but the words (a rep with 10,000 drafts keeps a few MB, not 20). */
export type DigestDraft = Pick<Draft, 'id' | 'campaignId' | 'contactId' | 'repId' | 'deputyId' | 'kind' | 'channel' | 'status' | 'version' | 'expiresAt' | 'missing'> & {
  content: Pick<Draft['content'], 'subject'>;
};

function slim(d: Draft): DigestDraft {
  return {
    id: d.id,
    campaignId: d.campaignId,
    contactId: d.contactId,
    repId: d.repId,
    ...(d.deputyId ? { deputyId: d.deputyId } : {}),
    kind: d.kind,
    channel: d.channel,
    status: d.status,
    version: d.version,
    expiresAt: d.expiresAt,
    missing: d.missing,
    content: { subject: d.content.subject },
  };
}

const inDigest = (d: Pick<Draft, 'status'>) => d.status === 'pending_approval' || d.status === 'needs_fix';

export type DigestOutcome = 'sent' | 'already_sent' | 'in_progress' | 'unknown_rep' | 'failed';

export interface NotifyRepsResult {
  runId: string;
  digests: Array<{ repId: string; pending: number; tasks: number; needsFix: number; outcome: DigestOutcome }>;
}

export const CLAIM_STALE_MS = 2 * 60_000;
const MARKER_TTL_HOURS = 14 * 24;
const SILENT_SHOWN = 10;
/** Replies and absence notices shown in one digest; more wait for the next one. */
const INBOX_SHOWN = 50;
const CHANNEL_ORDER: readonly Channel[] = ['email', 'letter', 'call', 'visit'];
/** Link tokens stored per batch call (the ledger spreads it over BatchWriteItem requests of 25). */
const LINK_BATCH = 500;
/**
 * Mails and letters listed one by one in a digest, each with its own link; the rest are reached through review-all.
 * A rep with 10,000 drafts gets a mail of a readable size instead of 10,000 links (several MB).
 */
export const DIGEST_DRAFTS_LISTED = 100;
/**
 * Drafts one review-all link covers: its token holds their ids, and a token is one DynamoDB item (400 KB at most),
 * so a rep with thousands of drafts gets several review-all links, each a page of a readable length.
 */
export const REVIEW_ALL_PART = 200;

export function digestMarkerHash(runId: string, repId: string): string {
  return sha256Hex(`digest-sent\n${runId}\n${repId}`);
}

export async function notifyReps(deps: NotifyRepsDeps, input: NotifyRepsInput): Promise<NotifyRepsResult> {
  checkPublicBaseUrl(deps.config);
  const byRep = input.writers ? await draftsOfWriters(deps.ledger, input.runId, input.writers) : await draftsOfRun(deps.ledger, input.runId);
  const result: NotifyRepsResult = { runId: input.runId, digests: [] };
  for (const [repId, repDrafts] of [...byRep].sort(([a], [b]) => a.localeCompare(b))) {
    const counts = {
      pending: repDrafts.filter((d) => d.status === 'pending_approval' && d.kind !== 'task').length,
      tasks: repDrafts.filter((d) => d.status === 'pending_approval' && d.kind === 'task').length,
      needsFix: repDrafts.filter((d) => d.status === 'needs_fix').length,
    };
    const outcome = await notifyRep(deps, input, repId, repDrafts);
    result.digests.push({ repId, ...counts, outcome });
  }
  return result;
}

/** Every digest of the run: its waiting drafts from the status index, by writer. */
async function draftsOfRun(ledger: Pick<Ledger, 'listDrafts'>, runId: string): Promise<Map<string, DigestDraft[]>> {
  const byRep = new Map<string, DigestDraft[]>();
  for (const status of ['pending_approval', 'needs_fix'] as const) {
    let cursor: string | undefined;
    do {
      const page = await ledger.listDrafts({ runId, status, cursor });
      // the writer's digest: a deputy standing in gets the absent rep's drafts, the absent rep gets none
      for (const d of page.items) if (d.runId === runId && d.status === status) push(byRep, senderOf(d), slim(d));
      cursor = page.cursor;
    } while (cursor);
  }
  return byRep;
}

/** The named writers' digests: each rep's drafts of the run from the rep's own index key, page by page. */
async function draftsOfWriters(
  ledger: Pick<Ledger, 'listRunDraftsOfRep'>,
  runId: string,
  writers: NonNullable<NotifyRepsInput['writers']>,
): Promise<Map<string, DigestDraft[]>> {
  const byRep = new Map<string, DigestDraft[]>();
  for (const { writer, reps } of writers) {
    byRep.set(writer, []);
    for (const repId of new Set(reps)) {
      let cursor: string | undefined;
      do {
        const page = await ledger.listRunDraftsOfRep(repId, runId, { cursor });
        for (const d of page.items) if (d.runId === runId && inDigest(d) && senderOf(d) === writer) push(byRep, writer, slim(d));
        cursor = page.cursor;
      } while (cursor);
    }
    if (byRep.get(writer)!.length === 0) byRep.delete(writer);
  }
  return byRep;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function notifyRep(deps: NotifyRepsDeps, input: NotifyRepsInput, repId: string, drafts: DigestDraft[]): Promise<DigestOutcome> {
  const rep = await deps.ledger.getRep(repId);
  if (!rep) {
    deps.logger.warn('digest skipped: rep unknown', { runId: input.runId, repId });
    return 'unknown_rep';
  }
  const marker = digestMarkerHash(input.runId, repId);
  if (!input.force) {
    const claim = await claimDigest(deps, marker, repId);
    if (claim !== 'claimed') return claim;
  }
  let shown: InboxEntry[];
  try {
    const digest = await buildDigest(deps, input, rep, drafts);
    shown = digest.inbox;
    await deps.mailer.send(mailToRep(deps.config, rep, digest.mail, 'digest'));
  } catch (error) {
    deps.logger.error('digest not sent', { runId: input.runId, repId, error: error instanceof Error ? error.name : 'unknown' });
    return 'failed';
  }
  await deps.ledger.useToken(marker, deps.clock.now().toISOString());
  // what the digest told the rep is not told again; a failure here only means the next digest repeats it
  await deps.ledger.markInboxShown(shown, deps.clock.now().toISOString()).catch((error: unknown) => {
    deps.logger.warn('digest: inbox not marked shown', { repId, error: error instanceof Error ? error.name : 'unknown' });
  });
  deps.logger.info('digest sent', { runId: input.runId, repId, drafts: drafts.length });
  return 'sent';
}

async function claimDigest(deps: NotifyRepsDeps, marker: string, repId: string): Promise<'claimed' | 'already_sent' | 'in_progress'> {
  const now = deps.clock.now();
  try {
    // the marker is a hash of a public string, not of a token: loadLink refuses it by shape before hashing
    await deps.ledger.putToken({
      hash: marker,
      kind: 'digest',
      repId,
      draftIds: [],
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + MARKER_TTL_HOURS * 3_600_000).toISOString(),
    });
    return 'claimed';
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
  }
  const existing = await deps.ledger.getToken(marker);
  if (!existing || existing.usedAt) return 'already_sent';
  return now.getTime() - Date.parse(existing.createdAt) >= CLAIM_STALE_MS ? 'claimed' : 'in_progress';
}

async function buildDigest(deps: NotifyRepsDeps, input: NotifyRepsInput, rep: Rep, drafts: DigestDraft[]) {
  const language = languageOf(rep.locale);
  const t = stringsFor(language);
  const ttlHours = input.linkTtlHours ?? deps.config.linkTtlHours;
  // a customer who has a draft in this digest is being taken care of: not "silent" here
  const drafted = new Set(drafts.map((d) => d.contactId));
  const silentFor = (typeof input.silentCustomers === 'function' ? await input.silentCustomers(rep.id) : (input.silentCustomers?.[rep.id] ?? [])).filter(
    (s) => !drafted.has(s.contactId),
  );
  // replies and absence notices that came in since the last digest (the inbound path)
  const inbox = await deps.ledger.listUnshownInbox(rep.id, INBOX_SHOWN);
  // which mails and letters are listed one by one is chosen before any contact is read (by contact id, a stable
  // order), so a rep with 10,000 drafts has the contacts of the listed ones read, not all 10,000
  const byContact = (a: DigestDraft, b: DigestDraft) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : a.id < b.id ? -1 : 1);
  const pending = drafts.filter((d) => d.status === 'pending_approval').sort(byContact);
  const listedApprovable = new Set(pending.filter((d) => d.kind !== 'task').slice(0, DIGEST_DRAFTS_LISTED).map((d) => d.id));
  const shown = drafts.filter((d) => d.kind === 'task' || d.status === 'needs_fix' || listedApprovable.has(d.id));
  const contactIds = [...new Set([...shown.map((d) => d.contactId), ...inbox.map((e) => e.contactId)])];
  const contacts = new Map((await deps.ledger.getContacts(contactIds)).map((c): [string, Contact] => [c.id, c]));
  // drafts the rep writes for an absent colleague say so
  const absent = new Map<string, Rep | undefined>();
  for (const id of new Set(drafts.filter((d) => d.deputyId).map((d) => d.repId))) absent.set(id, await deps.ledger.getRep(id));
  const standInNote = (d: DigestDraft) => {
    const other = d.deputyId ? absent.get(d.repId) : undefined;
    return other ? ` – ${t.standInFor(other.name, other.away ? t.date(`${other.away.until}T12:00:00Z`, 'UTC') : '?')}` : '';
  };
  const label = (d: DigestDraft) => contactLabel(contacts.get(d.contactId), d.contactId);
  const byLabel = (a: DigestDraft, b: DigestDraft) => label(a).localeCompare(label(b), language) || a.id.localeCompare(b.id);

  // review-all covers every mail and letter, in contact-id order
  const approvable = pending.filter((d) => d.kind !== 'task');
  const tasks = pending.filter((d) => d.kind === 'task');
  const needsFix = drafts.filter((d) => d.status === 'needs_fix').sort(byLabel);

  // one link per listed draft (every task, the first mails and letters), their tokens stored in batches
  // (BatchWriteItem); review-all links for the whole list, REVIEW_ALL_PART drafts each
  const listed = pending.filter((d) => d.kind === 'task' || listedApprovable.has(d.id)).sort(byLabel);
  const urls = new Map<string, string>();
  let latestExpiry = 0;
  for (let i = 0; i < listed.length; i += LINK_BATCH) {
    const part = listed.slice(i, i + LINK_BATCH);
    const kindOf = (d: DigestDraft) => (d.kind === 'task' ? 'task' : 'draft');
    const links = await issueLinks(
      deps,
      part.map((d) => ({ kind: kindOf(d), repId: rep.id, draftIds: [d.id], draftVersion: d.version, ttlHours, notAfter: d.expiresAt })),
    );
    part.forEach((d, j) => {
      const { token, record } = links[j]!;
      latestExpiry = Math.max(latestExpiry, Date.parse(record.expiresAt));
      urls.set(d.id, linkUrl(deps.config.publicBaseUrl, kindOf(d), token));
    });
  }
  const reviewParts: Array<{ url: string; from: number; to: number }> = [];
  if (approvable.length >= 2) {
    for (let i = 0; i < approvable.length; i += REVIEW_ALL_PART) {
      const part = approvable.slice(i, i + REVIEW_ALL_PART);
      const notAfter = new Date(Math.max(...part.map((d) => Date.parse(d.expiresAt)))).toISOString();
      const { token, record } = await issueLink(deps, { kind: 'digest', repId: rep.id, draftIds: part.map((d) => d.id), ttlHours, notAfter });
      latestExpiry = Math.max(latestExpiry, Date.parse(record.expiresAt));
      reviewParts.push({ url: linkUrl(deps.config.publicBaseUrl, 'digest', token), from: i + 1, to: i + part.length });
    }
  }

  const detailOf = (d: DigestDraft): string => {
    if (d.kind !== 'task') return d.content.subject;
    const c = contacts.get(d.contactId);
    if (d.channel === 'call') return c?.phone ? `${t.phone}: ${c.phone}` : '';
    return c ? [c.address.street, [c.address.postalCode, c.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  };
  const groups = CHANNEL_ORDER.map((channel) => ({
    label: t.channels[channel],
    items: listed
      .filter((d) => d.channel === channel)
      .map((d) => ({ title: `${label(d)}${standInNote(d)}`, detail: detailOf(d), url: urls.get(d.id)!, isTask: d.kind === 'task' })),
  })).filter((g) => g.items.length > 0);

  const silent = silentFor.slice(0, SILENT_SHOWN).map((s) => ({
    name: s.name && s.company ? `${s.name} (${s.company})` : s.name || s.company || s.contactId,
    lastTouch: s.lastTouchAt ? t.date(s.lastTouchAt, rep.timeZone) : '',
  }));
  const inboxLabel = (e: InboxEntry) => contactLabel(contacts.get(e.contactId), e.contactId);
  const replies = inbox
    .filter((e) => e.kind === 'reply')
    .map((e) => ({ name: inboxLabel(e), at: t.dateTime(e.at, rep.timeZone), excerpt: e.excerpt ?? '' }));
  const away = inbox.filter((e) => e.kind === 'away').map((e) => ({ name: inboxLabel(e), until: e.until ? t.date(`${e.until}T12:00:00Z`, rep.timeZone) : '' }));
  const key = deps.config.receivingDomain && deps.secrets ? await deps.secrets.signingKey() : undefined;
  const logAddress = key && deps.config.receivingDomain ? logAddressOf(key, deps.config.receivingDomain, rep.id) : undefined;
  const expiresAt = latestExpiry ? new Date(latestExpiry).toISOString() : new Date(deps.clock.now().getTime() + ttlHours * 3_600_000).toISOString();
  const model = {
    repName: rep.name,
    campaign: (typeof input.campaignName === 'function' ? input.campaignName(language) : input.campaignName) || drafts[0]?.campaignId || input.runId,
    pendingCount: approvable.length,
    onePending: approvable.length === 1,
    taskCount: tasks.length,
    oneTask: tasks.length === 1,
    // one review-all link, or several (1-200, 201-400, ...) for a long list
    reviewAllUrl: reviewParts.length === 1 ? reviewParts[0]!.url : undefined,
    reviewParts: reviewParts.length > 1 ? reviewParts : [],
    // mails and letters not listed one by one: in the review-all pages
    notListed: approvable.length - listedApprovable.size,
    groups,
    needsFix: needsFix.map((d) => ({ title: label(d), channel: t.channels[d.channel], missing: d.missing.join(', ') || '?' })),
    silent,
    silentMore: Math.max(0, silentFor.length - SILENT_SHOWN),
    expiresAt: t.dateTime(expiresAt, rep.timeZone),
    replies,
    away,
    logAddress,
  };
  return { mail: await deps.mails.render('digest', language, model), inbox };
}
