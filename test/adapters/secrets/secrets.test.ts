import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecrets, SIGNING_KEY_FILE } from '../../../functions/adapters/secrets/file-secrets';
import { EXTENSION_DEFAULT_PORT, ExtensionSecrets, type ExtensionSecretsOptions } from '../../../functions/adapters/secrets/extension-secrets';
import { signingKeyFromSecret } from '../../../functions/adapters/secrets/signing-key';

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

describe('signingKeyFromSecret', () => {
  it('takes SecretBinary (base64 in the JSON) as raw bytes, SecretString as "base64:<...>" or plain text, and needs 32 bytes', () => {
    const bytes = Buffer.from(Array.from({ length: 40 }, (_, i) => i * 6));
    expect(signingKeyFromSecret({ SecretBinary: bytes.toString('base64') })).toEqual(bytes);
    // SecretBinary wins over a SecretString beside it
    expect(signingKeyFromSecret({ SecretBinary: bytes.toString('base64'), SecretString: 'p'.repeat(48) })).toEqual(bytes);
    expect(signingKeyFromSecret({ SecretString: `base64:${Buffer.alloc(32, 9).toString('base64')}` })).toEqual(Buffer.alloc(32, 9));
    expect(signingKeyFromSecret({ SecretString: 'ä'.repeat(16) })).toEqual(Buffer.from('ä'.repeat(16), 'utf8'));
    expect(() => signingKeyFromSecret({ SecretString: 'too short' })).toThrow('the signing secret holds 9 bytes; at least 32 are needed');
    expect(() => signingKeyFromSecret({ SecretBinary: Buffer.alloc(31).toString('base64') })).toThrow(/holds 31 bytes/);
    expect(() => signingKeyFromSecret({})).toThrow(/holds 0 bytes/);
    expect(() => signingKeyFromSecret({ SecretString: 12345 })).toThrow("the signing secret's SecretString is not a string");
    expect(() => signingKeyFromSecret({ SecretBinary: [1, 2, 3] })).toThrow("the signing secret's SecretBinary is not a string");
  });
});

// A local node:http server stands in for the extension's documented interface:
// GET /secretsmanager/get?secretId=<id> with X-Aws-Parameters-Secrets-Token, answering GetSecretValue's JSON.
const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:presence/signing-key-AbCdEf';
const TOKEN = 'session-token/with+odd=chars';

interface Seen {
  method?: string;
  path: string;
  secretId: string | null;
  token: string | string[] | undefined;
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Starts the stand-in on an ephemeral port of localhost (where the adapter looks); answers with `answers[n]` for the n-th request. */
async function extension(...answers: Answer[]): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    seen.push({ method: req.method, path: url.pathname, secretId: url.searchParams.get('secretId'), token: req.headers['x-aws-parameters-secrets-token'] });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    answer(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, 'localhost', r));
  return { port: (server.address() as AddressInfo).port, seen };
}

const json = (body: unknown, status = 200): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const secretsFor = (port: number, more: Partial<ExtensionSecretsOptions> = {}) => new ExtensionSecrets({ secretId: SECRET_ARN, sessionToken: TOKEN, port, ...more });

