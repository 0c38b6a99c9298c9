// The coverage aggregate on the single table (core/coverage/aggregate.ts, docs/data-model.md patterns 30-33): the
// items every writer of a contact adds to its own transaction, and the reads of the coverage view.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { hashEmail, isoWeekOf } from '../../core/ids';
import { CHANNELS, type Channel, type Contact } from '../../core/model';
import type { CoverageStore, WeeklyTouchCount } from '../../core/ports';
import {
  contributionOf,
  dayCountsOf,
  dayOf,
  dayOfSummary,
  summaryDay,
  deltasBetween,
  instantsByDay,
  type RepCoverageAggregate,
  type RepCoverageDelta,
  type RepCoverageState,
} from '../../core/coverage/aggregate';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Attributes of a summary or day item that are not counters of days or instants. */
const NOT_COUNTERS = new Set(['PK', 'SK', 'type', 'ttl', 'repId', 'contacts', 'optedOut', 'day', 'week']);
/** Day items are read only on their own day; TTL removes them a year later (a recount rewrites what it needs). */
const DAY_ITEM_KEEP_S = 366 * 86_400;

export class CoverageRepository implements CoverageStore {
  constructor(private readonly table: LedgerTable) {}

  /**
   * The items that move the aggregate from `before` to `after` (a contact created, changed, moved to another rep or
   * deleted), for the caller's transaction: the reps' summaries, the day items, the contact's entry under its hashed
   * address, and a check that the address's suppression is still as read here, so a suppression written meanwhile
   * cancels the transaction (the caller reads again) instead of being counted wrong.
   */
  async writesFor(before: Contact | undefined, after: Contact | undefined, opts: { pastBefore?: string } = {}): Promise<TransactItem[]> {
    const hashes = [...new Set([before, after].flatMap((c) => (c?.email ? [hashEmail(c.email)] : [])))];
    const suppressed = new Set<string>();
    const items: TransactItem[] = [];
    for (const hash of hashes) {
      const found = await this.table.getItem(K.suppressionKey(hash), true);
      if (found) suppressed.add(hash);
      items.push({
        ConditionCheck: { TableName: this.table.name, Key: K.suppressionKey(hash), ConditionExpression: found ? 'attribute_exists(PK)' : 'attribute_not_exists(PK)' },
      });
    }
    const isSuppressed = (c: Contact) => Boolean(c.email) && suppressed.has(hashEmail(c.email));
    const deltas = deltasBetween(before && contributionOf(before, isSuppressed(before)), after && contributionOf(after, isSuppressed(after)));
    for (const delta of deltas) items.push(...this.deltaItems(delta, opts.pastBefore));
    const oldHash = before?.email ? hashEmail(before.email) : undefined;
    const newHash = after?.email ? hashEmail(after.email) : undefined;
    if (oldHash && (oldHash !== newHash || !after)) items.push({ Delete: { TableName: this.table.name, Key: K.emailHashContactKey(oldHash, before!.id) } });
    if (newHash && (newHash !== oldHash || !before)) {
      items.push({ Put: { TableName: this.table.name, Item: { ...K.emailHashContactKey(newHash, after!.id), type: 'email-hash', contactId: after!.id } } });
    }
    // no change to the figures: the suppression checks guard nothing, leave them out
    return deltas.length || items.some((i) => i.Put || i.Delete) ? items : [];
  }

