// A ledger of a few repositories (ledgerOf), as the Lambda composition root gives a function whose use cases need only
// those: the same items as DynamoLedger, none of the other stores' methods, and a suppression that moves the coverage
// aggregate as DynamoLedger's does.
import { beforeAll, describe, expect, it } from 'vitest';
import { CoverageRepository } from '../../../functions/adapters/dynamodb/coverage-repository';
import { ContactsRepository } from '../../../functions/adapters/dynamodb/contacts-repository';
import { ledgerOf } from '../../../functions/adapters/dynamodb/dynamodb-ledger';
import { RepsRepository } from '../../../functions/adapters/dynamodb/reps-repository';
import { SuppressionsRepository } from '../../../functions/adapters/dynamodb/suppressions-repository';
import { dayOf } from '../../../functions/core/coverage/aggregate';
import { hashEmail } from '../../../functions/core/ids';
import { freshTable, type TestTable } from '../../support/local-aws';
import { aContact, aRep } from '../../support/factories';

let t: TestTable;
beforeAll(async () => {
  t = await freshTable('ledger-of');
});

function slimLedger() {
  const table = t.ledger.table;
  const coverageRepository = new CoverageRepository(table);
  return ledgerOf({
    contacts: new ContactsRepository(table, coverageRepository),
    reps: new RepsRepository(table),
    suppressions: new SuppressionsRepository(table),
    coverage: coverageRepository,
  });
}

describe('a ledger of some repositories', () => {
  it('reads and writes the same items as the whole ledger, and has no other store', async () => {
    const slim = slimLedger();
    await t.ledger.putRep(aRep({ id: 'rep-of' }));
    await slim.putContact(aContact({ id: 'of-1', repId: 'rep-of' }));
    expect((await t.ledger.getContact('of-1'))?.repId).toBe('rep-of');
    expect((await slim.getRep('rep-of'))?.id).toBe('rep-of');
    expect((await slim.listContactsByRep('rep-of')).items.map((c) => c.id)).toEqual(['of-1']);
    for (const method of ['recordTouch', 'putDrafts', 'getToken', 'isPaused', 'audit']) expect(method in slim).toBe(false);
  });

  it('moves the coverage figures when it suppresses an address, as the whole ledger does', async () => {
    const slim = slimLedger();
    await t.ledger.putRep(aRep({ id: 'rep-sup' }));
    await t.ledger.putContact(aContact({ id: 'sup-1', repId: 'rep-sup', email: 'sup-1@example.com' }));
    const optedOut = async () => (await t.ledger.coverageAggregates(dayOf(Date.now()), ['rep-sup']))[0]?.optedOut;
    expect(await optedOut()).toBe(0);
    expect(await slim.suppress({ emailHash: hashEmail('sup-1@example.com'), reason: 'bounce', at: '2026-11-30T00:00:00.000Z' })).toBe(true);
    expect(await optedOut()).toBe(1);
    // again: not new, and the figures stay
    expect(await slim.suppress({ emailHash: hashEmail('sup-1@example.com'), reason: 'complaint', at: '2026-11-30T01:00:00.000Z' })).toBe(false);
    expect(await optedOut()).toBe(1);
  });
});
