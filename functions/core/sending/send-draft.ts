// Sends one approved email draft as the rep, exactly once, and records the touch.
//
// The provider has no idempotency key, so "exactly once" rests on the ledger:
//   1. claim: approved -> sending, a conditional write only one sender can win. Losers do nothing.
//   2. check again what may have changed since approval: the global pause, suppression, consent, the contact.
//      Anything found here releases the claim (back to approved) or closes the draft (failed, with the reason),
//      and nothing is sent.
//   3. send, retrying only errors that prove the mail did not go out (throttling, connection refused).
//   4. one transaction: touch appended, contact's last touch / next due moved, draft sending -> sent.
// A claim that is never followed by step 4 (a crash, a lost ledger write, an answer we could not read) leaves
// the draft in `sending`; it is never sent again automatically. sweepClaims moves such drafts to
// `possibly_sent` for a person to check.
import type { PresenceConfig } from '../config';
import { DraftConflict, MailerError, ValidationError } from '../errors';
import { hashEmail } from '../ids';
import { senderOf, type Contact, type Draft, type DraftStatus, type Rep, type Touch } from '../model';
import type { Clock, HolidayCalendar, Ledger, Logger, Mailer, OutgoingMail, Secrets } from '../ports';
import { placeOfContact } from '../calendar/place';
import { nextOpenMoment } from '../calendar/send-window';
import { defaultRetryPolicy, fullJitterDelay, type RetryPolicy } from '../backoff';
import { REASSIGNED } from '../contacts/save-contact';
import { replyAddressOf } from '../inbound/inbound-addresses';
import { composeMail } from './compose-mail';
import { GRACE, sendableFrom } from './grace';
import type { RateLimiter } from './rate-limiter';
import { signUnsubscribeToken, unsubscribeUrlOf } from './unsubscribe-token';

export interface SendingDeps {
  ledger: Pick<Ledger, 'getContact' | 'getDraft' | 'getRep' | 'getSuppression' | 'isPaused' | 'recordTouch' | 'updateDraft'>;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  config: PresenceConfig;
  limiter: RateLimiter;
  /** Signs the unsubscribe links. */
  secrets: Secrets;
  /** Backoff for throttling; tests pass a fake sleep. */
  retry?: Partial<RetryPolicy>;
  /** Public holidays, for send windows that skip them; without it a window knows weekdays and hours only. */
  holidays?: HolidayCalendar;
}

/**
 * sent: mailed and recorded. skipped: not ours to send (not approved any more, claimed by another sender, not an
 * email). failed: closed as `failed` with the reason (suppressed, rejected, no consent ...). queued: not sent,
 * the draft is `approved` again and will go with a later run (paused, daily quota, throttled too long, or outside
 * its send window: then with `sendAfter` set to the window's next opening).
 * possibly_sent: the provider's answer was lost; flagged for a person. unrecorded: mailed, but the ledger write
 * failed; the draft stays `sending` and the sweeper flags it. error: failed before sending; claim released.
 */
export type SendResult = 'sent' | 'skipped' | 'failed' | 'queued' | 'possibly_sent' | 'unrecorded' | 'error';

export interface SendOutcome {
  draftId: string;
  result: SendResult;
  reason?: string;
  messageId?: string;
  /** queued for the grace period (reason `grace`): the moment the draft may go, its approval + the grace. */
  notBefore?: string;
}

/** Reasons that mean no other draft can go out now either: the batch stops. */
export const BATCH_STOPPERS: readonly string[] = ['paused', 'daily_quota', 'blocked'];

export function stopsBatch(outcome: SendOutcome): boolean {
  return outcome.result === 'queued' && BATCH_STOPPERS.includes(outcome.reason ?? '');
}

/**
 * Worth delivering again soon (e.g. an SQS retry): nothing was sent and the cause may pass. A draft still in its
 * grace period is one: its message came early (a clock ahead, a grace longer than the queue's delay), and the
 * queue's next delivery, a visibility timeout later, finds it ready.
 */
export function worthRetrying(outcome: SendOutcome): boolean {
  return outcome.result === 'error' || (outcome.result === 'queued' && (outcome.reason === 'retry_exhausted' || outcome.reason === GRACE));
}

export { GRACE, sendableFrom } from './grace';

/** One send touch per draft: the id is derived from the draft, so recording it twice is recording it once. */
export function sendTouchId(draftId: string): string {
  return `send:${draftId}`;
}