  /**
   * A delta as updates: ADD on the summary's day counters and on each day item's instants. `pastBefore` (YYYYMMDD):
   * days before it are never read again (a view reads the days after its own and the instants of its day), so their
   * counters are removed from the summary instead of moved, which keeps the item small.
   */
  deltaItems(delta: RepCoverageDelta, pastBefore?: string): TransactItem[] {
    const items: TransactItem[] = [];
    const names: Record<string, string> = { '#type': 'type', '#repId': 'repId' };
    const values: Record<string, unknown> = { ':type': 'coverage', ':rep': delta.repId, ':c': delta.contacts, ':o': delta.optedOut };
    const adds = ['contacts :c', 'optedOut :o'];
    let i = 0;
    const days = dayCountsOf(delta.instants);
    for (const [key, n] of Object.entries(days)) {
      if (pastBefore && key.slice(1) < summaryDay(pastBefore)) continue;
      names[`#d${i}`] = key;
      values[`:d${i}`] = n;
      adds.push(`#d${i} :d${i}`);
      i++;
    }
    const removes: string[] = [];
    if (pastBefore) {
      // the week before the cut-off: enough to clear what a rep written to about once a week leaves behind
      const cut = Date.UTC(+pastBefore.slice(0, 4), +pastBefore.slice(4, 6) - 1, +pastBefore.slice(6, 8));
      for (let back = 1; back <= 8; back++) {
        const day = dayOf(cut - back * 86_400_000);
        for (const series of ['e', 'y', 'z']) {
          const key = `${series}${summaryDay(day)}`;
          if (key in days) continue;
          names[`#r${removes.length}`] = key;
          removes.push(`#r${removes.length}`);
        }
      }
    }
    items.push({
      Update: {
        TableName: this.table.name,
        Key: K.coverageSummaryKey(delta.repId),
        UpdateExpression: `SET #type = :type, #repId = :rep ADD ${adds.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
    for (const [day, group] of instantsByDay(delta.instants)) {
      if (pastBefore && day < pastBefore) continue;
      const n: Record<string, string> = { '#type': 'type', '#repId': 'repId', '#ttl': 'ttl', '#day': 'day' };
      const v: Record<string, unknown> = { ':type': 'coverage-day', ':rep': delta.repId, ':ttl': dayEndSeconds(day) + DAY_ITEM_KEEP_S, ':day': day };
      const a: string[] = [];
      Object.entries(group).forEach(([key, count], j) => {
        n[`#i${j}`] = key;
        v[`:i${j}`] = count;
        a.push(`#i${j} :i${j}`);
      });
      items.push({
        Update: {
          TableName: this.table.name,
          Key: K.coverageDayKey(day, delta.repId),
          UpdateExpression: `SET #type = :type, #repId = :rep, #ttl = :ttl, #day = :day ADD ${a.join(', ')}`,
          ExpressionAttributeNames: n,
          ExpressionAttributeValues: v,
        },
      });
    }
    return items;
  }

  /** The touch's count for the coverage view: its rep's item of the week, one counter per channel. */
  weekItem(repId: string, at: string, channel: Channel): TransactItem {
    return {
      Update: {
        TableName: this.table.name,
        Key: K.coverageWeekKey(isoWeekOf(new Date(at)), repId),
        UpdateExpression: 'SET #type = :type, #repId = :rep, #week = :week ADD #ch :one',
        ExpressionAttributeNames: { '#type': 'type', '#repId': 'repId', '#week': 'week', '#ch': channel },
        ExpressionAttributeValues: { ':type': 'coverage-week', ':rep': repId, ':week': isoWeekOf(new Date(at)), ':one': 1 },
      },
    };
  }

