// Stands in for @aws-sdk/credential-provider-node inside the Lambda bundles (esbuild alias, infra/bundling.ts).
// Every SDK client's runtime config imports that package's default chain (environment, SSO, ini files, process,
// web identity, container and instance metadata), whose later links bring STS, SSO and OIDC clients of their own:
// about 95 kB of every bundle. In Lambda the first link always answers: the runtime puts the function role's
// credentials into AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. So the bundle keeps that link
// only; the CLI and the local stack are not bundled and keep the whole chain.
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity } from '@smithy/types';

export const defaultProvider = (init: FromEnvInit = {}) => fromEnv(init);

/** As the default chain: credentials within five minutes of their expiry are refreshed. */
export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
