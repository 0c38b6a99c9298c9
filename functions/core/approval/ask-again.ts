// "When should presence ask again?": the rep's answer when rejecting a draft, from the reject form, and what it does
// to the contact. Every answer holds the contact back, so a rejected contact never comes back in the next run:
//   next-cadence     snoozed until one cadence after the rejection, and its due date moves there, as a touch at the
//                    moment of the rejection would move it (the default: the rep's no counts as this round's answer)
//   two-weeks        snoozed until the rejection + 14 days
//   month            snoozed until the same time one calendar month later
//   date             snoozed until that day begins in the rep's time zone
//   not-in-campaign  this campaign passes the contact by for NOT_IN_CAMPAIGN_DAYS (a year); other campaigns do not
// The snooze's reason is `rejected`; the decision on the draft records the choice and the moment it resolved to.

// Checked by hand, like the edit form's fields (edit-input.ts): the approval site's and the link renewal's bundles
// carry no schema library, and even zod's small build (15 kB) would take renew-link past its 400 kB goal
// (docs/benchmarks.md).
import { ValidationError } from '../errors';
import { addDays } from '../ids';
import { addCalendarMonths } from '../local-day';
import { ASK_AGAIN_CHOICES, DEFAULT_ASK_AGAIN, type AskAgainChoice, type Contact, type Snooze } from '../model';
import { NOT_IN_CAMPAIGN_DAYS, resolveUntil, SNOOZE_REASONS, withSnooze } from '../contacts/snooze';

export { ASK_AGAIN_CHOICES, DEFAULT_ASK_AGAIN, type AskAgainChoice };

/** A day is 10 characters: anything much longer is no day, and is not repeated back in the answer. */
const MAX_DAY_LENGTH = 40;

export interface AskAgainAnswer {
  choice: AskAgainChoice;
  /** For `date`: the day as typed. */
  on?: string;
}

/**
 * Checks the form's two fields: `askAgain` (one of the choices; absent or empty on a page from before the question:
 * the default) and `askAgainOn` (the day, for `date`; a date field left empty sends an empty string). Throws
 * ValidationError naming `askAgain` or `askAgainOn`; whether the day is a day, and not past, resolveAskAgain checks.
 */
export function parseAskAgain(raw: { askAgain?: unknown; askAgainOn?: unknown }): AskAgainAnswer {
  const issues: Array<{ path: string; message: string }> = [];
  const given = raw.askAgain === undefined || raw.askAgain === '' ? DEFAULT_ASK_AGAIN : raw.askAgain;
  const choice = ASK_AGAIN_CHOICES.find((c) => c === given);
  if (!choice) issues.push({ path: 'askAgain', message: `choose one of ${ASK_AGAIN_CHOICES.join(', ')}` });
  const on = typeof raw.askAgainOn === 'string' ? raw.askAgainOn.trim() : undefined;
  if (raw.askAgainOn !== undefined && typeof raw.askAgainOn !== 'string') issues.push({ path: 'askAgainOn', message: 'must be a day such as 2027-04-01' });
  else if (on && on.length > MAX_DAY_LENGTH) issues.push({ path: 'askAgainOn', message: 'must be a day such as 2027-04-01' });
  else if (choice === 'date' && !on) issues.push({ path: 'askAgainOn', message: 'is required when asking again on a date' });
  if (issues.length || !choice) throw new ValidationError(`The draft was not rejected: ${issues.map((i) => `${i.path} ${i.message}`).join(', ')}.`, issues);
  return { choice, ...(choice === 'date' && on ? { on } : {}) };
}

export interface AskAgainEffect {
  /** What the draft's decision records. */
  askAgain: { choice: AskAgainChoice; until: string };
  snooze: Snooze;
}

/**
 * What the answer means for this contact, rejected `at` by `by` in `timeZone` (the rep's). Throws ValidationError
 * (`askAgainOn`) for a day that is not a date, already begun, or too far ahead.
 */
export function resolveAskAgain(answer: AskAgainAnswer, ctx: { contact: Contact; campaignId: string; at: Date; by: string; timeZone: string }): AskAgainEffect {
  const { at, contact } = ctx;
  let until: string;
  switch (answer.choice) {
    case 'next-cadence':
      until = addDays(at, contact.cadenceDays);
      break;
    case 'two-weeks':
      until = addDays(at, 14);
      break;
    case 'month':
      until = addCalendarMonths(at, 1).toISOString();
      break;
    case 'not-in-campaign':
      until = addDays(at, NOT_IN_CAMPAIGN_DAYS);
      break;
    case 'date': {
      const resolved = resolveUntil(answer.on ?? '', ctx.timeZone, at);
      if ('problem' in resolved) throw new ValidationError(`The draft was not rejected: askAgainOn ${resolved.problem}.`, [{ path: 'askAgainOn', message: resolved.problem }]);
      until = resolved.until;
      break;
    }
  }
  const snooze: Snooze = {
    until,
    reason: SNOOZE_REASONS.rejected,
    at: at.toISOString(),
    by: ctx.by,
    ...(answer.choice === 'not-in-campaign' ? { campaignId: ctx.campaignId } : {}),
  };
  return { askAgain: { choice: answer.choice, until }, snooze };
}

/**
 * The contact after the rejection: snoozed (a longer snooze it already has for every campaign is kept), and for
 * `next-cadence` due one cadence after the rejection (never earlier than it already was).
 */
export function contactAfterRejection(contact: Contact, effect: AskAgainEffect, at: Date): Contact {
  const snoozed = withSnooze(contact, effect.snooze, { now: at, keepLonger: true });
  if (effect.askAgain.choice !== 'next-cadence' || contact.nextDueAt >= effect.askAgain.until) return snoozed;
  return { ...snoozed, nextDueAt: effect.askAgain.until, updatedAt: at.toISOString() };
}
