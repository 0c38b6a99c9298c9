// Every key of the single table is spelled here and nowhere else (see docs/data-model.md).
import { isOpenStatus, type Contact, type Draft, type DraftKind, type Rep } from '../../core/model';

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
    GSI2PK: draftStatusPartition(d.status, draftShardOf(d.contactId)),
    GSI2SK: draftStatusSortKey(d.kind, d.runId, d.contactId),
  };
}
/**
 * The status index is written in DRAFT_SHARDS partitions per status, chosen by the contact id, so a run that writes
 * a million drafts, or a sender that moves them from approved to sent, spreads over as many index partitions instead
 * of queueing on one (a partition takes about 1,000 write units a second). Readers query the shards in turn, or
 * merge them in send order. The sort key starts with the draft's kind, so the letter export reads letters only.
 */
export const DRAFT_SHARDS = 16;
export const draftShardOf = (contactId: string) => shardOf(contactId, DRAFT_SHARDS);
/** With a shard: the current layout. Without: the layout before sharding (`DRAFTS#<status>`, sort key run#contact), still read. */
export const draftStatusPartition = (status: string, shard?: number) => (shard === undefined ? `DRAFTS#${status}` : `DRAFTS#${status}#${shard}`);
export const draftStatusSortKey = (kind: DraftKind, runId: string, contactId: string) => `${kind}#${runId}#${contactId}`;
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
export const statsShardOf = (touchId: string) => shardOf(touchId, STATS_SHARDS);
/** A stable spread of string ids over `shards` buckets. */
export function shardOf(value: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < value.length; i++) h = (h * 31 + value.charCodeAt(i)) >>> 0;
  return h % shards;
}
/**
 * The shards are partitions too (`STATS#<week>#<shard>`): one partition a week for every rep took all the week's
 * touches, about 500 a second at most. `STATS#<week>` is the earlier layout (unsharded sort keys, or the shard as a
 * sort-key suffix); readers still add it in.
 */
export const statsPartition = (week: string, shard?: number) => (shard === undefined ? `STATS#${week}` : `STATS#${week}#${shard}`);
export const statsKey = (week: string, repId: string, channel: string, shard: number) => ({
  PK: statsPartition(week, shard),
  SK: `${repId}#${channel}`,
});
/** The earlier layout's key, for tests and benches that seed it. */
export const legacyStatsKey = (week: string, repId: string, channel: string, shard?: number) => ({
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
/**
 * The coverage aggregate (docs/data-model.md, patterns 30-33): one summary item per rep and one item per rep and UTC
 * day with that day's instants, in COVERAGE_SHARDS partitions chosen by the rep (every rep's item in one partition
 * would take every touch's write), so a view reads all reps in a few queries; the touches per rep and ISO week; and
 * the contacts of a hashed address, which a suppression takes out of the figures.
 */
export const COVERAGE_SHARDS = 10;
export const coverageShardOf = (repId: string) => shardOf(repId, COVERAGE_SHARDS);
export const coveragePartition = (shard: number) => `COVERAGE#${shard}`;
export const coverageDayPartition = (day: string, shard: number) => `COVERAGE#${day}#${shard}`;
export const coverageWeekPartition = (week: string, shard: number) => `COVWEEK#${week}#${shard}`;
export const coverageSummaryKey = (repId: string) => ({ PK: coveragePartition(coverageShardOf(repId)), SK: `REP#${repId}` });
export const coverageDayKey = (day: string, repId: string) => ({ PK: coverageDayPartition(day, coverageShardOf(repId)), SK: `REP#${repId}` });
export const coverageWeekKey = (week: string, repId: string) => ({ PK: coverageWeekPartition(week, coverageShardOf(repId)), SK: `REP#${repId}` });
export const emailHashContactKey = (emailHash: string, contactId: string) => ({ PK: `EMAILHASH#${emailHash}`, SK: `CONTACT#${contactId}` });
export const emailHashPartition = (emailHash: string) => `EMAILHASH#${emailHash}`;
