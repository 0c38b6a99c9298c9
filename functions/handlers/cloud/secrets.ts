// The signing key in AWS: one Secrets Manager secret (SIGNING_SECRET_ARN), read once per container through the
// Parameters and Secrets Lambda Extension, the layer the stack attaches to the functions that sign or verify links.
import { ExtensionSecrets } from '../../adapters/secrets/extension-secrets';
import type { Secrets } from '../../core/ports';
import { requireEnv } from '../cloud-runtime';

let secrets: Secrets | undefined;

export function cloudSecrets(): Secrets {
  if (secrets) return secrets;
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  secrets = new ExtensionSecrets({
    secretId: requireEnv('SIGNING_SECRET_ARN'),
    // Lambda sets it for the function's role; checked when the key is first read, not when the reader is built
    sessionToken: process.env.AWS_SESSION_TOKEN,
    ...(port ? { port: Number(port) } : {}),
  });
  return secrets;
}
