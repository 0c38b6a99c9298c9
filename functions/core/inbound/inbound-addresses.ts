// The addresses at the receiving domain that tell presence what an inbound mail belongs to, without a lookup item
// and without being guessable:
//   r-<contact id in hex>-<mac>@in.example.com    the Reply-To of one sent update; the mac signs contact and draft
//   log-<rep id in hex>-<mac>@in.example.com      a rep's logging address, put in BCC of the rep's own mails
// The ids are hex-encoded because a mail system may change the case of a local part (ids are case-sensitive) and
// because `@`, `~` and `.` need no thought in hex. The mac is the first 12 hex digits (48 bits) of an HMAC-SHA256
// with the signing key over a purpose, the id and (for replies) the draft id: an address someone made up or
// changed is dropped, and guessing one online takes about 10^14 tries.
//
// A local part may hold 64 characters (RFC 5321), so a reply address fits contact ids of up to 24 characters and
// a logging address rep ids of up to 23; a longer id gets no address (replies then go to the rep, as without a
// receiving domain).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isId } from '../domain';

const MAC_HEX = 12;
const MAX_LOCAL_PART = 64;

export type InboundAddress = { kind: 'reply'; contactId: string; mac: string } | { kind: 'log'; repId: string; mac: string };

function mac(key: Buffer, purpose: 'reply' | 'log', ...parts: string[]): string {
  return createHmac('sha256', key).update(`presence-inbound\n${purpose}\n${parts.join('\n')}`).digest('hex').slice(0, MAC_HEX);
}

const hexOf = (id: string) => Buffer.from(id, 'utf8').toString('hex');

function fits(localPart: string): string | undefined {
  return localPart.length <= MAX_LOCAL_PART ? localPart : undefined;
}

/** The Reply-To of a sent update; undefined when the contact id is too long for a local part. */
export function replyAddressOf(key: Buffer, domain: string, draft: { id: string; contactId: string }): string | undefined {
  const local = fits(`r-${hexOf(draft.contactId)}-${mac(key, 'reply', draft.contactId, draft.id)}`);
  return local && `${local}@${domain}`;
}

/** The rep's logging address (smart BCC); undefined when the rep id is too long for a local part. */
export function logAddressOf(key: Buffer, domain: string, repId: string): string | undefined {
  const local = fits(`log-${hexOf(repId)}-${mac(key, 'log', repId)}`);
  return local && `${local}@${domain}`;
}

/**
 * Reads an envelope recipient: which contact or rep it names, or undefined when it is not one of ours (another
 * domain, another shape, an id that is not an id). The mac is not checked here for replies: it signs the draft too,
 * which the caller finds among the contact's drafts (replyAddressMatches). A logging address is checked in full.
 */
export function parseInboundAddress(key: Buffer, domain: string, address: string): InboundAddress | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  const m = /^(r|log)-((?:[0-9a-f]{2})+)-([0-9a-f]{12})$/.exec(address.slice(0, at).toLowerCase());
  if (!m) return undefined;
  const id = Buffer.from(m[2]!, 'hex').toString('utf8');
  if (!isId(id)) return undefined;
  if (m[1] === 'r') return { kind: 'reply', contactId: id, mac: m[3]! };
  return sameMac(m[3]!, mac(key, 'log', id)) ? { kind: 'log', repId: id, mac: m[3]! } : undefined;
}

/** Whether a reply address's mac is the one presence gave this draft of the contact. */
export function replyAddressMatches(key: Buffer, address: { contactId: string; mac: string }, draftId: string): boolean {
  return sameMac(address.mac, mac(key, 'reply', address.contactId, draftId));
}

function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
