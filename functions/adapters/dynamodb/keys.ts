// Every key of the single table is spelled here and nowhere else (see docs/data-model.md).
import { isOpenStatus, type Contact, type Draft, type Rep } from '../../core/model';

export const GSI1 = 'GSI1';
export const GSI2 = 'GSI2';

export interface Keys {
  PK: string;
  SK: string;
  GSI1PK?: string;
  GSI1SK?: string;
  GSI2PK?: string;
  GSI2SK?: string;
}

export const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'type', 'ttl'] as const;

export const contactKey = (id: string) => ({ PK: `CONTACT#${id}`, SK: 'PROFILE' });
export function contactKeys(c: Contact): Keys {
  return {
    ...contactKey(c.id),
    GSI1PK: repPartition(c.repId),
    GSI1SK: `DUE#${c.nextDueAt}#${c.id}`,
    ...(c.email ? { GSI2PK: emailPartition(c.email), GSI2SK: `CONTACT#${c.id}` } : {}),
  };
}
export const repPartition = (repId: string) => `REP#${repId}`;
export const emailPartition = (email: string) => `EMAIL#${email.trim().toLowerCase()}`;
/** Upper bound of the due range: every contact due at or before `iso` sorts below it. */
export const dueUpTo = (iso: string) => `DUE#${iso}~`;
export const DUE_PREFIX = 'DUE#';

export const repKey = (id: string) => ({ PK: `REP#${id}`, SK: 'PROFILE' });
export function repKeys(r: Rep): Keys {
  return { ...repKey(r.id), GSI1PK: 'REPS', GSI1SK: `REP#${r.id}` };
}

export const TOUCH_PREFIX = 'TOUCH#';
export function touchKey(contactId: string, at: string, touchId: string) {
  return { PK: `CONTACT#${contactId}`, SK: `${TOUCH_PREFIX}${at}#${touchId}` };
}

export const DRAFT_PREFIX = 'DRAFT#';
export function draftKey(contactId: string, runId: string) {
  return { PK: `CONTACT#${contactId}`, SK: `${DRAFT_PREFIX}${runId}` };
}
export function draftKeys(d: Draft): Keys {
  const state = isOpenStatus(d.status) ? 'OPEN' : 'DONE';
  return {
    ...draftKey(d.contactId, d.runId),
    GSI1PK: repPartition(d.repId),
    GSI1SK: `${state}#${d.runId}#${d.contactId}`,
    GSI2PK: draftStatusPartition(d.status),
    GSI2SK: `${d.runId}#${d.contactId}`,
  };
}
export const draftStatusPartition = (status: string) => `DRAFTS#${status}`;
export const OPEN_PREFIX = 'OPEN#';
export const doneInRunPrefix = (runId: string) => `DONE#${runId}#`;

export const suppressionKey = (hash: string) => ({ PK: `SUPPRESS#${hash}`, SK: 'SUPPRESS' });
export const SUPPRESSIONS_PARTITION = 'SUPPRESSIONS';

export const tokenKey = (hash: string) => ({ PK: `TOKEN#${hash}`, SK: 'TOKEN' });
/** Tokens are listed per rep (GSI1) so an erasure can strip a contact's draft ids from the links that name them. */
export function tokenKeys(t: { hash: string; repId: string; expiresAt: string }): Keys {
  return { ...tokenKey(t.hash), GSI1PK: repTokensPartition(t.repId), GSI1SK: `${t.expiresAt}#${t.hash}` };
}
export const repTokensPartition = (repId: string) => `TOKENS#${repId}`;
export const pauseKey = { PK: 'SETTINGS', SK: 'PAUSE' };
/**
 * Every touch adds 1 to one of STATS_SHARDS counters of its rep, channel and week, chosen by its touch id, so
 * touches recorded at once (a letter export, a sending burst) do not all queue on one item: transactions that
 * update the same item conflict. Readers add the shards up (and still read unsharded items, the earlier layout).
 */
export const STATS_SHARDS = 10;
export function statsShardOf(touchId: string): number {
  let h = 0;
  for (let i = 0; i < touchId.length; i++) h = (h * 31 + touchId.charCodeAt(i)) >>> 0;
  return h % STATS_SHARDS;
}
export const statsPartition = (week: string) => `STATS#${week}`;
export const statsKey = (week: string, repId: string, channel: string, shard?: number) => ({
  PK: statsPartition(week),
  SK: shard === undefined ? `${repId}#${channel}` : `${repId}#${channel}#${shard}`,
});
/** rep and channel of a stats item's sort key, with or without its shard suffix. */
export function parseStatsSk(sk: string): { repId: string; channel: string } {
  const parts = sk.split('#');
  if (parts.length > 2 && /^\d+$/.test(parts.at(-1)!)) parts.pop();
  const channel = parts.pop()!;
  return { repId: parts.join('#'), channel };
}
export const INBOX_PREFIX = 'INBOX#';
export const inboxKey = (contactId: string, mailHash: string) => ({ PK: `CONTACT#${contactId}`, SK: `${INBOX_PREFIX}${mailHash}` });
/** Unshown entries are listed per rep on GSI1; showing one removes these keys (a sparse index of what is new). */
export const repInboxPartition = (repId: string) => `INBOX#${repId}`;
export function inboxKeys(e: { contactId: string; mailHash: string; repId: string; at: string }): Keys {
  return { ...inboxKey(e.contactId, e.mailHash), GSI1PK: repInboxPartition(e.repId), GSI1SK: `${e.at}#${e.contactId}#${e.mailHash}` };
}
export const auditPartition = (month: string) => `AUDIT#${month}`;

export function stripKeys<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete out[k];
  return out as T;
}
