// Letter batches on the local disk: <root>/<batch id>/<file>. Used by `presence letters export`. The files hold
// names and addresses, so like every other export they are for their owner only: files 0600, the folders this
// sink creates 0700 (a umask can only narrow that).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LetterFile, LetterSink } from '../../core/ports';

export class FolderLetterSink implements LetterSink {
  constructor(private readonly root: string) {}

  async open(batchId: string, file: LetterFile) {
    const dir = join(resolve(this.root), safeName(batchId));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, safeName(file.name));
    // 'wx': a batch never overwrites a file of an earlier batch, so the mode always applies to a new file
    const stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    const closed = new Promise<string>((resolveDone, reject) => {
      stream.once('close', () => resolveDone(path));
      stream.once('error', reject);
    });
    closed.catch(() => undefined); // an open error is reported below; done() still rejects with it
    await new Promise<void>((ready, reject) => {
      stream.once('open', () => ready());
      stream.once('error', reject);
    });
    return { stream, done: () => closed };
  }
}

/** Batch ids and file names are ours, but a path separator must never reach the file system. */
function safeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._-]/g, '_');
  if (!clean || clean === '.' || clean === '..') throw new Error(`not a usable file name: ${name}`);
  return clean;
}
