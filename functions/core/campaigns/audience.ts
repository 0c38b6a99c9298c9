// Who a campaign addresses among the contacts that are due. The planner reads only due contacts (an index
// query per rep); these rules then decide, per contact, whether this campaign is for them.
import { daysBetween } from '../ids';
import type { Contact } from '../model';
import type { Audience } from './campaign-schema';

/**
 * true when the due contact belongs to the audience: their channel is one of the campaign's, they carry one of
 * its tags (when it names any), and they have been silent long enough (when it asks for silentForDays; a
 * contact never touched counts as silent). Rep filters are applied before contacts are read at all.
 */
export function inAudience(contact: Contact, audience: Audience, runAt: Date): boolean {
  if (!audience.channels.includes(contact.channel)) return false;
  if (audience.tags.length > 0 && !contact.tags.some((t) => audience.tags.includes(t))) return false;
  if (audience.silentForDays !== undefined && contact.lastTouchAt && daysBetween(contact.lastTouchAt, runAt) < audience.silentForDays) {
    return false;
  }
  return true;
}

/** false when the contact must not get this draft at all: opted out, or no consent for their channel. */
export function mayContact(contact: Contact): boolean {
  return !contact.optedOut && contact.consent[contact.channel] !== false;
}
