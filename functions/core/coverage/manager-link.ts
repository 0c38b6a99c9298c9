// Signed-in-by-link access to the coverage dashboard in AWS. A manager link carries a random token; only its
// SHA-256 is stored (token kind 'manager'), so the table never holds a working link. Unlike approval links a
// manager link is not single-use: the dashboard is meant to be opened again and again until the link expires.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PresenceConfig } from '../config';
import { InvalidToken, ValidationError } from '../errors';
import { sha256Hex } from '../ids';
import type { TokenRecord } from '../model';
import type { Clock, TokenStore } from '../ports';

/** The whole team; a rep id instead limits the link to that rep's figures. */
export const ALL_REPS = '*';
/** A month: long enough for a monthly review, short enough that a forwarded mail goes stale. */
export const MAX_MANAGER_LINK_HOURS = 24 * 31;
/** Where the dashboard is served: the local stack and the approval site both mount it here. */
export const DASHBOARD_PATH = '/dashboard';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ManagerLink {
  url: string;
  expiresAt: string;
  /** Whose figures the link shows: ALL_REPS or one rep id. */
  scope: string;
}

export async function issueManagerLink(
  deps: { ledger: Pick<TokenStore, 'putToken'>; clock: Clock; config: Pick<PresenceConfig, 'publicBaseUrl'> },
  input: { ttlHours: number; repId?: string },
): Promise<ManagerLink> {
  if (!Number.isFinite(input.ttlHours) || input.ttlHours <= 0 || input.ttlHours > MAX_MANAGER_LINK_HOURS) {
    throw new ValidationError(`a manager link lives between 1 hour and ${MAX_MANAGER_LINK_HOURS} hours`, [{ path: 'ttlHours', message: 'out of range' }]);
  }
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const record: TokenRecord = {
    hash: sha256Hex(token),
    kind: 'manager',
    repId: input.repId ?? ALL_REPS,
    draftIds: [],
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.ttlHours * 3_600_000).toISOString(),
  };
  await deps.ledger.putToken(record);
  const url = new URL(DASHBOARD_PATH, deps.config.publicBaseUrl);
  url.searchParams.set('t', token);
  return { url: url.toString(), expiresAt: record.expiresAt, scope: record.repId };
}

/**
 * The record behind a manager token, or InvalidToken (one answer for malformed, unknown, wrong kind and
 * expired, so a visitor learns nothing).
 */
export async function verifyManagerToken(deps: { ledger: Pick<TokenStore, 'getToken'>; clock: Clock }, token: string | undefined): Promise<TokenRecord> {
  if (!token || !TOKEN_PATTERN.test(token)) throw new InvalidToken('malformed');
  const hash = sha256Hex(token);
  const record = await deps.ledger.getToken(hash);
  if (!record || !sameDigest(record.hash, hash)) throw new InvalidToken('unknown');
  if (record.kind !== 'manager') throw new InvalidToken('wrong_kind');
  if (deps.clock.now().getTime() >= Date.parse(record.expiresAt)) throw new InvalidToken('expired');
  return record;
}

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
