// The rules for the signing key kept in Secrets Manager. Accepted forms: SecretBinary (raw bytes; base64 in the
// JSON of a GetSecretValue answer), or SecretString as "base64:<bytes>" or plain text (e.g. what
// generateSecretString makes). At least 32 bytes either way.

export const MIN_SIGNING_KEY_BYTES = 32;

/** The value fields of a GetSecretValue answer, as its JSON carries them (checked here, not trusted). */
export interface SecretValue {
  /** base64 of the raw bytes */
  SecretBinary?: unknown;
  SecretString?: unknown;
}

export function signingKeyFromSecret(value: SecretValue): Buffer {
  const binary = optionalString(value.SecretBinary, 'SecretBinary');
  const text = optionalString(value.SecretString, 'SecretString');
  let key: Buffer;
  if (binary) key = Buffer.from(binary, 'base64');
  else if (text?.startsWith('base64:')) key = Buffer.from(text.slice(7), 'base64');
  else key = Buffer.from(text ?? '', 'utf8');
  if (key.length < MIN_SIGNING_KEY_BYTES) throw new Error(`the signing secret holds ${key.length} bytes; at least ${MIN_SIGNING_KEY_BYTES} are needed`);
  return key;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  // the message names the field only: the value may be the secret
  if (typeof value !== 'string') throw new Error(`the signing secret's ${field} is not a string`);
  return value;
}
