// snoozeContact / clearSnooze: set or lift a contact's "not before" date (core/contacts/snooze.ts). The one place a
// snooze is written from outside a draft decision: `presence contacts snooze`, and an inbound automatic reply
// (reason `away`). A rep's rejection builds its snooze with the same resolveUntil and withSnooze (snooze.ts, which
// needs no schema library, so the approval site's bundle carries none) and writes it in the rejection's own
// transaction (core/approval/reject-draft.ts).
//
// Every input is checked before anything is written, and all problems are reported together, each naming its field;
// nothing is written unless all of them hold. Checked by hand, without a schema library, so that a Lambda function
// calling this (the inbound mail path) does not carry one for four fields.
import { ValidationError, VersionConflict } from '../errors';
import { ID_RULE, isId, MAX_SNOOZE_REASON_LENGTH, type Contact, type Snooze } from '../model';
import type { Clock, ContactStore, RepStore } from '../ports';
import { resolveUntil, SNOOZE_REASONS, withSnooze } from './snooze';

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

type Issue = { path: string; message: string };

function fail(issues: Issue[]): never {
  throw new ValidationError(`Nothing was snoozed: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
}

/**
 * Snoozes the contact. Throws ValidationError naming each bad field (`id` when no such contact, `until`, `reason`),
 * having written nothing; VersionConflict when the contact kept changing under it.
 */
export async function snoozeContact(deps: { ledger: SnoozeLedger; clock: Clock }, input: SnoozeContactInput): Promise<{ contact: Contact; snooze: Snooze }> {
  const issues: Issue[] = [];
  const contactId = isId(input.contactId) ? input.contactId : undefined;
  if (!contactId) issues.push({ path: 'id', message: typeof input.contactId === 'string' ? ID_RULE : 'is required' });
  const reason = reasonOf(input.reason, issues);
  if (input.campaignId !== undefined && !isId(input.campaignId)) issues.push({ path: 'campaign', message: ID_RULE });
  const untilText = typeof input.until === 'string' ? input.until.trim() : '';
  if (!untilText) issues.push({ path: 'until', message: 'is required: a date such as 2026-04-01' });

  const now = deps.clock.now();
  let contact = contactId ? await deps.ledger.getContact(contactId) : undefined;
  if (contactId && !contact) issues.push({ path: 'id', message: `there is no contact "${contactId}"` });
  let until: string | undefined;
  if (contact && untilText) {
    // judged even when another field is wrong, so one round of fixing is enough
    const rep = await deps.ledger.getRep(contact.repId);
    const resolved = resolveUntil(untilText, rep?.timeZone ?? FALLBACK_TIME_ZONE, now);
    if ('problem' in resolved) issues.push({ path: 'until', message: resolved.problem });
    else until = resolved.until;
  }
  if (issues.length || !contact || !until || !reason) fail(issues);

  const snooze: Snooze = {
    until,
    reason,
    at: now.toISOString(),
    ...(input.by ? { by: input.by } : {}),
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
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

/** The reason, trimmed (default `manual`), or undefined with its problem added to `issues`. */
function reasonOf(raw: unknown, issues: Issue[]): string | undefined {
  if (raw === undefined) return SNOOZE_REASONS.manual;
  const problem =
    typeof raw !== 'string'
      ? 'must be text'
      : !raw.trim()
        ? 'is empty'
        : raw.trim().length > MAX_SNOOZE_REASON_LENGTH
          ? `is longer than ${MAX_SNOOZE_REASON_LENGTH} characters`
          : CONTROLS.test(raw)
            ? 'contains control characters'
            : undefined;
  if (problem) issues.push({ path: 'reason', message: problem });
  return problem ? undefined : (raw as string).trim();
}

/** Lifts the contact's snooze. `cleared` is false (and nothing written) when it had none. */
export async function clearSnooze(deps: { ledger: ClearSnoozeLedger; clock: Clock }, input: { contactId: unknown }): Promise<{ contact: Contact; cleared: boolean }> {
  const id = input.contactId;
  if (!isId(id)) fail([{ path: 'id', message: typeof id === 'string' ? ID_RULE : 'is required' }]);
  for (let attempt = 1; ; attempt++) {
    const contact = await deps.ledger.getContact(id);
    if (!contact) fail([{ path: 'id', message: `there is no contact "${id}"` }]);
    if (!contact.snooze) return { contact, cleared: false };
    const { snooze: _lifted, ...rest } = contact;
    try {
      return { contact: await deps.ledger.putContact({ ...rest, updatedAt: deps.clock.now().toISOString() }, contact.version), cleared: true };
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
    }
  }
}
