// The settings item: the global pause switch.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SettingsStore } from '../../core/ports';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export class SettingsRepository implements SettingsStore {
  constructor(private readonly table: LedgerTable) {}

  async isPaused(): Promise<boolean> {
    const item = await this.table.getItem<{ paused?: boolean }>(K.pauseKey, true);
    return item?.paused === true;
  }

  async setPaused(paused: boolean, by: string, at: string): Promise<void> {
    await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { ...K.pauseKey, type: 'settings', paused, by, at } }));
  }
}
