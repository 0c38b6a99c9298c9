// Reps on the single table: the profile item, and all reps through GSI1 (`REPS`).
import type { Rep } from '../../core/model';
import type { RepStore } from '../../core/ports';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export class RepsRepository implements RepStore {
  constructor(private readonly table: LedgerTable) {}

  async getRep(id: string): Promise<Rep | undefined> {
    return this.table.getItem<Rep>(K.repKey(id));
  }

  async putRep(rep: Rep, expectedVersion?: number): Promise<Rep> {
    const stored: Rep = { ...rep, version: (expectedVersion ?? 0) + 1 };
    await this.table.putVersioned({ ...K.repKeys(stored), type: 'rep', ...stored }, expectedVersion, `rep ${rep.id}`);
    return stored;
  }

  async listReps(): Promise<Rep[]> {
    return this.table.queryAll<Rep>({
      TableName: this.table.name,
      IndexName: K.GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'REPS' },
    });
  }
}
