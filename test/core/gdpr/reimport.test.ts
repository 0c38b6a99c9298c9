// Round trip: import a contact, erase it, import the same file again: the row is refused with the reason,
// also when the address had bounced before the erasure.
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { eraseContact } from '../../../functions/core/gdpr/erase-contact';
import { ERASED_REASON, importContacts } from '../../../functions/core/import/import-contacts';
import { collectRejects, type ImportSource } from '../../../functions/core/import/import-source';
import { hashEmail } from '../../../functions/core/ids';
import { silentLogger } from '../../../functions/core/ports';
import { aRep } from '../../support/factories';

const NOW = '2026-11-27T10:00:00.000Z';
const HEADER = ['id', 'first name', 'last name', 'company', 'email', 'rep'];
const ROWS = [
  ['k-1', 'Anna', 'Müller', 'Müller GmbH', 'anna.mueller@example.com', 'rep-1'],
  ['k-2', 'Bernd', 'Koch', 'Koch KG', 'bernd@example.com', 'rep-1'],
];

function source(): ImportSource {
  return {
    header: HEADER,
    headerLine: 1,
    rows: (async function* () {
      for (const [i, record] of ROWS.entries()) yield { line: i + 2, record };
    })(),
  };
}

async function importOnce(ledger: MemoryLedger, clock: FixedClock) {
  const rejects = collectRejects();
  const result = await importContacts({ ledger, clock, logger: silentLogger }, { source: source(), rejects });
  return { result, rejected: rejects.rejected };
}

describe('re-import after erasure', () => {
  for (const bouncedBefore of [false, true]) {
    it(`refuses the erased person's row${bouncedBefore ? ' (address bounced before)' : ''} and imports the others`, async () => {
      const ledger = new MemoryLedger();
      const clock = new FixedClock(NOW);
      await ledger.putRep(aRep());
      const first = await importOnce(ledger, clock);
      expect(first.result).toMatchObject({ created: 2, rejected: 0 });
      if (bouncedBefore) await ledger.suppress({ emailHash: hashEmail('anna.mueller@example.com'), reason: 'bounce', at: NOW });

      await eraseContact({ ledger, clock }, 'k-1', 'cli:ops');
      expect(ledger.contacts.has('k-1')).toBe(false);

      const again = await importOnce(ledger, clock);
      expect(again.rejected).toEqual([{ line: 2, reason: ERASED_REASON }]);
      expect(again.result).toMatchObject({ created: 0, rejected: 1 });
      expect(ledger.contacts.has('k-1')).toBe(false);
      expect(ledger.contacts.has('k-2')).toBe(true);
    });
  }
});
