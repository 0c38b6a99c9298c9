// The form nonce: every POST form carries an HMAC of its link's token hash, keyed with the signing secret.
// A POST is accepted only with the nonce of its own link, so a request assembled from the link alone (a scanner
// probing with POST, a replay against another link) is refused before anything is read or written.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../errors';
import type { Secrets } from '../ports';

const PURPOSE = 'presence/approval-form/v1';

export async function formNonce(secrets: Secrets, tokenHash: string): Promise<string> {
  const key = await secrets.signingKey();
  return createHmac('sha256', key).update(`${PURPOSE}\n${tokenHash}`).digest('base64url');
}

/** Throws ValidationError unless `nonce` is the nonce of this link; compares in constant time. */
export async function checkFormNonce(secrets: Secrets, tokenHash: string, nonce: string | undefined): Promise<void> {
  const expected = Buffer.from(await formNonce(secrets, tokenHash));
  const given = Buffer.from(typeof nonce === 'string' ? nonce : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ValidationError('The form could not be accepted. Open the link again and repeat.', [{ path: 'nonce', message: 'missing or wrong' }]);
  }
}
