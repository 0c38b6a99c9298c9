// The signing key in AWS: one Secrets Manager secret (SIGNING_SECRET_ARN), read once per container.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSecrets } from '../../adapters/secrets/secrets-manager-secrets';
import type { Secrets } from '../../core/ports';
import { requireEnv } from '../cloud-runtime';

let secrets: Secrets | undefined;

export function cloudSecrets(): Secrets {
  secrets ??= new SecretsManagerSecrets(new SecretsManagerClient({}), requireEnv('SIGNING_SECRET_ARN'));
  return secrets;
}
