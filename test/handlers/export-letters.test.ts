import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { FolderLetterSink } from '../../functions/adapters/fs/folder-letter-sink';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { defaultConfig } from '../../functions/core/config';
import { ValidationError } from '../../functions/core/errors';
import { silentLogger } from '../../functions/core/ports';
import { createExportLettersHandler } from '../../functions/handlers/export-letters';
import { aContact, aDraft, aRep } from '../support/factories';

const context = {} as Context;
let ledger: MemoryLedger;
let root: string;

beforeEach(async () => {
  ledger = new MemoryLedger();
  root = await mkdtemp(join(tmpdir(), 'export-handler-'));
  await ledger.putRep(aRep());
  await ledger.putContact(aContact());
  await ledger.putDrafts([
    aDraft({ kind: 'letter', channel: 'letter', status: 'approved', content: { subject: 'Betreff', html: '', text: 'Text' } }),
  ]);
});

const handlerFor = () =>
  createExportLettersHandler(
    { ledger, clock: new FixedClock('2026-11-27T09:00:00Z'), logger: silentLogger, config: { ...defaultConfig, letterReturnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg' } },
    new FolderLetterSink(root),
  );

describe('export-letters handler', () => {
  it('exports the batch for a schedule event and answers with the summary', async () => {
    const summary = await handlerFor()({ campaignId: 'crisis-update', form: 'B', delimiter: ';' }, context);
    expect(summary).toEqual({
      batchId: '20261127T090000Z-crisis-update',
      letters: 1,
      pages: 1,
      csv: join(root, '20261127T090000Z-crisis-update', 'letters.csv'),
      pdf: join(root, '20261127T090000Z-crisis-update', 'letters.pdf'),
      letterPdfs: 0,
      needsFix: 0,
      skipped: 0,
      recorded: 1,
    });
    expect((await readFile(summary.pdf!)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('treats an empty event as "everything approved"', async () => {
    const summary = await handlerFor()(undefined, context);
    expect(summary.letters).toBe(1);
  });

  it('rejects an event it does not understand before touching anything', async () => {
    await expect(handlerFor()({ campaign: 'x' }, context)).rejects.toBeInstanceOf(ValidationError);
    await expect(handlerFor()({ form: 'C' }, context)).rejects.toBeInstanceOf(ValidationError);
    expect(await ledger.listTouches('c-1')).toHaveLength(0);
  });
});
