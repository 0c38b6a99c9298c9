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
import { languageOf, senderOf, type Channel, type Contact, type Draft, type Rep } from '../model';
import type { Clock, InboxEntry, Ledger, Logger, Mailer, Secrets } from '../ports';
import { logAddressOf } from '../inbound/inbound-addresses';
import { checkPublicBaseUrl, linkUrl } from './links';
import type { MailRenderer } from './mail-renderer';
import { contactLabel, stringsFor } from './messages';
import { mailToRep } from './rep-mail';
import { issueLink } from './tokens';

/** A customer the rep has not reached within the cadence (shape of coverage's silentCustomersOf entries). */
export interface DigestSilentCustomer {
  contactId: string;
  name: string;
  company?: string;
  silentDays?: number;
  lastTouchAt?: string;
}

export interface NotifyRepsDeps {
  ledger: Pick<Ledger, 'getContacts' | 'getRep' | 'getToken' | 'listDrafts' | 'putToken' | 'useToken' | 'listUnshownInbox' | 'markInboxShown'>;
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
  /** Shown in the digest; the campaign id when absent. */
  campaignName?: string;
  /** Link lifetime set by the campaign; config.linkTtlHours otherwise. */
  linkTtlHours?: number;
  /**
   * The "silent customers" section: per rep id, or a function asked once per mailed rep
   * (e.g. `(repId) => silentCustomersOf(deps, repId, 5)` from functions/core/coverage).
   */
  silentCustomers?: Readonly<Record<string, readonly DigestSilentCustomer[]>> | ((repId: string) => Promise<readonly DigestSilentCustomer[]>);
  /** Send again even when this run's digest already went out (`presence notify RUN --force`). */
  force?: boolean;
}

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
const PARALLEL_LINKS = 8;

export function digestMarkerHash(runId: string, repId: string): string {
  return sha256Hex(`digest-sent\n${runId}\n${repId}`);
}

export async function notifyReps(deps: NotifyRepsDeps, input: NotifyRepsInput): Promise<NotifyRepsResult> {
  checkPublicBaseUrl(deps.config);
  const drafts = [...(await listRunDrafts(deps.ledger, input.runId, 'pending_approval')), ...(await listRunDrafts(deps.ledger, input.runId, 'needs_fix'))];
  const byRep = new Map<string, Draft[]>();
  // the writer's digest: a deputy standing in gets the absent rep's drafts, the absent rep gets none
  for (const d of drafts) byRep.set(senderOf(d), [...(byRep.get(senderOf(d)) ?? []), d]);
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

async function listRunDrafts(ledger: Pick<Ledger, 'listDrafts'>, runId: string, status: 'pending_approval' | 'needs_fix'): Promise<Draft[]> {
  const out: Draft[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.listDrafts({ runId, status, cursor });
    out.push(...page.items.filter((d) => d.runId === runId && d.status === status));
    cursor = page.cursor;
  } while (cursor);
  return out;
}

async function notifyRep(deps: NotifyRepsDeps, input: NotifyRepsInput, repId: string, drafts: Draft[]): Promise<DigestOutcome> {
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

async function buildDigest(deps: NotifyRepsDeps, input: NotifyRepsInput, rep: Rep, drafts: Draft[]) {
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
  const contactIds = [...new Set([...drafts.map((d) => d.contactId), ...inbox.map((e) => e.contactId)])];
  const contacts = new Map((await deps.ledger.getContacts(contactIds)).map((c): [string, Contact] => [c.id, c]));
  // drafts the rep writes for an absent colleague say so
  const absent = new Map<string, Rep | undefined>();
  for (const id of new Set(drafts.filter((d) => d.deputyId).map((d) => d.repId))) absent.set(id, await deps.ledger.getRep(id));
  const standInNote = (d: Draft) => {
    const other = d.deputyId ? absent.get(d.repId) : undefined;
    return other ? ` – ${t.standInFor(other.name, other.away ? t.date(`${other.away.until}T12:00:00Z`, 'UTC') : '?')}` : '';
  };
  const label = (d: Draft) => contactLabel(contacts.get(d.contactId), d.contactId);
  const byLabel = (a: Draft, b: Draft) => label(a).localeCompare(label(b), language) || a.id.localeCompare(b.id);

  const pending = drafts.filter((d) => d.status === 'pending_approval').sort(byLabel);
  const approvable = pending.filter((d) => d.kind !== 'task');
  const tasks = pending.filter((d) => d.kind === 'task');
  const needsFix = drafts.filter((d) => d.status === 'needs_fix').sort(byLabel);

  // one link per draft (issued in small parallel batches), one for the whole list
  const urls = new Map<string, string>();
  let latestExpiry = 0;
  for (let i = 0; i < pending.length; i += PARALLEL_LINKS) {
    await Promise.all(
      pending.slice(i, i + PARALLEL_LINKS).map(async (d) => {
        const kind = d.kind === 'task' ? 'task' : 'draft';
        const { token, record } = await issueLink(deps, { kind, repId: rep.id, draftIds: [d.id], draftVersion: d.version, ttlHours, notAfter: d.expiresAt });
        latestExpiry = Math.max(latestExpiry, Date.parse(record.expiresAt));
        urls.set(d.id, linkUrl(deps.config.publicBaseUrl, kind, token));
      }),
    );
  }
  let reviewAllUrl: string | undefined;
  if (approvable.length >= 2) {
    const notAfter = new Date(Math.max(...approvable.map((d) => Date.parse(d.expiresAt)))).toISOString();
    const { token } = await issueLink(deps, { kind: 'digest', repId: rep.id, draftIds: approvable.map((d) => d.id), ttlHours, notAfter });
    reviewAllUrl = linkUrl(deps.config.publicBaseUrl, 'digest', token);
  }

  const detailOf = (d: Draft): string => {
    if (d.kind !== 'task') return d.content.subject;
    const c = contacts.get(d.contactId);
    if (d.channel === 'call') return c?.phone ? `${t.phone}: ${c.phone}` : '';
    return c ? [c.address.street, [c.address.postalCode, c.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  };
  const groups = CHANNEL_ORDER.map((channel) => ({
    label: t.channels[channel],
    items: pending
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
    campaign: input.campaignName || drafts[0]?.campaignId || input.runId,
    pendingCount: approvable.length,
    onePending: approvable.length === 1,
    taskCount: tasks.length,
    oneTask: tasks.length === 1,
    reviewAllUrl,
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
