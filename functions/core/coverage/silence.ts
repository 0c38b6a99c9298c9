// When a contact counts as covered and how long it has been silent. Every coverage figure, the dashboard and
// the "silent customers" section of the rep digest use these two rules, so they always agree.
import type { ShownSnooze } from '../contacts/snooze';
import type { Contact } from '../model';
import type { SilentContact, SnoozedContact } from './coverage-report';

const DAY_MS = 86_400_000;

/**
 * Covered: touched within the contact's own cadence, i.e. the last touch lies at most cadenceDays before `now`
 * (a touch exactly cadenceDays ago still counts). A never-touched contact is never covered.
 */
export function isCovered(contact: Pick<Contact, 'lastTouchAt' | 'cadenceDays'>, now: Date): boolean {
  if (!contact.lastTouchAt) return false;
  return now.getTime() - Date.parse(contact.lastTouchAt) <= contact.cadenceDays * DAY_MS;
}

/**
 * Where the silence starts: the last touch, or for a never-touched contact its creation. Records without
 * createdAt fall back to their first due date, which the import sets to the import time.
 */
export function silentSince(contact: Pick<Contact, 'lastTouchAt' | 'createdAt' | 'nextDueAt'>): string {
  return contact.lastTouchAt ?? contact.createdAt ?? contact.nextDueAt;
}

/** Whole days of silence at `now` (never negative, so a clock running slightly behind shows 0). */
export function silentDaysOf(contact: Pick<Contact, 'lastTouchAt' | 'createdAt' | 'nextDueAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(silentSince(contact))) / DAY_MS));
}

export function displayNameOf(contact: Pick<Contact, 'id' | 'title' | 'firstName' | 'lastName' | 'company'>): string {
  const person = [contact.title, contact.firstName, contact.lastName].map((s) => s.trim()).filter(Boolean).join(' ');
  return person || contact.company.trim() || contact.id;
}

export function silentEntryOf(contact: Contact, now: Date): SilentContact {
  return {
    contactId: contact.id,
    name: displayNameOf(contact),
    company: contact.company,
    repId: contact.repId,
    channel: contact.channel,
    cadenceDays: contact.cadenceDays,
    ...(contact.lastTouchAt ? { lastTouchAt: contact.lastTouchAt } : {}),
    ...(contact.lastTouchChannel ? { lastTouchChannel: contact.lastTouchChannel } : {}),
    silentDays: silentDaysOf(contact, now),
    neverTouched: !contact.lastTouchAt,
  };
}

export function snoozedEntryOf(contact: Contact, snooze: ShownSnooze, now: Date): SnoozedContact {
  const silent = silentEntryOf(contact, now);
  return {
    contactId: silent.contactId,
    name: silent.name,
    company: silent.company,
    repId: silent.repId,
    channel: silent.channel,
    cadenceDays: silent.cadenceDays,
    ...(silent.lastTouchAt ? { lastTouchAt: silent.lastTouchAt } : {}),
    silentDays: silent.silentDays,
    neverTouched: silent.neverTouched,
    until: snooze.until,
    untilLocal: snooze.untilLocal,
    reason: snooze.reason,
    ...(snooze.campaignId ? { campaignId: snooze.campaignId } : {}),
  };
}

/** The snooze ending soonest first; ties by rep and contact id. */
export function bySnoozeEnd(a: SnoozedContact, b: SnoozedContact): number {
  return a.until.localeCompare(b.until) || a.repId.localeCompare(b.repId) || a.contactId.localeCompare(b.contactId);
}

/** Longest silence first; ties by rep and contact id so the order is stable between runs. */
export function bySilence(a: SilentContact, b: SilentContact): number {
  return b.silentDays - a.silentDays || a.repId.localeCompare(b.repId) || a.contactId.localeCompare(b.contactId);
}
