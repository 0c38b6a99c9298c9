// The opt-out state of the contacts a rep's page shows (the draft, the task, the review-all items): the same answer as
// `presence contacts show`, from the same reads (core/contacts/list-contacts.ts): the suppression of the address
// (unsubscribe link, bounce, complaint, by hand, erased) with its date, else the contact's own opt-out flag.
import { optOutOf, suppressionsOf, type OptOut } from '../contacts/list-contacts';
import type { Contact } from '../model';
import type { ReadOnlyLedger } from './deps';

export type { OptOut } from '../contacts/list-contacts';

/** Each opted-out contact's state, by contact id; contacts presence may write to are not in the map. */
export async function optOutsOf(ledger: Pick<ReadOnlyLedger, 'suppressedAmong' | 'getSuppression'>, contacts: readonly (Contact | undefined)[]): Promise<Map<string, OptOut>> {
  const known = contacts.filter((c): c is Contact => c !== undefined);
  const suppressed = await suppressionsOf(ledger, known);
  const out = new Map<string, OptOut>();
  for (const c of known) {
    const o = optOutOf(c, suppressed);
    if (o) out.set(c.id, o);
  }
  return out;
}