const nowIso = (clock: Clock) => clock.now().toISOString();
const NO_HOLIDAYS: HolidayCalendar = { isPublicHoliday: () => false };
const CLAIMABLE: readonly DraftStatus[] = ['approved', 'pending_approval', 'needs_fix'];
const errorName = (e: unknown) => (e instanceof MailerError ? `${e.name}:${e.kind}` : e instanceof Error ? e.name : 'unknown');

/**
 * Reads a batch may share between its drafts: the rep (the same few reps for hundreds of drafts) and the pause
 * switch (read at most once a second: a pause reaches every sender within a second, not only at batch start).
 */
export interface BatchReads {
  rep(id: string): Promise<Rep | undefined>;
  paused(): Promise<boolean>;
}

export function batchReads(ledger: Pick<Ledger, 'getContact' | 'getDraft' | 'getRep' | 'getSuppression' | 'isPaused' | 'recordTouch' | 'updateDraft'>, now: () => number = () => Date.now(), pauseTtlMs = 1000): BatchReads {
  const reps = new Map<string, Promise<Rep | undefined>>();
  let pause: { at: number; value: Promise<boolean> } | undefined;
  return {
    rep(id) {
      let r = reps.get(id);
      if (!r) {
        r = ledger.getRep(id);
        r.catch(() => reps.delete(id)); // a failed read is not remembered
        reps.set(id, r);
      }
      return r;
    },
    paused() {
      const t = now();
      if (!pause || t - pause.at >= pauseTtlMs) {
        const value = ledger.isPaused();
        value.catch(() => (pause = undefined));
        pause = { at: t, value };
      }
      return pause.value;
    },
  };
}

