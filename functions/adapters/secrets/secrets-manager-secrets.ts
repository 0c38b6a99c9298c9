// The signing key in AWS: one Secrets Manager secret, read once per Lambda container and kept in memory.
// Accepted forms: SecretBinary (raw bytes), or SecretString as "base64:<bytes>" or plain text (e.g. what
// generateSecretString makes). At least 32 bytes either way.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Secrets } from '../../core/ports';

const MIN_BYTES = 32;

export function signingKeyFromSecret(value: { SecretBinary?: Uint8Array; SecretString?: string }): Buffer {
  let key: Buffer;
  if (value.SecretBinary && value.SecretBinary.length > 0) key = Buffer.from(value.SecretBinary);
  else if (typeof value.SecretString === 'string' && value.SecretString.startsWith('base64:')) key = Buffer.from(value.SecretString.slice(7), 'base64');
  else key = Buffer.from(value.SecretString ?? '', 'utf8');
  if (key.length < MIN_BYTES) throw new Error(`the signing secret holds ${key.length} bytes; at least ${MIN_BYTES} are needed`);
  return key;
}

export class SecretsManagerSecrets implements Secrets {
  private key?: Promise<Buffer>;

  /** @param secretId the secret's ARN or name (SIGNING_SECRET_ARN) */
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  signingKey(): Promise<Buffer> {
    // cached per container; a failed read is not cached, so the next request tries again
    this.key ??= this.client
      .send(new GetSecretValueCommand({ SecretId: this.secretId }))
      .then(signingKeyFromSecret)
      .catch((error: unknown) => {
        this.key = undefined;
        throw error;
      });
    return this.key;
  }
}
