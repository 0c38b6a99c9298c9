// Exports hold names and addresses: on the local disk they are for their owner only (files 0600, folders 0700),
// like the coverage and contact exports, not whatever a permissive umask would allow.
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvRejects } from '../../functions/adapters/csv/csv-rejects';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { aContact, aRep } from '../support/factories';
import { anApprovedLetter, exportLettersToFolder } from '../support/letter-export';

const modeOf = (path: string) => statSync(path).mode & 0o777;

// the usual desktop umask, which leaves new files 0644 and folders 0755 unless the writer asks for less
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});

describe('letter export files', () => {
  it('writes letters.csv and letters.pdf 0600 into folders it creates 0700', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(aRep());
    await ledger.putContact(aContact({ id: 'c-1' }));
    await ledger.putDrafts([anApprovedLetter({ contactId: 'c-1' })]);
    // the sink creates out/ and out/letters/ itself, as `presence letters export --out out/letters` does
    const base = mkdtempSync(join(tmpdir(), 'export-files-'));
    const root = join(base, 'out', 'letters');
    const result = await exportLettersToFolder(ledger, root);
    expect(result.letters).toBe(1);
    const batch = join(root, result.batchId);
    expect(readdirSync(batch).sort()).toEqual(['letters.csv', 'letters.pdf']);
    expect(modeOf(result.csv!).toString(8)).toBe('600');
    expect(modeOf(result.pdf!).toString(8)).toBe('600');
    for (const dir of [join(base, 'out'), root, batch]) expect([dir, modeOf(dir).toString(8)]).toEqual([dir, '700']);
  });

  it('writes the import rejects file 0600, also over an older, wider one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'presence-rejects-mode-'));
    const path = join(dir, 'crm.rejects.csv');
    writeFileSync(path, 'old', { mode: 0o644 });
    const rejects = await createCsvRejects({ path, header: ['id', 'email'], delimiter: ';' });
    await rejects.reject({ line: 2, record: ['K-1', 'anna@'] }, 'E-Mail "anna@" is not a valid address');
    expect(await rejects.close()).toBe(path);
    expect(modeOf(path).toString(8)).toBe('600');
  });
});
