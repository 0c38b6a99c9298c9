import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderLetterSink } from '../../../functions/adapters/fs/folder-letter-sink';

describe('folder letter sink', () => {
  it('writes each file of a batch into the batch folder and resolves with its path once closed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sink-'));
    const sink = new FolderLetterSink(root);
    const file = await sink.open('20261127T080000Z-crisis', { name: 'letters.csv', contentType: 'text/csv' });
    file.stream.write('a;b\r\n');
    file.stream.end('1;2\r\n');
    const path = await file.done();
    expect(path).toBe(join(root, '20261127T080000Z-crisis', 'letters.csv'));
    expect(await readFile(path, 'utf8')).toBe('a;b\r\n1;2\r\n');
  });

  it('never overwrites a file of an earlier batch', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sink-'));
    const sink = new FolderLetterSink(root);
    const first = await sink.open('b1', { name: 'letters.pdf', contentType: 'application/pdf' });
    first.stream.end('first');
    await first.done();
    await expect(sink.open('b1', { name: 'letters.pdf', contentType: 'application/pdf' })).rejects.toThrow(/EEXIST/);
    expect(await readFile(join(root, 'b1', 'letters.pdf'), 'utf8')).toBe('first');
  });

  it('keeps path separators out of the file system', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sink-'));
    const file = await new FolderLetterSink(root).open('../escape', { name: '../../x.pdf', contentType: 'application/pdf' });
    file.stream.end('x');
    const path = await file.done();
    expect(path.startsWith(root + '/')).toBe(true);
    expect(path).toBe(join(root, '.._escape', '.._.._x.pdf'));
  });
});
