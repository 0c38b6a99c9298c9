// Unsubscribe links carry a signed token instead of a stored one: every sent mail gets a link, and a link must
// keep working for as long as someone may click it, so nothing is stored per mail and nothing expires.
// The token names the contact (for the audit trail) and the hash of the address the mail went to (what gets
// suppressed); the HMAC makes both unforgeable. No address or name appears in the URL.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidToken } from '../errors';

const VERSION = 'u1';
const MAC_BYTES = 16;
const SEP = '~'; // not in the id alphabet, unreserved in URLs

export interface UnsubscribeClaim {
  contactId: string;
  /** hashEmail() of the address the mail was sent to. */
  emailHash: string;
}

function mac(key: Buffer, claim: UnsubscribeClaim): Buffer {
  // The purpose string keeps this MAC from ever being valid for another kind of signed value.
  return createHmac('sha256', key)
    .update(`presence:unsubscribe:${VERSION}\n${claim.contactId}\n${claim.emailHash}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function signUnsubscribeToken(key: Buffer, claim: UnsubscribeClaim): string {
  if (claim.contactId.includes(SEP) || !/^[0-9a-f]{64}$/.test(claim.emailHash)) {
    throw new InvalidToken('cannot sign a malformed claim');
  }
  return [VERSION, claim.contactId, claim.emailHash, mac(key, claim).toString('base64url')].join(SEP);
}

/** The claim of a genuine token; InvalidToken for anything else (one answer for every kind of bad token). */
export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim {
  if (token.length > 300) throw new InvalidToken('too long');
  const parts = token.split(SEP);
  if (parts.length !== 4 || parts[0] !== VERSION) throw new InvalidToken('malformed');
  const [, contactId, emailHash, given] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(contactId) || !/^[0-9a-f]{64}$/.test(emailHash)) {
    throw new InvalidToken('malformed');
  }
  const expected = mac(key, { contactId, emailHash });
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidToken('bad signature');
  return { contactId, emailHash };
}

/** `<base>/u/<token>`. */
export function unsubscribeUrlOf(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/u/${encodeURIComponent(token)}`;
}
