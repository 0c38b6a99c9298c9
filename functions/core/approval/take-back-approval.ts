// "Freigabe zurücknehmen": within the grace period after approving a mail (config.approvalGraceSeconds) the rep can
// take the approval back, once per draft, never after the sender claimed it. The draft goes back to
// pending_approval, and a fresh draft link lets the rep edit and approve it again.
//
// Where: on the draft's page once it is approved (GET of the spent link shows its status, viewLinkStatus) and on the
// page right after Approve. Both are read-only views, so the form carries a *signed* token instead of a stored one:
//   takeBack = HMAC-SHA256(signingKey, "presence/take-back/v1\n" + link token hash + "\n" + draft id + "\n" + approvedAt)
// It names this link, this draft and this very approval; it is single-use because the take-back removes that
// approval (and a draft is taken back once only), so no later state matches it again. The form also carries the
// link's nonce, and only a POST takes anything back (mail scanners open links with GET).
//
// Against the sender: the take-back is a conditional write (status still `approved`, at the version read); the
// sender's claim (approved -> sending) is conditional on the status too, so exactly one of them wins. The loser
// learns it: a sender that lost skips the draft; a take-back that lost says the mail is being (or was) sent.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PresenceConfig } from '../config';
import { DraftConflict, InvalidToken } from '../errors';
import type { Draft } from '../model';
import type { Clock, Ledger, Logger, Secrets } from '../ports';
import { sendableFrom } from '../sending/grace';
import { checkFormNonce } from './form-nonce';
import { readClosedLink } from './link-access';
import { hashToken, issueLink, repActor } from './tokens';

const PURPOSE = 'presence/take-back/v1';

/** What a page needs to offer the take-back: until when, and the signed token for the form. */
export interface TakeBackOffer {
  until: string;
  token: string;
}

export interface TakeBackDeps {
  ledger: Pick<Ledger, 'getToken' | 'getDraft' | 'getDrafts' | 'getContacts' | 'updateDraft' | 'putToken' | 'audit'>;
  clock: Clock;
  secrets: Secrets;
  logger: Logger;
  config: Pick<PresenceConfig, 'approvalGraceSeconds' | 'linkTtlHours'>;
}

/** States in which the mail is (or may be) on its way: too late to take anything back. */
const ON_ITS_WAY: readonly Draft['status'][] = ['sending', 'sent', 'possibly_sent'];

async function sign(secrets: Secrets, tokenHash: string, draftId: string, approvedAt: string): Promise<string> {
  const key = await secrets.signingKey();
  return createHmac('sha256', key).update(`${PURPOSE}\n${tokenHash}\n${draftId}\n${approvedAt}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Until when the link's rep may take this draft's approval back; undefined when not (not an approved mail, approved
 * by someone else, taken back once already, or the grace period is over).
 */
export function takeBackUntil(draft: Draft, linkRepId: string, graceSeconds: number, now: Date): string | undefined {
  if (draft.kind !== 'email' || draft.status !== 'approved' || draft.approvalTakenBack) return undefined;
  if (draft.decision?.action !== 'approved' || draft.decision.by !== repActor(linkRepId)) return undefined;
  const until = sendableFrom(draft, graceSeconds);
  return until && Date.parse(until) > now.getTime() ? until : undefined;
}

/** The offer for a page of this link (its token hash), or undefined. Reads nothing but the signing key. */
export async function takeBackOffer(
  deps: { secrets: Secrets; clock: Clock; config: Pick<PresenceConfig, 'approvalGraceSeconds'> },
  link: { hash: string; repId: string },
  draft: Draft,
): Promise<TakeBackOffer | undefined> {
  const until = takeBackUntil(draft, link.repId, deps.config.approvalGraceSeconds, deps.clock.now());
  if (!until || !draft.decision) return undefined;
  return { until, token: await sign(deps.secrets, link.hash, draft.id, draft.decision.at) };
}

export interface TakeBackInput {
  token: string;
  /** Through a review-all link: the draft's place in its list. */
  item?: number;
  nonce: string | undefined;
  /** The signed take-back token from the form. */
  takeBack: string | undefined;
}

/**
 * taken_back: the draft waits for the rep again; `link` is its fresh draft link (the token, for the answer only).
 * too_late: the sender has it (sending, sent, possibly sent) or the grace period is over. already: this approval was
 * taken back before (a second click).
 */
export type TakeBackResult = { outcome: 'taken_back'; draft: Draft; link: string } | { outcome: 'too_late' | 'already'; draft: Draft };

export async function takeBackApproval(deps: TakeBackDeps, input: TakeBackInput): Promise<TakeBackResult> {
  const kind = input.item === undefined ? 'draft' : 'digest';
  // the approval spent the draft's own link: it opens only as a closed link of the rep's own draft
  const closed = await readClosedLink(deps, input.token, kind, input.item);
  const first = closed?.drafts[0]?.draft;
  if (!closed || !first || first.kind !== 'email' || (kind === 'digest' && closed.drafts.length !== 1)) throw new InvalidToken('closed');
  const hash = hashToken(input.token);
  await checkFormNonce(deps.secrets, hash, input.nonce);
  const repId = closed.record.repId;
  const draft = first;
  const given = typeof input.takeBack === 'string' ? input.takeBack : '';
  const matches = async (approvedAt: string | undefined) => approvedAt !== undefined && sameText(given, await sign(deps.secrets, hash, draft.id, approvedAt));

  if (draft.approvalTakenBack) {
    if (await matches(draft.approvalTakenBack.approvedAt)) return { outcome: 'already', draft };
    throw new InvalidToken('used');
  }
  // the token must name the approval the draft carries now, made by this link's rep
  if (draft.decision?.action !== 'approved' || draft.decision.by !== repActor(repId) || !(await matches(draft.decision.at))) throw new InvalidToken('used');
  if (ON_ITS_WAY.includes(draft.status)) return { outcome: 'too_late', draft };
  const now = deps.clock.now();
  if (!takeBackUntil(draft, repId, deps.config.approvalGraceSeconds, now)) return { outcome: 'too_late', draft };

  const at = now.toISOString();
  let back: Draft;
  try {
    back = await deps.ledger.updateDraft(draft.id, {
      // status: only while no sender has claimed it (the claim is approved -> sending); version: the approval read
      expectedVersion: draft.version,
      fromStatuses: ['approved'],
      kind: draft.kind,
      set: {
        status: 'pending_approval',
        decision: undefined,
        sendAfter: undefined,
        approvalTakenBack: { by: repActor(repId), at, approvedAt: draft.decision.at },
        updatedAt: at,
      },
    });
  } catch (error) {
    if (!(error instanceof DraftConflict)) throw error;
    const current = await deps.ledger.getDraft(draft.id);
    if (current && ON_ITS_WAY.includes(current.status)) return { outcome: 'too_late', draft: current };
    if (current?.approvalTakenBack?.approvedAt === draft.decision.at) return { outcome: 'already', draft: current };
    throw error;
  }
  await deps.ledger.audit({ at, action: 'approval.take-back', actor: repActor(repId), subject: draft.id, detail: { campaignId: draft.campaignId, approvedAt: draft.decision.at } });
  // a fresh link for the words as they are now; never beyond the draft's own expiry
  const { token } = await issueLink(deps, { kind: 'draft', repId, draftIds: [back.id], draftVersion: back.version, ttlHours: deps.config.linkTtlHours, notAfter: back.expiresAt });
  deps.logger.info('approval taken back', { campaignId: back.campaignId });
  return { outcome: 'taken_back', draft: back, link: token };
}
