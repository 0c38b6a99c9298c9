// The signing key in AWS, read through the AWS Parameters and Secrets Lambda Extension: a layer whose process
// answers GetSecretValue on localhost with the function role's permissions, so the bundle needs no Secrets Manager
// client. Read once per Lambda container and kept in memory; a failed read is not kept, the next request tries again.
// node:http, not fetch: fetch would load undici during the cold start, node:http is loaded already.
import { request, type IncomingMessage } from 'node:http';
import type { Secrets } from '../../core/ports';
import { signingKeyFromSecret, type SecretValue } from './signing-key';

export const EXTENSION_DEFAULT_PORT = 2773;
const DEFAULT_TIMEOUT_MS = 3_000;
// A secret holds at most 64 KiB; its base64 and the JSON around it stay well below this.
const MAX_ANSWER_BYTES = 256 * 1024;

const CHECK =
  'check that the AWS Parameters and Secrets Lambda Extension layer is attached to the function (the stateless stack adds it) ' +
  'and that the function role may secretsmanager:GetSecretValue on SIGNING_SECRET_ARN; the extension logs its own errors in the function\'s log group';

export interface ExtensionSecretsOptions {
  /** the secret's ARN or name (SIGNING_SECRET_ARN) */
  secretId: string;
  /** AWS_SESSION_TOKEN of the function: the extension answers only requests that carry it */
  sessionToken: string | undefined;
  /** PARAMETERS_SECRETS_EXTENSION_HTTP_PORT; 2773 if not given */
  port?: number;
  /** the whole read, connect to last byte */
  timeoutMs?: number;
}

export class ExtensionSecrets implements Secrets {
  private key?: Promise<Buffer>;
  private readonly port: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: ExtensionSecretsOptions) {
    this.port = options.port ?? EXTENSION_DEFAULT_PORT;
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65_535) {
      throw new Error(`the Parameters and Secrets extension port must be a number from 1 to 65535 (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT)`);
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  signingKey(): Promise<Buffer> {
    this.key ??= this.read()
      .then(signingKeyFromSecret)
      .catch((error: unknown) => {
        this.key = undefined;
        throw error;
      });
    return this.key;
  }

  private read(): Promise<SecretValue> {
    const token = this.options.sessionToken;
    if (!token) return Promise.reject(new Error('AWS_SESSION_TOKEN is not set; Lambda sets it, and the Parameters and Secrets extension answers only requests that carry it'));
    const where = `localhost:${this.port}`;
    return new Promise<SecretValue>((resolve, reject) => {
      let settled = false;
      const settle = (error: Error | undefined, value?: SecretValue) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          req.destroy();
          reject(error);
        } else resolve(value!);
      };
      const req = request(
        {
          host: 'localhost',
          port: this.port,
          method: 'GET',
          path: `/secretsmanager/get?secretId=${encodeURIComponent(this.options.secretId)}`,
          headers: { 'X-Aws-Parameters-Secrets-Token': token },
          // one request per container: no pooled socket left open
          agent: false,
        },
        (res) => {
          readAnswer(res).then(
            (body) => settle(...answer(res.statusCode, body)),
            (error: Error) => settle(new Error(`the Parameters and Secrets extension on ${where} broke off its answer (${error.message}); ${CHECK}`)),
          );
        },
      );
      const timer = setTimeout(
        () => settle(new Error(`the Parameters and Secrets extension on ${where} did not answer within ${this.timeoutMs} ms; ${CHECK}`)),
        this.timeoutMs,
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') settle(new Error(`no Parameters and Secrets extension listens on ${where}; ${CHECK}`, { cause: error }));
        else settle(new Error(`the Parameters and Secrets extension on ${where} could not be asked for the signing secret (${error.code ?? error.message}); ${CHECK}`, { cause: error }));
      });
      req.end();
    });
  }
}

/** The answer's status and body as the key's source, or an error that leaves the body out (it may hold the secret). */
function answer(status: number | undefined, body: Buffer): [Error | undefined, SecretValue?] {
  if (status !== 200) return [new Error(`the Parameters and Secrets extension answered HTTP ${status ?? '?'} for the signing secret; ${CHECK}`)];
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [new Error('the Parameters and Secrets extension answered HTTP 200 for the signing secret, but not with a GetSecretValue JSON object')];
  }
  return [undefined, value as SecretValue];
}

function readAnswer(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_ANSWER_BYTES) res.destroy(new Error(`the answer is longer than ${MAX_ANSWER_BYTES} bytes`));
      else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    // a connection closed before the whole body arrived
    res.on('close', () => {
      if (!res.complete) reject(new Error('the connection closed before the answer was complete'));
    });
  });
}