/** A port nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, 'localhost', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('ExtensionSecrets', () => {
  it('asks the extension for the secret by its ARN with the session token, and reads a plain SecretString', async () => {
    const { port, seen } = await extension(json({ ARN: SECRET_ARN, Name: 'presence/signing-key', SecretString: 'p'.repeat(48), VersionStages: ['AWSCURRENT'] }));
    expect(await secretsFor(port).signingKey()).toEqual(Buffer.from('p'.repeat(48)));
    expect(seen).toEqual([{ method: 'GET', path: '/secretsmanager/get', secretId: SECRET_ARN, token: TOKEN }]);
  });

  it('sends the ARN URL-encoded in the query', async () => {
    let rawUrl = '';
    const { port } = await extension((req, res) => {
      rawUrl = req.url!;
      json({ SecretString: 'p'.repeat(32) })(req, res);
    });
    await secretsFor(port).signingKey();
    expect(rawUrl).toBe(`/secretsmanager/get?secretId=${encodeURIComponent(SECRET_ARN)}`);
    expect(rawUrl).toContain('secretId=arn%3Aaws%3Asecretsmanager%3Aeu-central-1%3A123456789012%3Asecret%3Apresence%2Fsigning-key-AbCdEf');
  });

  it('reads a "base64:" SecretString and a SecretBinary as bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => 255 - i));
    const b64 = await extension(json({ SecretString: `base64:${bytes.toString('base64')}` }));
    expect(await secretsFor(b64.port).signingKey()).toEqual(bytes);
    const binary = await extension(json({ SecretBinary: Buffer.alloc(48, 7).toString('base64') }));
    expect(await secretsFor(binary.port).signingKey()).toEqual(Buffer.alloc(48, 7));
  });

  it('refuses a secret shorter than 32 bytes, without naming it', async () => {
    const { port } = await extension(json({ SecretString: 'short-secret-value' }));
    const error = await secretsFor(port).signingKey().catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('the signing secret holds 18 bytes; at least 32 are needed');
  });

  it.each([400, 401, 403, 404, 500, 502])('answers HTTP %i with the status and what to check, never the body', async (status) => {
    const body = { SecretString: 'leaked-secret-value-'.repeat(3), message: 'AccessDeniedException: role arn:aws:iam::1:role/x' };
    const { port } = await extension(json(body, status));
    const error = (await secretsFor(port).signingKey().catch((e: Error) => e)) as Error;
    expect(error.message).toContain(`answered HTTP ${status} for the signing secret`);
    expect(error.message).toContain('Parameters and Secrets Lambda Extension layer is attached');
    expect(error.message).toContain('secretsmanager:GetSecretValue');
    expect(error.message).not.toContain('leaked-secret-value');
    expect(error.message).not.toContain('AccessDeniedException');
    expect(error.message).not.toContain(TOKEN);
  });

  it('refuses an answer that is not a JSON object, without quoting it', async () => {
    const { port } = await extension((_req, res) => res.end('not json: secret-looking-text'));
    const error = (await secretsFor(port).signingKey().catch((e: Error) => e)) as Error;
    expect(error.message).toBe('the Parameters and Secrets extension answered HTTP 200 for the signing secret, but not with a GetSecretValue JSON object');
  });

  it('says that no extension listens when the connection is refused', async () => {
    const port = await closedPort();
    const error = (await secretsFor(port).signingKey().catch((e: Error) => e)) as Error;
    expect(error.message).toContain(`no Parameters and Secrets extension listens on localhost:${port}`);
    expect(error.message).toContain('layer is attached');
  });

  it('gives up on an extension that does not answer, within the timeout', async () => {
    const { port, seen } = await extension(() => {
      /* never answers */
    });
    const started = Date.now();
    const error = (await secretsFor(port, { timeoutMs: 200 }).signingKey().catch((e: Error) => e)) as Error;
    expect(seen).toHaveLength(1);
    expect(error.message).toContain(`the Parameters and Secrets extension on localhost:${port} did not answer within 200 ms`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on an answer whose body stops half-way, within the timeout', async () => {
    const { port } = await extension((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"SecretString":"');
    });
    const error = (await secretsFor(port, { timeoutMs: 200 }).signingKey().catch((e: Error) => e)) as Error;
    expect(error.message).toContain('did not answer within 200 ms');
  });

  it('reads the key once per container, also when the first requests come at once', async () => {
    const { port, seen } = await extension(json({ SecretString: 'k'.repeat(40) }));
    const secrets = secretsFor(port);
    const [a, b] = await Promise.all([secrets.signingKey(), secrets.signingKey()]);
    const c = await secrets.signingKey();
    expect(a).toEqual(Buffer.from('k'.repeat(40)));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(seen).toHaveLength(1);
  });

  it('does not keep a failed read: the next call asks again', async () => {
    const { port, seen } = await extension(json({ message: 'not ready' }, 400), json({ SecretString: 'k'.repeat(32) }));
    const secrets = secretsFor(port);
    await expect(secrets.signingKey()).rejects.toThrow('answered HTTP 400');
    await expect(secrets.signingKey()).resolves.toEqual(Buffer.from('k'.repeat(32)));
    expect(seen).toHaveLength(2);
  });

  it('fails clearly, without asking, when AWS_SESSION_TOKEN is missing, and refuses a bad port', async () => {
    const { port, seen } = await extension(json({ SecretString: 'k'.repeat(32) }));
    await expect(secretsFor(port, { sessionToken: undefined }).signingKey()).rejects.toThrow(/^AWS_SESSION_TOKEN is not set/);
    await expect(secretsFor(port, { sessionToken: '' }).signingKey()).rejects.toThrow(/^AWS_SESSION_TOKEN is not set/);
    expect(seen).toHaveLength(0);
    expect(() => secretsFor(Number('abc'))).toThrow(/PARAMETERS_SECRETS_EXTENSION_HTTP_PORT/);
    expect(() => secretsFor(70_000)).toThrow(/from 1 to 65535/);
  });

  it('uses port 2773 when none is given', () => {
    expect(EXTENSION_DEFAULT_PORT).toBe(2773);
    expect((new ExtensionSecrets({ secretId: SECRET_ARN, sessionToken: TOKEN }) as unknown as { port: number }).port).toBe(2773);
  });
});
