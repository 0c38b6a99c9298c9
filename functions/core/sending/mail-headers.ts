// Header hygiene for outgoing mail. A CR or LF inside a header value would let a name or a subject start a new
// header (Bcc: ...), so every value that ends up in a header passes through here first.
import { ValidationError } from '../errors';

// Control characters other than tab have no place in a header; CR and LF are the dangerous ones.
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const HEADER_NAME = /^[!-9;-~]+$/;

/** Throws when a header value could break out of its line. `what` names the field for the person who fixes it. */
export function assertHeaderValue(what: string, value: string): string {
  if (CONTROL.test(value)) {
    throw new ValidationError(`${what} contains a line break or control character`, [
      { path: what, message: 'remove line breaks and control characters' },
    ]);
  }
  return value;
}

export function assertHeaderName(name: string): string {
  if (!HEADER_NAME.test(name)) {
    throw new ValidationError(`header name ${JSON.stringify(name)} is not a valid field name`, [
      { path: 'header', message: 'use printable ASCII without colon or space' },
    ]);
  }
  return name;
}

/** The longest encoded word RFC 2047 allows is 75 characters; `=?UTF-8?B?` and `?=` take 12 of them. */
const MAX_WORD_BYTES = 45; // 45 bytes -> 60 base64 characters -> 72-character encoded word

/**
 * The display-name part of a mailbox. Printable ASCII becomes a quoted string with `"` and `\` escaped;
 * anything else becomes RFC 2047 encoded words (UTF-8, base64), split on character boundaries so that no
 * word exceeds 75 characters and no character is cut in half.
 */
export function encodeDisplayName(name: string): string {
  assertHeaderValue('display name', name);
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (/^[\x20-\x7E]*$/.test(trimmed)) {
    return `"${trimmed.replace(/(["\\])/g, '\\$1')}"`;
  }
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  for (const ch of trimmed) {
    const bytes = Buffer.from(ch, 'utf8');
    if (size + bytes.length > MAX_WORD_BYTES) {
      words.push(Buffer.concat(chunk).toString('base64'));
      chunk = [];
      size = 0;
    }
    chunk.push(bytes);
    size += bytes.length;
  }
  if (chunk.length) words.push(Buffer.concat(chunk).toString('base64'));
  // Whitespace between adjacent encoded words is ignored when decoding, so one space keeps them apart
  // without a folded (CRLF) line.
  return words.map((w) => `=?UTF-8?B?${w}?=`).join(' ');
}

/** `"Display Name" <address>`; the address itself must be a plain addr-spec without brackets or spaces. */
export function formatMailbox(name: string, address: string): string {
  assertHeaderValue('address', address);
  assertHeaderValue('display name', name);
  if (/[\s<>",]/.test(address)) {
    throw new ValidationError(`address ${JSON.stringify(address)} is not a plain address`, [{ path: 'address', message: 'use name@domain' }]);
  }
  const display = name.trim();
  return display ? `${encodeDisplayName(display)} <${address}>` : address;
}
