// The drafts repository paces each rep's draft batches on that rep's index key, within the table's own bound on
// requests in flight, and stores every draft.
import { beforeAll, describe, expect, it } from 'vitest';
import { DraftsRepository } from '../../../functions/adapters/dynamodb/drafts-repository';
import { LedgerTable } from '../../../functions/adapters/dynamodb/ledger-table';
import { PartitionPacer } from '../../../functions/adapters/dynamodb/partition-pacer';
import { aDraft } from '../../support/factories';
import { freshTable, type TestTable } from '../../support/local-aws';

class RecordingPacer extends PartitionPacer {
  readonly taken: Array<{ key: string; units: number }> = [];
  override async take(key: string, units: number): Promise<void> {
    this.taken.push({ key, units });
  }
}

let t: TestTable;
beforeAll(async () => {
  t = await freshTable('paced');
});

describe('paced draft writes', () => {
  it('asks the pacer before each batch, one rep per batch, and writes every draft', async () => {
    const pacer = new RecordingPacer();
    const repo = new DraftsRepository(new LedgerTable(t.doc, t.tableName), undefined, pacer);
    const drafts = [
      ...Array.from({ length: 60 }, (_, i) => aDraft({ contactId: `a-${i}`, repId: 'rep-a' })),
      ...Array.from({ length: 10 }, (_, i) => aDraft({ contactId: `b-${i}`, repId: 'rep-b' })),
    ];
    await repo.putDrafts(drafts);
    // 25 + 25 + 10 of rep-a, 10 of rep-b, each batch on its rep's key with at least a unit per draft
    expect(pacer.taken.map((x) => x.key).sort()).toEqual(['REP#rep-a', 'REP#rep-a', 'REP#rep-a', 'REP#rep-b']);
    expect(pacer.taken.filter((x) => x.key === 'REP#rep-a').map((x) => x.units).sort((a, b) => a - b)[0]).toBeGreaterThanOrEqual(10);
    expect(pacer.taken.reduce((n, x) => n + x.units, 0)).toBeGreaterThanOrEqual(70);
    const stored = await repo.getDrafts(drafts.map((d) => d.id));
    expect(stored).toHaveLength(70);
  });
});
