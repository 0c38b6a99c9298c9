import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecrets, SIGNING_KEY_FILE } from '../../../functions/adapters/secrets/file-secrets';
import { SecretsManagerSecrets, signingKeyFromSecret } from '../../../functions/adapters/secrets/secrets-manager-secrets';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'presence-secrets-'));
  dirs.push(d);
  return d;
};

describe('FileSecrets', () => {
  it('creates 32 random bytes with owner-only permissions once and reuses them', async () => {
    const dataDir = join(await tempDir(), 'nested', '.presence');
    const key = await new FileSecrets(dataDir).signingKey();
    expect(key).toHaveLength(32);
    const file = join(dataDir, SIGNING_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file)).toEqual(key);
    expect(await new FileSecrets(dataDir).signingKey()).toEqual(key);
    const other = await new FileSecrets(await tempDir()).signingKey();
    expect(other.equals(key)).toBe(false);
  });

  it('gives two processes starting at once the same key', async () => {
    const dataDir = await tempDir();
    const keys = await Promise.all(Array.from({ length: 5 }, () => new FileSecrets(dataDir).signingKey()));
    for (const k of keys) expect(k.equals(keys[0]!)).toBe(true);
  });

  it('tightens a readable key file and refuses a short one', async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, SIGNING_KEY_FILE);
    await writeFile(file, Buffer.alloc(40, 1));
    await chmod(file, 0o644);
    expect(await new FileSecrets(dataDir).signingKey()).toEqual(Buffer.alloc(40, 1));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const shortDir = await tempDir();
    await writeFile(join(shortDir, SIGNING_KEY_FILE), Buffer.alloc(8));
    await expect(new FileSecrets(shortDir).signingKey()).rejects.toThrow(/at least 32/);
  });
});

describe('SecretsManagerSecrets', () => {
  it('reads the secret once per container and accepts binary, base64 and plain text secrets', async () => {
    const calls: unknown[] = [];
    const client = {
      send: async (command: GetSecretValueCommand) => {
        calls.push(command.input);
        return { SecretString: 'p'.repeat(48) };
      },
    } as unknown as SecretsManagerClient;
    const secrets = new SecretsManagerSecrets(client, 'arn:aws:secretsmanager:eu-central-1:1:secret:signing');
    const [a, b] = await Promise.all([secrets.signingKey(), secrets.signingKey()]);
    expect(a).toEqual(Buffer.from('p'.repeat(48)));
    expect(b).toBe(a);
    expect(calls).toEqual([{ SecretId: 'arn:aws:secretsmanager:eu-central-1:1:secret:signing' }]);
    expect(signingKeyFromSecret({ SecretBinary: new Uint8Array(32).fill(3) })).toEqual(Buffer.alloc(32, 3));
    expect(signingKeyFromSecret({ SecretString: `base64:${Buffer.alloc(32, 9).toString('base64')}` })).toEqual(Buffer.alloc(32, 9));
    expect(() => signingKeyFromSecret({ SecretString: 'too short' })).toThrow(/at least 32/);
  });

  it('does not cache a failed read', async () => {
    let n = 0;
    const client = {
      send: async () => {
        n++;
        if (n === 1) throw new Error('throttled');
        return { SecretString: 'k'.repeat(32) };
      },
    } as unknown as SecretsManagerClient;
    const secrets = new SecretsManagerSecrets(client, 'signing');
    await expect(secrets.signingKey()).rejects.toThrow('throttled');
    await expect(secrets.signingKey()).resolves.toHaveLength(32);
  });
});
