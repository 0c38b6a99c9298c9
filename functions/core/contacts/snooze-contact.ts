// snoozeContact / clearSnooze: set or lift a contact's "not before" date (core/contacts/snooze.ts). The one place a
// snooze is written from outside a draft decision: `presence contacts snooze`, and an inbound automatic reply
// (reason `away`). A rep's rejection builds its snooze with the same withSnooze and writes it in the rejection's
// own transaction (core/approval/reject-draft.ts).
//
// Every input is checked before anything is read for writing, and all problems are reported together, each naming
// its field; nothing is written unless all of them hold.
import * as z from 'zod';
import { ValidationError, VersionConflict } from '../errors';
import { addDays } from '../ids';
import { calendarDay, startOfLocalDay } from '../local-day';
import { idSchema, isoTimeSchema, MAX_SNOOZE_REASON_LENGTH, type Contact, type Snooze } from '../model';
import type { Clock, ContactStore, RepStore } from '../ports';
import { MAX_SNOOZE_DAYS, SNOOZE_REASONS, snoozeHolding } from './snooze';

export type SnoozeLedger = Pick<ContactStore, 'getContact' | 'putContact'> & Pick<RepStore, 'getRep'>;
export type ClearSnoozeLedger = Pick<ContactStore, 'getContact' | 'putContact'>;

export interface SnoozeContactInput {
  contactId: unknown;
  /** A day (YYYY-MM-DD: the snooze ends when that day begins in the rep's time zone) or an ISO time with offset. */
  until: unknown;
  /** Default `manual`. */
  reason?: unknown;
  /** Who snoozes, kept with the snooze: `cli:<user>`, `rep:<id>`, `inbound`. */
  by?: string;
  /** Only this campaign passes the contact by; without it every campaign does. */
  campaignId?: string;
  /**
   * Keep a snooze that already holds the contact longer for every campaign (an automatic reply must not shorten a
   * longer absence set by hand). Without it the new snooze replaces the old one: a person said so.
   */
  keepLonger?: boolean;
}

/** The time zone a day is read in when the contact's rep is not in the ledger (the reps' own default). */
const FALLBACK_TIME_ZONE = 'Europe/Berlin';
/** Re-reads after a concurrent change of the contact (a touch, an import) before giving up. */
const ATTEMPTS = 3;

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

const inputSchema = z.object({
  contactId: z.string({ error: 'is required' }).pipe(idSchema),
  until: z.string({ error: 'is required: a date such as 2026-04-01' }).trim().min(1, 'is required: a date such as 2026-04-01'),
  reason: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'is empty')
    .max(MAX_SNOOZE_REASON_LENGTH, `is longer than ${MAX_SNOOZE_REASON_LENGTH} characters`)
    .refine((r) => !CONTROLS.test(r), 'contains control characters')
    .default(SNOOZE_REASONS.manual),
  campaignId: idSchema.optional(),
});

type Issue = { path: string; message: string };

/**
 * The moment a snooze given as `raw` ends, or the problem with it: a calendar day begins in `timeZone`; an ISO time
 * is taken as it is. It must lie after `now` and at most MAX_SNOOZE_DAYS ahead.
 */
export function resolveUntil(raw: string, timeZone: string, now: Date): { until: string } | { problem: string } {
  const day = calendarDay(raw);
  let until: Date;
  if (day) until = startOfLocalDay(day, timeZone);
  else if (isoTimeSchema.safeParse(raw).success) until = new Date(raw);
  else return { problem: `"${raw}" is not a date; use YYYY-MM-DD such as 2026-04-01` };
  if (until.getTime() <= now.getTime()) return { problem: `${raw} lies in the past; give a later date` };
  if (until.toISOString() > addDays(now, MAX_SNOOZE_DAYS)) return { problem: `${raw} lies more than ${MAX_SNOOZE_DAYS} days ahead` };
  return { until: until.toISOString() };
}

/**
 * The contact with `snooze` set, or unchanged (the same object) when `keepLonger` and a snooze already holds it at
 * `now` for every campaign until at least as long.
 */
export function withSnooze(contact: Contact, snooze: Snooze, opts: { now: Date; keepLonger?: boolean }): Contact {
  const current = snoozeHolding(contact, opts.now);
  if (opts.keepLonger && current && current.campaignId === undefined && current.until >= snooze.until) return contact;
  return { ...contact, snooze, updatedAt: snooze.at };
}

function fail(issues: Issue[]): never {
  throw new ValidationError(`Nothing was snoozed: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
}

/**
 * Snoozes the contact. Throws ValidationError naming each bad field (`id` when no such contact, `until`, `reason`),
 * having written nothing; VersionConflict when the contact kept changing under it.
 */
export async function snoozeContact(deps: { ledger: SnoozeLedger; clock: Clock }, input: SnoozeContactInput): Promise<{ contact: Contact; snooze: Snooze }> {
  const parsed = inputSchema.safeParse({ contactId: input.contactId, until: input.until, reason: input.reason, campaignId: input.campaignId });
  const issues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path[0] === 'contactId' ? 'id' : String(i.path[0] ?? 'input'), message: i.message }));
  const contactId = typeof input.contactId === 'string' && idSchema.safeParse(input.contactId).success ? input.contactId : undefined;
  const now = deps.clock.now();
  let contact = contactId ? await deps.ledger.getContact(contactId) : undefined;
  if (contactId && !contact) issues.push({ path: 'id', message: `there is no contact "${contactId}"` });
  let until: string | undefined;
  const untilText = typeof input.until === 'string' ? input.until.trim() : '';
  if (contact && untilText) {
    // judged even when another field is wrong, so one round of fixing is enough
    const rep = await deps.ledger.getRep(contact.repId);
    const resolved = resolveUntil(untilText, rep?.timeZone ?? FALLBACK_TIME_ZONE, now);
    if ('problem' in resolved) issues.push({ path: 'until', message: resolved.problem });
    else until = resolved.until;
  }
  if (issues.length || !parsed.success || !contact || !until) fail(issues);

  const snooze: Snooze = {
    until,
    reason: parsed.data.reason,
    at: now.toISOString(),
    ...(input.by ? { by: input.by } : {}),
    ...(parsed.data.campaignId ? { campaignId: parsed.data.campaignId } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    const next = withSnooze(contact, snooze, { now, ...(input.keepLonger ? { keepLonger: true } : {}) });
    if (next === contact) return { contact, snooze: contact.snooze! };
    try {
      return { contact: await deps.ledger.putContact(next, contact.version), snooze };
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
      const again = await deps.ledger.getContact(contact.id);
      if (!again) fail([{ path: 'id', message: `contact "${contact.id}" was deleted meanwhile` }]);
      contact = again;
    }
  }
}

/** Lifts the contact's snooze. `cleared` is false (and nothing written) when it had none. */
export async function clearSnooze(deps: { ledger: ClearSnoozeLedger; clock: Clock }, input: { contactId: unknown }): Promise<{ contact: Contact; cleared: boolean }> {
  const id = idSchema.safeParse(input.contactId);
  if (!id.success) fail([{ path: 'id', message: id.error.issues[0]?.message ?? 'is not a contact id' }]);
  for (let attempt = 1; ; attempt++) {
    const contact = await deps.ledger.getContact(id.data);
    if (!contact) fail([{ path: 'id', message: `there is no contact "${id.data}"` }]);
    if (!contact.snooze) return { contact, cleared: false };
    const { snooze: _lifted, ...rest } = contact;
    try {
      return { contact: await deps.ledger.putContact({ ...rest, updatedAt: deps.clock.now().toISOString() }, contact.version), cleared: true };
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
    }
  }
}
