import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { clearSnooze, snoozeContact } from '../../../functions/core/contacts/snooze-contact';
import { snoozeHolding } from '../../../functions/core/contacts/snooze';
import { ValidationError, VersionConflict } from '../../../functions/core/errors';
import type { Contact } from '../../../functions/core/model';
import { aContact, aRep } from '../../support/factories';

const NOW = '2026-03-10T09:00:00.000Z';
let ledger: MemoryLedger;
let clock: FixedClock;
const deps = () => ({ ledger, clock });

beforeEach(async () => {
  ledger = new MemoryLedger();
  clock = new FixedClock(NOW);
  await ledger.putRep(aRep({ id: 'rep-1', timeZone: 'Europe/Berlin' }));
  await ledger.putContact(aContact({ id: 'K-1', repId: 'rep-1' }));
});

async function failure(p: Promise<unknown>): Promise<ValidationError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('snoozeContact', () => {
  it('snoozes until the day begins in the rep’s time zone, with reason and author, and keeps the due date', async () => {
    const before = (await ledger.getContact('K-1'))!;
    const { contact, snooze } = await snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01', reason: 'bitte im April', by: 'cli:ops' });
    expect(snooze).toEqual({ until: '2026-03-31T22:00:00.000Z', reason: 'bitte im April', at: NOW, by: 'cli:ops' });
    expect(contact.snooze).toEqual(snooze);
    expect(contact.nextDueAt).toBe(before.nextDueAt);
    expect(contact.version).toBe(before.version + 1);
    expect((await ledger.getContact('K-1'))!.snooze).toEqual(snooze);
  });

  it('reads the day in the rep’s own time zone and takes an ISO time as it is', async () => {
    await ledger.putRep(aRep({ id: 'rep-ny', timeZone: 'America/New_York' }));
    await ledger.putContact(aContact({ id: 'K-2', repId: 'rep-ny' }));
    expect((await snoozeContact(deps(), { contactId: 'K-2', until: '2026-04-01' })).snooze).toMatchObject({ until: '2026-04-01T04:00:00.000Z', reason: 'manual' });
    expect((await snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01T08:00:00+02:00' })).snooze.until).toBe('2026-04-01T06:00:00.000Z');
  });

  it('a campaign snooze holds for that campaign only', async () => {
    const { contact } = await snoozeContact(deps(), { contactId: 'K-1', until: '2026-05-01', campaignId: 'crisis-update', reason: 'rejected' });
    const at = new Date('2026-04-01T00:00:00Z');
    expect(snoozeHolding(contact, at, 'crisis-update')).toBeDefined();
    expect(snoozeHolding(contact, at, 'newsletter')).toBeUndefined();
    expect(snoozeHolding(contact, at)).toBeDefined();
    expect(snoozeHolding(contact, new Date(contact.snooze!.until), 'crisis-update')).toBeUndefined();
  });

  it('names every bad field at once and writes nothing', async () => {
    const stored = JSON.stringify([...ledger.contacts.entries()]);
    const past = await failure(snoozeContact(deps(), { contactId: 'K-1', until: '2026-03-10', reason: 'x'.repeat(201) }));
    expect(past.issues).toEqual([
      { path: 'reason', message: 'is longer than 200 characters' },
      { path: 'until', message: '2026-03-10 lies in the past; give a later date' },
    ]);
    const when = await failure(snoozeContact(deps(), { contactId: 'K-1', until: '2026-03-10' }));
    expect(when.issues).toEqual([{ path: 'until', message: '2026-03-10 lies in the past; give a later date' }]);
    expect(when.message).toBe('Nothing was snoozed: until 2026-03-10 lies in the past; give a later date.');
    expect((await failure(snoozeContact(deps(), { contactId: 'K-1', until: '2026-02-30' }))).issues).toEqual([
      { path: 'until', message: '"2026-02-30" is not a date; use YYYY-MM-DD such as 2026-04-01' },
    ]);
    expect((await failure(snoozeContact(deps(), { contactId: 'K-1', until: '01.04.2026' }))).issues[0]!.path).toBe('until');
    expect((await failure(snoozeContact(deps(), { contactId: 'K-1', until: '2040-01-01' }))).issues).toEqual([{ path: 'until', message: '2040-01-01 lies more than 3650 days ahead' }]);
    expect((await failure(snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01', reason: ' ' }))).issues).toEqual([{ path: 'reason', message: 'is empty' }]);
    expect((await failure(snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01', reason: 'a\u001b[2Jb' }))).issues).toEqual([{ path: 'reason', message: 'contains control characters' }]);
    expect((await failure(snoozeContact(deps(), { contactId: 'K-404', until: '2026-04-01' }))).issues).toEqual([{ path: 'id', message: 'there is no contact "K-404"' }]);
    const both = await failure(snoozeContact(deps(), { contactId: 'K-404', until: 'soon', reason: '' }));
    expect(both.issues.map((i) => i.path).sort()).toEqual(['id', 'reason']);
    expect((await failure(snoozeContact(deps(), { contactId: 'K-1', until: 'soon', reason: '' }))).issues.map((i) => i.path).sort()).toEqual(['reason', 'until']);
    expect((await failure(snoozeContact(deps(), { contactId: 'bad id!', until: '2026-04-01' }))).issues[0]!.path).toBe('id');
    expect((await failure(snoozeContact(deps(), { contactId: 'K-1', until: undefined }))).issues[0]!.path).toBe('until');
    expect(JSON.stringify([...ledger.contacts.entries()])).toBe(stored);
  });

  it('replaces an earlier snooze, unless told to keep a longer one (an automatic reply must not shorten it)', async () => {
    await snoozeContact(deps(), { contactId: 'K-1', until: '2026-06-01', reason: 'manual' });
    const kept = await snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01', reason: 'away', keepLonger: true });
    expect(kept.snooze).toMatchObject({ reason: 'manual', until: '2026-05-31T22:00:00.000Z' });
    expect((await ledger.getContact('K-1'))!.snooze!.reason).toBe('manual');
    const longer = await snoozeContact(deps(), { contactId: 'K-1', until: '2026-07-01', reason: 'away', keepLonger: true });
    expect(longer.snooze.reason).toBe('away');
    const replaced = await snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01' });
    expect(replaced.contact.snooze).toMatchObject({ reason: 'manual', until: '2026-03-31T22:00:00.000Z' });
  });

  it('re-reads and retries when the contact changed meanwhile (a touch), losing neither change', async () => {
    let raced = false;
    const original = ledger.putContact.bind(ledger);
    ledger.putContact = async (c: Contact, v?: number) => {
      if (!raced) {
        raced = true;
        await ledger.recordTouch({ touch: { id: 't-1', contactId: 'K-1', at: NOW, channel: 'call', repId: 'rep-1', source: 'manual' } });
      }
      return original(c, v);
    };
    const { contact } = await snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01' });
    expect(contact.lastTouchAt).toBe(NOW);
    expect(contact.snooze?.until).toBe('2026-03-31T22:00:00.000Z');
  });

  it('gives up after a few conflicts instead of looping', async () => {
    ledger.putContact = async () => {
      throw new VersionConflict('always');
    };
    await expect(snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01' })).rejects.toBeInstanceOf(VersionConflict);
  });
});

describe('clearSnooze', () => {
  it('lifts the snooze; a contact without one is left alone', async () => {
    await snoozeContact(deps(), { contactId: 'K-1', until: '2026-04-01' });
    const { contact, cleared } = await clearSnooze(deps(), { contactId: 'K-1' });
    expect(cleared).toBe(true);
    expect(contact).not.toHaveProperty('snooze');
    expect((await ledger.getContact('K-1'))!).not.toHaveProperty('snooze');
    const version = (await ledger.getContact('K-1'))!.version;
    expect((await clearSnooze(deps(), { contactId: 'K-1' })).cleared).toBe(false);
    expect((await ledger.getContact('K-1'))!.version).toBe(version);
    expect((await failure(clearSnooze(deps(), { contactId: 'K-404' }))).issues).toEqual([{ path: 'id', message: 'there is no contact "K-404"' }]);
  });
});
