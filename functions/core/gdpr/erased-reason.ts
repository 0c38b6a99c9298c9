// An erased person must not come back through the next spreadsheet import. The erasure leaves a suppression
// with reason 'erased' under the hash of the address; the import asks here, per row, whether to refuse it.
import { hashEmail, sha256Hex } from '../ids';
import { normaliseEmail, type Suppression } from '../model';
import type { SuppressionStore } from '../ports';

/**
 * The tombstone of an erased contact id, kept beside the address's: a file with an id column brings the same id
 * back without an address too. A suppression entry under the hash of the id (another input than any address, so
 * it never matches one), reason 'erased'.
 */
export function contactIdTombstone(contactId: string): string {
  return sha256Hex(`contact-id:${contactId}`);
}

/** The reason to show for a refused import row, or undefined when the suppression is not an erasure. */
export function erasedReason(suppression: Suppression | undefined): string | undefined {
  if (suppression?.reason !== 'erased') return undefined;
  return `this person's data was erased at their request on ${suppression.at.slice(0, 10)} (GDPR Art. 17); the address may not be imported again`;
}

/**
 * For an import: which of these addresses belong to erased people, with the reason per normalised address.
 * One batched lookup for all rows, then a read of the (few) suppressed ones to tell erasures from bounces.
 */
export async function findErased(
  deps: { ledger: Pick<SuppressionStore, 'suppressedAmong' | 'getSuppression'> },
  emails: readonly string[],
): Promise<Map<string, string>> {
  const byHash = new Map<string, string>();
  for (const email of emails) if (email.trim()) byHash.set(hashEmail(email), normaliseEmail(email));
  const out = new Map<string, string>();
  if (!byHash.size) return out;
  const suppressed = await deps.ledger.suppressedAmong([...byHash.keys()]);
  for (const hash of suppressed) {
    const reason = erasedReason(await deps.ledger.getSuppression(hash));
    if (reason) out.set(byHash.get(hash)!, reason);
  }
  return out;
}
