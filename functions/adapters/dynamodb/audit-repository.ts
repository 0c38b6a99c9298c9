// The audit log, one partition per month; subjects are hashes (core/gdpr/audit-subject.ts).
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomId } from '../../core/ids';
import type { AuditEntry, AuditStore } from '../../core/ports';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export class AuditRepository implements AuditStore {
  constructor(private readonly table: LedgerTable) {}
  async audit(entry: AuditEntry): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { PK: K.auditPartition(entry.at.slice(0, 7)), SK: `${entry.at}#${randomId(6)}`, type: 'audit', ...entry },
      }),
    );
  }

  async listAudit(month: string): Promise<AuditEntry[]> {
    return this.table.queryAll<AuditEntry>({
      TableName: this.table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': K.auditPartition(month) },
    });
  }
}
