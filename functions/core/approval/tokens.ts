// Link tokens: the secret in every approval link. Only the SHA-256 of a token is stored, so a leaked table
// (or a backup, or a log of keys) gives nobody a working link.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidToken } from '../errors';
import { sha256Hex } from '../ids';
import type { TokenRecord } from '../model';
import type { Clock, TokenStore } from '../ports';

/** 32 random bytes in base64url: 43 characters, no padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type LinkKind = Extract<TokenRecord['kind'], 'draft' | 'digest' | 'task'>;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cheap shape check before any lookup: garbage never reaches the table. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}

/** Constant-time equality of two hex digests (equal length is part of the secret-independent shape). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export interface IssueLinkInput {
  kind: LinkKind;
  repId: string;
  draftIds: readonly string[];
  /** draft and task links: the draft version the link is issued for. */
  draftVersion?: number;
  ttlHours: number;
  /** The link never outlives what it points to: the latest expiry of its drafts caps it. */
  notAfter?: string;
}

/** Creates a token, stores its hash and returns the token (to be put in a mail, never in a log). */
export async function issueLink(
  deps: { ledger: Pick<TokenStore, 'putToken'>; clock: Clock },
  input: IssueLinkInput,
): Promise<{ token: string; record: TokenRecord }> {
  const link = newLink(deps.clock, input);
  await deps.ledger.putToken(link.record);
  return link;
}

/** Many links at once (a digest's): the tokens are stored in batches, not one request each. */
export async function issueLinks(
  deps: { ledger: Pick<TokenStore, 'putTokens'>; clock: Clock },
  inputs: readonly IssueLinkInput[],
): Promise<Array<{ token: string; record: TokenRecord }>> {
  const links = inputs.map((input) => newLink(deps.clock, input));
  if (links.length > 0) await deps.ledger.putTokens(links.map((l) => l.record));
  return links;
}

function newLink(clock: Clock, input: IssueLinkInput): { token: string; record: TokenRecord } {
  if (!(input.ttlHours > 0)) throw new RangeError('ttlHours must be positive');
  const now = clock.now();
  let expires = now.getTime() + input.ttlHours * 3_600_000;
  if (input.notAfter) expires = Math.min(expires, Date.parse(input.notAfter));
  const token = newToken();
  const record: TokenRecord = {
    hash: hashToken(token),
    kind: input.kind,
    repId: input.repId,
    draftIds: [...input.draftIds],
    ...(input.draftVersion !== undefined ? { draftVersion: input.draftVersion } : {}),
    createdAt: now.toISOString(),
    expiresAt: new Date(Math.max(expires, now.getTime())).toISOString(),
  };
  return { token, record };
}

/**
 * Looks a token up and checks what the token itself can tell: shape, existence, kind, single use and expiry.
 * Whether its draft still accepts it is the caller's second step (see link-access.ts).
 * Every failure is the same InvalidToken; the detail is only for tests and never shown.
 */
export async function loadLink(
  deps: { ledger: Pick<TokenStore, 'getToken'>; clock: Clock },
  token: string,
  kind: LinkKind,
): Promise<{ hash: string; record: TokenRecord }> {
  if (!isWellFormedToken(token)) throw new InvalidToken('malformed');
  const hash = hashToken(token);
  const record = await deps.ledger.getToken(hash);
  // the store looked the record up by this hash; comparing again in constant time keeps a store that matches
  // loosely (a prefix, a case-folded key) from ever turning into an oracle
  if (!record || !sameDigest(record.hash, hash)) throw new InvalidToken('unknown');
  if (record.kind !== kind) throw new InvalidToken('wrong_kind');
  if (record.usedAt) throw new InvalidToken('used');
  if (deps.clock.now().getTime() >= Date.parse(record.expiresAt)) throw new InvalidToken('expired');
  return { hash, record };
}

/** Who decided or edited, as stored on the draft. */
export function repActor(repId: string): string {
  return `rep:${repId}`;
}

/**
 * The editedBy mark of an edit made through one particular link. A link stays valid after edits made through
 * itself and dies on any other edit (see link-access.ts). The 12 hex characters of the token hash name the
 * link without giving anything away.
 */
export function linkEditor(repId: string, tokenHash: string): string {
  return `${repActor(repId)} link:${tokenHash.slice(0, 12)}`;
}
