// The signing key of the local stack: 32 random bytes in a file under the data directory, created on first use
// with owner-only permissions. Deleting the file invalidates every open form (links stay valid; pages reload).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Secrets } from '../../core/ports';

export const SIGNING_KEY_FILE = 'signing-key';
const KEY_BYTES = 32;

export class FileSecrets implements Secrets {
  private key?: Promise<Buffer>;

  constructor(private readonly dataDir: string) {}

  get path(): string {
    return join(this.dataDir, SIGNING_KEY_FILE);
  }

  signingKey(): Promise<Buffer> {
    this.key ??= this.load().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async load(): Promise<Buffer> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    try {
      // 'wx': never overwrite; if two processes start at once, the second reads the first one's key
      await writeFile(this.path, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const info = await stat(this.path);
    // a key others can read is no secret: tighten it (umask or a copy may have widened it)
    if ((info.mode & 0o077) !== 0) await chmod(this.path, 0o600);
    const key = await readFile(this.path);
    if (key.length < KEY_BYTES) throw new Error(`${this.path} holds ${key.length} bytes; a signing key needs at least ${KEY_BYTES}. Delete it to create a new one.`);
    return key;
  }
}
