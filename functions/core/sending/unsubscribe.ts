// Unsubscribe by link: the signed token names the address the mail went to; suppressing it keeps that address
// out of every later run (planning skips it, sending checks it again). Reading the link changes nothing, so mail
// scanners that open every link cannot unsubscribe anyone; only the POST (one click, RFC 8058) does.
import { contactIdSubject } from '../gdpr/audit-subject';
import type { Clock, Ledger, Logger, Secrets } from '../ports';
import { verifyUnsubscribeToken } from './unsubscribe-token';

export interface UnsubscribeDeps {
  ledger: Pick<Ledger, 'audit' | 'getSuppression' | 'suppress'>;
  secrets: Secrets;
  clock: Clock;
  logger: Logger;
}

/** For the GET page: is the link genuine, and is the address already out? Throws InvalidToken. Writes nothing. */
export async function readUnsubscribeLink(deps: Pick<UnsubscribeDeps, 'ledger' | 'secrets'>, token: string): Promise<{ suppressed: boolean }> {
  const claim = verifyUnsubscribeToken(await deps.secrets.signingKey(), token);
  return { suppressed: (await deps.ledger.getSuppression(claim.emailHash)) !== undefined };
}

/** The one-click POST. Idempotent: a second click (or a provider retry) finds the suppression and succeeds. */
export async function unsubscribeByToken(deps: UnsubscribeDeps, token: string): Promise<{ newlySuppressed: boolean }> {
  const claim = verifyUnsubscribeToken(await deps.secrets.signingKey(), token);
  const at = deps.clock.now().toISOString();
  const newlySuppressed = await deps.ledger.suppress({ emailHash: claim.emailHash, reason: 'unsubscribe', at, detail: 'one-click link' });
  if (newlySuppressed) {
    // by hash, like every audit subject: the entry outlives an erasure of the contact
    await deps.ledger.audit({ at, action: 'unsubscribe', actor: 'recipient', subject: contactIdSubject(claim.contactId) });
    deps.logger.info('unsubscribe: address suppressed');
  }
  return { newlySuppressed };
}