export async function sendDraft(deps: SendingDeps, draftId: string, reads: BatchReads = batchReads(deps.ledger)): Promise<SendOutcome> {
  const { ledger, logger } = deps;
  const draft = await ledger.getDraft(draftId);
  if (!draft) return { draftId, result: 'skipped', reason: 'not_found' };
  if (draft.kind !== 'email') return { draftId, result: 'skipped', reason: 'not_email' };
  // The read may be eventually consistent: a draft approved a moment ago can still read as pending. Those try
  // the claim (a conditional write, always current); every other status is final or someone else's.
  if (!CLAIMABLE.includes(draft.status)) return { draftId, result: 'skipped', reason: `status ${draft.status}` };
  // waiting for its send window: the sweep hands it on once the moment has come (no claim, nothing written)
  if (draft.sendAfter && draft.sendAfter > nowIso(deps.clock)) return { draftId, result: 'queued', reason: 'send_window' };
  // within the grace period the rep may still take the approval back: no claim, nothing written, it goes later
  const graceEnds = sendableFrom(draft, deps.config.approvalGraceSeconds);
  if (graceEnds && graceEnds > nowIso(deps.clock)) return { draftId, result: 'queued', reason: GRACE, notBefore: graceEnds };

  // 1. claim. Only the status is part of the condition: a version bump by anyone else (who left it approved)
  // must not make every sender believe someone else has it.
  const claimedAt = nowIso(deps.clock);
  let claimed: Draft;
  try {
    claimed = await ledger.updateDraft(draftId, { fromStatuses: ['approved'], kind: draft.kind, set: { status: 'sending', claimedAt, updatedAt: claimedAt } });
  } catch (error) {
    if (error instanceof DraftConflict) return { draftId, result: 'skipped', reason: draft.status === 'approved' ? 'claimed_elsewhere' : `status ${draft.status}` };
    throw error;
  }
  // the read may have been older than the approval (see above): the claimed record is current, and a claim made
  // within the grace period is given back, so a take-back can still win
  const claimedGraceEnds = sendableFrom(claimed, deps.config.approvalGraceSeconds);
  if (claimedGraceEnds && claimedGraceEnds > nowIso(deps.clock)) return { ...(await release(deps, claimed, 'queued', GRACE)), notBefore: claimedGraceEnds };

  // 2. check again, then build the mail. Nothing has been sent yet: any failure here may release the claim.
  let prepared: { mail: OutgoingMail } | { refusal: string } | { hold: 'paused' } | { withdraw: string } | { wait: string };
  try {
    prepared = await prepare(deps, claimed, reads);
  } catch (error) {
    logger.error('sending: preparing the mail failed; claim released', { draftId, error: errorName(error) });
    return release(deps, claimed, 'error', 'error');
  }
  if ('hold' in prepared) return release(deps, claimed, 'queued', 'paused');
  if ('wait' in prepared) return release(deps, claimed, 'queued', 'send_window', { sendAfter: prepared.wait });
  if ('refusal' in prepared) return close(deps, claimed, 'failed', prepared.refusal);
  if ('withdraw' in prepared) return close(deps, claimed, 'withdrawn', prepared.withdraw);

  // 3. send
  const policy = { ...defaultRetryPolicy, ...deps.retry };
  let messageId: string;
  for (let attempt = 0; ; attempt++) {
    await deps.limiter.acquire();
    try {
      ({ messageId } = await deps.mailer.send(prepared.mail));
      break;
    } catch (error) {
      const kind = error instanceof MailerError ? error.kind : 'unknown';
      if ((kind === 'throttled' || kind === 'transient') && attempt + 1 < policy.maxAttempts) {
        logger.warn('sending: provider asked us to slow down; retrying', { draftId, attempt: attempt + 1, kind });
        await policy.sleep(fullJitterDelay(policy, attempt));
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      logger.warn('sending: not sent', { draftId, error: errorName(error) });
      switch (kind) {
        case 'throttled':
        case 'transient':
          return release(deps, claimed, 'queued', 'retry_exhausted');
        case 'daily_quota':
          return release(deps, claimed, 'queued', 'daily_quota');
        case 'blocked':
          return release(deps, claimed, 'queued', 'blocked');
        case 'rejected':
          return close(deps, claimed, 'failed', `rejected: ${message}`.slice(0, 500));
        default:
          // The request may have reached the provider: sending again could mail twice.
          return close(deps, claimed, 'possibly_sent', `unknown outcome: ${message}`.slice(0, 500));
      }
    }
  }

  // 4. record
  return recordSent(deps, claimed, messageId);
}

async function prepare(
  deps: SendingDeps,
  draft: Draft,
  reads: BatchReads,
): Promise<{ mail: OutgoingMail } | { refusal: string } | { hold: 'paused' } | { withdraw: string } | { wait: string }> {
  const { ledger, config } = deps;
  // as the writer: the contact's rep, or the deputy who stood in while the rep was away (and approved it)
  const [paused, contact, rep] = await Promise.all([reads.paused(), ledger.getContact(draft.contactId), reads.rep(senderOf(draft))]);
  if (paused) return { hold: 'paused' };
  if (!contact) return { refusal: 'contact_missing' };
  // A contact that moved to another rep is the new rep's to write to: a draft of the old rep never goes out
  // (a reassignment withdraws them; this catches one the old rep's planner wrote while the move was stored).
  if (contact.repId !== draft.repId) return { withdraw: REASSIGNED };
  const refusal = await refusalOf(ledger, contact);
  if (refusal) return { refusal };
  if (!rep) return { refusal: 'rep_missing' };
  if (draft.sendWindow) {
    // read on the customer's wall clock and holidays, now: a mail approved at 22:40 waits for the morning
    const now = deps.clock.now();
    const opens = nextOpenMoment(now, draft.sendWindow, placeOfContact(contact, rep, config.homeCountry), deps.holidays ?? NO_HOLIDAYS);
    if (!opens) return { refusal: 'send_window_never_open' };
    if (opens > now) return { wait: opens.toISOString() };
  }
  const key = await deps.secrets.signingKey();
  const token = signUnsubscribeToken(key, { contactId: contact.id, emailHash: hashEmail(contact.email) });
  const unsubscribeUrl = unsubscribeUrlOf(config.unsubscribeBaseUrl ?? config.publicBaseUrl, token);
  try {
    const replyAddress = config.receivingDomain ? replyAddressOf(key, config.receivingDomain, draft) : undefined;
    return { mail: composeMail({ draft, contact, rep, config, unsubscribeUrl, replyAddress }) };
  } catch (error) {
    if (error instanceof ValidationError) return { refusal: `invalid_mail: ${error.message}` };
    throw error;
  }
}

/** Why this contact must not get this mail now, if anything: checked at planning and again here. */
async function refusalOf(ledger: Pick<Ledger, 'getContact' | 'getDraft' | 'getRep' | 'getSuppression' | 'isPaused' | 'recordTouch' | 'updateDraft'>, contact: Contact): Promise<string | undefined> {
  if (!contact.email) return 'no_email_address';
  if (contact.optedOut) return 'opted_out';
  if (!contact.consent.email) return 'no_consent';
  const suppression = await ledger.getSuppression(hashEmail(contact.email));
  if (suppression) return `suppressed: ${suppression.reason}`;
  return undefined;
}

/** Back to approved: nothing was sent. If even this write fails the draft stays claimed and gets flagged. */
async function release(deps: SendingDeps, draft: Draft, result: 'queued' | 'error', reason: string, more: Partial<Draft> = {}): Promise<SendOutcome> {
  try {
    await deps.ledger.updateDraft(draft.id, {
      fromStatuses: ['sending'],
      kind: draft.kind,
      set: { status: 'approved', claimedAt: undefined, updatedAt: nowIso(deps.clock), ...more },
    });
  } catch (error) {
    deps.logger.error('sending: could not release the claim; the sweeper will flag the draft', { draftId: draft.id, error: errorName(error) });
  }
  return { draftId: draft.id, result, reason };
}

async function close(deps: SendingDeps, draft: Draft, status: 'failed' | 'possibly_sent' | 'withdrawn', failure: string): Promise<SendOutcome> {
  try {
    const why = status === 'withdrawn' ? { withdrawnReason: failure } : { failure };
    await deps.ledger.updateDraft(draft.id, { fromStatuses: ['sending'], kind: draft.kind, set: { status, ...why, updatedAt: nowIso(deps.clock) } });
  } catch (error) {
    deps.logger.error(`sending: could not mark the draft ${status}; the sweeper will flag it`, { draftId: draft.id, error: errorName(error) });
  }
  return { draftId: draft.id, result: status === 'withdrawn' ? 'skipped' : status, reason: failure };
}

async function recordSent(deps: SendingDeps, draft: Draft, messageId: string): Promise<SendOutcome> {
  const { ledger, logger } = deps;
  const policy = { ...defaultRetryPolicy, ...deps.retry };
  // The same `at` on every attempt: an attempt whose answer was lost and a retry address the same touch row.
  const sentAt = nowIso(deps.clock);
  const touch: Touch = {
    id: sendTouchId(draft.id),
    contactId: draft.contactId,
    at: sentAt,
    channel: 'email',
    // the touch is the writer's; it counts for the contact all the same
    repId: senderOf(draft),
    campaignId: draft.campaignId,
    draftId: draft.id,
    source: 'send',
    messageId,
  };
  let fromStatus: 'sending' | 'possibly_sent' = 'sending';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fresh = await ledger.recordTouch({
        touch,
        draft: { id: draft.id, contactId: draft.contactId, kind: draft.kind, fromStatus, toStatus: 'sent', set: { sentAt, messageId, updatedAt: sentAt } },
      });
      if (!fresh) logger.info('sending: touch was already recorded', { draftId: draft.id, messageId });
      logger.info('sending: sent', { draftId: draft.id, messageId });
      return { draftId: draft.id, result: 'sent', messageId };
    } catch (error) {
      if (error instanceof DraftConflict) {
        // Someone moved the draft while we sent: the sweeper (it took too long) or a person. The mail did go out.
        const now = await ledger.getDraft(draft.id).catch(() => undefined);
        if (now?.status === 'sent' && now.messageId === messageId) return { draftId: draft.id, result: 'sent', messageId };
        if (now?.status === 'possibly_sent' && fromStatus === 'sending') {
          fromStatus = 'possibly_sent';
          continue;
        }
        logger.error('sending: sent, but the draft was moved meanwhile; not recorded', { draftId: draft.id, messageId, status: now?.status });
        return { draftId: draft.id, result: 'unrecorded', messageId, reason: `draft is ${now?.status ?? 'gone'}` };
      }
      logger.warn('sending: recording the touch failed; retrying', { draftId: draft.id, attempt: attempt + 1, error: errorName(error) });
      await policy.sleep(fullJitterDelay(policy, attempt));
    }
  }
  // Never resend. Keep the message id on the claimed draft if the ledger lets us, so the person who checks the
  // flagged draft sees that it went out.
  try {
    await ledger.updateDraft(draft.id, { fromStatuses: ['sending'], set: { messageId, failure: 'sent, but the touch could not be recorded' } });
  } catch {
    // the log line below carries the message id
  }
  logger.error('sending: sent, but the touch could not be recorded; the draft stays claimed', { draftId: draft.id, messageId });
  return { draftId: draft.id, result: 'unrecorded', messageId, reason: 'ledger write failed' };
}