  /**
   * A new suppression takes the address's contacts out of the figures: each contact is moved from counted to opted
   * out in a transaction guarded by its version (a concurrent write of the contact is retried on its fresh state).
   */
  async onSuppressed(emailHash: string): Promise<void> {
    const entries = await this.table.queryAll<{ contactId: string }>({
      TableName: this.table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': K.emailHashPartition(emailHash) },
    });
    for (const { contactId } of entries) {
      for (let attempt = 0; ; attempt++) {
        const contact = await this.table.getItem<Contact>(K.contactKey(contactId), true);
        if (!contact) break;
        const items: TransactItem[] = [
          {
            // the version we read: the move below is computed from exactly this contact
            Update: {
              TableName: this.table.name,
              Key: K.contactKey(contactId),
              UpdateExpression: 'SET version = :next',
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': contact.version, ':next': contact.version + 1 },
            },
          },
          ...deltasBetween(contributionOf(contact, false), contributionOf(contact, true)).flatMap((d) => this.deltaItems(d)),
        ];
        try {
          const out = await this.table.doc.send(new TransactWriteCommand({ TransactItems: items, ...this.table.metered }));
          this.table.capacity.add(out.ConsumedCapacity, 'write');
          break;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException) || attempt >= 8) throw error;
        }
      }
    }
  }

  async coverageAggregates(day: string, repIds?: readonly string[]): Promise<RepCoverageAggregate[]> {
    let summaries: Array<Record<string, unknown>>;
    let days: Array<Record<string, unknown>>;
    if (repIds) {
      [summaries, days] = await Promise.all([
        this.table.batchGet<Record<string, unknown>>(repIds.map(K.coverageSummaryKey)),
        this.table.batchGet<Record<string, unknown>>(repIds.map((r) => K.coverageDayKey(day, r))),
      ]);
    } else {
      const shards = Array.from({ length: K.COVERAGE_SHARDS }, (_, s) => s);
      [summaries, days] = await Promise.all([
        Promise.all(shards.map((s) => this.queryPartition(K.coveragePartition(s)))).then((x) => x.flat()),
        Promise.all(shards.map((s) => this.queryPartition(K.coverageDayPartition(day, s)))).then((x) => x.flat()),
      ]);
    }
    const todayByRep = new Map(days.map((d) => [String(d.repId), countersOf(d)]));
    return summaries
      .map((s) => ({
        repId: String(s.repId),
        contacts: Number(s.contacts ?? 0),
        optedOut: Number(s.optedOut ?? 0),
        days: countersOf(s),
        today: todayByRep.get(String(s.repId)) ?? {},
      }))
      .sort((a, b) => (a.repId < b.repId ? -1 : 1));
  }

  async repWeeklyTouchCounts(weeks: readonly string[]): Promise<WeeklyTouchCount[]> {
    const shards = Array.from({ length: K.COVERAGE_SHARDS }, (_, s) => s);
    const perWeek = await Promise.all(weeks.map((week) => Promise.all(shards.map((s) => this.queryPartition(K.coverageWeekPartition(week, s)))).then((x) => x.flat())));
    const out: WeeklyTouchCount[] = [];
    weeks.forEach((week, i) => {
      for (const item of perWeek[i]!) {
        for (const channel of CHANNELS) {
          const count = Number(item[channel] ?? 0);
          if (count) out.push({ week, repId: String(item.repId), channel, count });
        }
      }
    });
    return out;
  }

  async replaceCoverage(states: readonly RepCoverageState[], weekly: readonly WeeklyTouchCount[]): Promise<void> {
    const requests: Array<Record<string, unknown>> = [];
    const old = states.length ? await this.table.batchGet<Record<string, unknown>>(states.map((s) => K.coverageSummaryKey(s.repId))) : [];
    const oldDays = new Map(old.map((o) => [String(o.repId), new Set(Object.keys(countersOf(o)).map((k) => dayOfSummary(k.slice(1))))]));
    for (const s of states) {
      requests.push({ PutRequest: { Item: { ...K.coverageSummaryKey(s.repId), type: 'coverage', repId: s.repId, contacts: s.contacts, optedOut: s.optedOut, ...s.days } } });
      for (const [day, instants] of Object.entries(s.instants)) {
        requests.push({ PutRequest: { Item: { ...K.coverageDayKey(day, s.repId), type: 'coverage-day', repId: s.repId, day, ttl: dayEndSeconds(day) + DAY_ITEM_KEEP_S, ...instants } } });
      }
      for (const day of oldDays.get(s.repId) ?? []) {
        if (!(day in s.instants)) requests.push({ DeleteRequest: { Key: K.coverageDayKey(day, s.repId) } });
      }
    }
    const weeks = new Map<string, Record<string, unknown>>();
    for (const w of weekly) {
      const key = `${w.week}|${w.repId}`;
      const item = weeks.get(key) ?? { ...K.coverageWeekKey(w.week, w.repId), type: 'coverage-week', repId: w.repId, week: w.week };
      item[w.channel] = Number(item[w.channel] ?? 0) + w.count;
      weeks.set(key, item);
    }
    for (const item of weeks.values()) requests.push({ PutRequest: { Item: item } });
    await this.table.batchWrite(requests);
  }

  /** The hashed-address entries of these contacts (written by every contact write since; a recount adds the older). */
  async noteContactAddresses(contacts: readonly Contact[]): Promise<void> {
    await this.table.batchWrite(
      contacts.flatMap((c) => (c.email ? [{ PutRequest: { Item: { ...K.emailHashContactKey(hashEmail(c.email), c.id), type: 'email-hash', contactId: c.id } } }] : [])),
    );
  }

  private queryPartition(pk: string): Promise<Array<Record<string, unknown>>> {
    return this.table.queryAll<Record<string, unknown>>({ TableName: this.table.name, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }, true);
  }
}

function countersOf(item: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(item)) {
    if (NOT_COUNTERS.has(key) || typeof value !== 'number' || value === 0) continue;
    out[key] = value;
  }
  return out;
}

function dayEndSeconds(day: string): number {
  return Math.floor(Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8) + 1) / 1000);
}
