// Fresh links. resendLink: an operator sends a rep a new link to one waiting draft (`presence drafts resend-link`).
// renewLink: someone holding an old link (expired, used, edited elsewhere) asks for a new one on the generic
// "link not valid" page. The new link goes only to the rep's inbox, never to the asker, and the answer page is
// the same whatever happened, so the form reveals nothing. One renewal per old link per hour keeps the form from
// being used to flood a rep's inbox.
import type { PresenceConfig } from '../config';
import { DraftAlreadyDecided, NotFound, VersionConflict } from '../errors';
import { sha256Hex } from '../ids';
import { languageOf, senderOf, type Draft, type Rep } from '../model';
import type { Clock, Ledger, Logger, Mailer } from '../ports';
import { isDecidable } from './link-access';
import { checkPublicBaseUrl, linkUrl } from './links';
import type { MailRenderer } from './mail-renderer';
import { contactLabel, mailStringsFor as stringsFor } from './mail-strings';
import { mailToRep } from './rep-mail';
import { hashToken, isWellFormedToken, issueLink, sameDigest, type LinkKind } from './tokens';

export interface LinkMailDeps {
  ledger: Pick<Ledger, 'getContact' | 'getDraft' | 'getDrafts' | 'getRep' | 'getToken' | 'putToken'>;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  config: Pick<PresenceConfig, 'publicBaseUrl' | 'senderAddress' | 'linkTtlHours'>;
  mails: MailRenderer;
}

export interface ResentLink {
  repId: string;
  kind: LinkKind;
  expiresAt: string;
}

/** Mails the draft's rep a new link to a waiting draft (a "done" link for tasks). */
export async function resendLink(deps: LinkMailDeps, input: { draftId: string }): Promise<ResentLink> {
  checkPublicBaseUrl(deps.config);
  const draft = await deps.ledger.getDraft(input.draftId);
  if (!draft) throw new NotFound(`draft ${input.draftId} does not exist`);
  if (draft.status !== 'pending_approval') throw new DraftAlreadyDecided(`draft ${draft.id} is ${draft.status}; only drafts waiting for approval get links`);
  if (Date.parse(draft.expiresAt) <= deps.clock.now().getTime()) throw new DraftAlreadyDecided(`draft ${draft.id} expired at ${draft.expiresAt}`);
  const rep = await deps.ledger.getRep(senderOf(draft));
  if (!rep) throw new NotFound(`rep ${senderOf(draft)} of draft ${draft.id} does not exist`);
  return mailSingleLink(deps, rep, draft);
}

/** Answers the "send me a new link" form. Never throws for a bad token and returns nothing on purpose. */
export async function renewLink(deps: LinkMailDeps, input: { token: string }): Promise<void> {
  if (!isWellFormedToken(input.token)) return;
  const hash = hashToken(input.token);
  const record = await deps.ledger.getToken(hash);
  if (!record || !sameDigest(record.hash, hash)) return;
  if (record.kind !== 'draft' && record.kind !== 'task' && record.kind !== 'digest') return;
  const now = deps.clock.now();

  let send: () => Promise<unknown>;
  if (record.kind === 'digest') {
    const open = (await deps.ledger.getDrafts(record.draftIds)).filter((d) => d.kind !== 'task' && isDecidable(d, record, now));
    if (open.length === 0) return;
    const rep = await deps.ledger.getRep(record.repId);
    if (!rep) return;
    send = () => mailDigestLink(deps, rep, open);
  } else {
    const draft = record.draftIds[0] === undefined ? undefined : await deps.ledger.getDraft(record.draftIds[0]);
    if (!draft || draft.status !== 'pending_approval' || Date.parse(draft.expiresAt) <= now.getTime()) return;
    // the draft's current writer gets the link: if the contact moved, the new owner decides; a deputy stands in
    const rep = await deps.ledger.getRep(senderOf(draft));
    if (!rep) return;
    send = () => mailSingleLink(deps, rep, draft);
  }
  if (!(await takeRenewalSlot(deps, record.kind, record.repId, hash))) return;
  await send();
  deps.logger.info('fresh link mailed on request', { kind: record.kind });
}

/**
 * One renewal per old link per clock hour: a conditional create of a marker in the token store. The marker's
 * hash is derived from the old hash, it is born used and has no drafts, so it can never open anything.
 */
async function takeRenewalSlot(deps: LinkMailDeps, kind: LinkKind, repId: string, oldHash: string): Promise<boolean> {
  const now = deps.clock.now();
  const hour = now.toISOString().slice(0, 13);
  try {
    await deps.ledger.putToken({
      hash: sha256Hex(`renewal\n${oldHash}\n${hour}`),
      kind,
      repId,
      draftIds: [],
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      usedAt: now.toISOString(),
    });
    return true;
  } catch (error) {
    if (error instanceof VersionConflict) return false;
    throw error;
  }
}

async function mailSingleLink(deps: LinkMailDeps, rep: Rep, draft: Draft): Promise<ResentLink> {
  const kind: LinkKind = draft.kind === 'task' ? 'task' : 'draft';
  const { token, record } = await issueLink(deps, {
    kind,
    repId: rep.id,
    draftIds: [draft.id],
    draftVersion: draft.version,
    ttlHours: deps.config.linkTtlHours,
    notAfter: draft.expiresAt,
  });
  const title = contactLabel(await deps.ledger.getContact(draft.contactId), draft.contactId);
  await sendLinkMail(deps, rep, { kind, title, url: linkUrl(deps.config.publicBaseUrl, kind, token), expiresAt: record.expiresAt });
  return { repId: rep.id, kind, expiresAt: record.expiresAt };
}

async function mailDigestLink(deps: LinkMailDeps, rep: Rep, drafts: Draft[]): Promise<ResentLink> {
  const notAfter = new Date(Math.max(...drafts.map((d) => Date.parse(d.expiresAt)))).toISOString();
  const { token, record } = await issueLink(deps, {
    kind: 'digest',
    repId: rep.id,
    draftIds: drafts.map((d) => d.id),
    ttlHours: deps.config.linkTtlHours,
    notAfter,
  });
  const title = stringsFor(languageOf(rep.locale)).digestLinkTitle(drafts.length);
  await sendLinkMail(deps, rep, { kind: 'digest', title, url: linkUrl(deps.config.publicBaseUrl, 'digest', token), expiresAt: record.expiresAt });
  return { repId: rep.id, kind: 'digest', expiresAt: record.expiresAt };
}

async function sendLinkMail(deps: LinkMailDeps, rep: Rep, link: { kind: LinkKind; title: string; url: string; expiresAt: string }) {
  const language = languageOf(rep.locale);
  const t = stringsFor(language);
  const mail = await deps.mails.render('link', language, {
    repName: rep.name,
    title: link.title,
    url: link.url,
    isTask: link.kind === 'task',
    isDigest: link.kind === 'digest',
    expiresAt: t.dateTime(link.expiresAt, rep.timeZone),
  });
  await deps.mailer.send(mailToRep(deps.config, rep, mail, 'link'));
}
