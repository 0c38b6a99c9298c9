// Raw RFC 5322 bytes -> the core's InboundMail. The MIME work is mailparser's; this file sets its limits, keeps
// only what the core needs and cleans every value on the way. Inbound mail is hostile input: anything that goes
// wrong ends in an unreadable mail (with a stable id), never in a thrown error or a parse without end.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { MailParser } from 'mailparser';
import type { AddressObject, AttachmentStream, EmailAddress, HeaderLines, HeaderValue, Headers, MessageText, StructuredHeader } from 'mailparser';
import { normaliseEmail } from '../../core/domain';
import {
  MAX_INBOUND_MAIL_BYTES,
  MAX_INBOUND_TEXT_CHARS,
  type AutomationHeaders,
  type InboundMail,
  type MailAddress,
  type ReadableInboundMail,
  type UnreadableReason,
} from '../../core/inbound/inbound-mail';
import { stripInvisibleControls } from '../../core/text-safety';
import { stripQuotedHistory } from './strip-quoted-history';

/** More MIME parts than this is a MIME bomb, not a reply: mailparser stops (its own default is 1 000). */
export const MAX_MIME_PARTS = 100;
/** The largest header block of one MIME part (mailparser's default is 1 MB). */
const MAX_HEAD_BYTES = 256 * 1024;
/** HTML longer than this is not converted to text; the mail is read without that part's text. */
const MAX_HTML_CHARS = 2 * 1024 * 1024;
/** A real mail of at most 10 MB parses in well under a second; this is the backstop against a parse without end. */
const DEFAULT_DEADLINE_MS = 10_000;
/** The parser is fed in slices, so the deadline's timer gets a turn between them. */
const FEED_BYTES = 64 * 1024;
const MAX_SUBJECT_CHARS = 998; // RFC 5322's line length limit
const MAX_NAME_CHARS = 200;
const MAX_ADDRESSES = 500;
const MAX_REFERENCES = 100;
const MAX_HEADER_CHARS = 200;

export interface ParseInboundMailOptions {
  /** How long parsing may take before the mail counts as unreadable (`timed-out`). */
  deadlineMs?: number;
}

export async function parseInboundMail(raw: Uint8Array, options: ParseInboundMailOptions = {}): Promise<InboundMail> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const derivedId = () => derivedMessageId(bytes);
  const unreadable = (reason: UnreadableReason): InboundMail => ({
    readable: false,
    reason,
    messageId: derivedId(),
    messageIdSource: 'derived',
    size: bytes.length,
  });
  if (bytes.length > MAX_INBOUND_MAIL_BYTES) return unreadable('too-large');

  try {
    const parsed = await parseWithDeadline(bytes, options.deadlineMs ?? DEFAULT_DEADLINE_MS);
    return toInboundMail(parsed, bytes, derivedId);
  } catch (error) {
    if (error instanceof DeadlinePassed) return unreadable('timed-out');
    // mailsplit's EMAXLEN: more parts than maxChildNodes, or a header block over maxHeadSize
    return unreadable((error as { code?: unknown }).code === 'EMAXLEN' ? 'too-complex' : 'malformed');
  }
}

/**
 * `<sha256-of-the-bytes@derived.invalid>`: the same bytes always give the same id, so a second delivery of a mail
 * without a Message-ID is recognised as the same mail. `.invalid` (RFC 2606) can never be a real sender's domain.
 */
export function derivedMessageId(bytes: Uint8Array): string {
  return `<${createHash('sha256').update(bytes).digest('hex')}@derived.invalid>`;
}

interface Parsed {
  headers: Headers;
  headerLines: HeaderLines;
  text: string;
  attachmentCount: number;
}

class DeadlinePassed extends Error {}

function parseWithDeadline(bytes: Buffer, deadlineMs: number): Promise<Parsed> {
  return new Promise<Parsed>((resolve, reject) => {
    const parser = new MailParser({
      maxChildNodes: MAX_MIME_PARTS,
      maxHeadSize: MAX_HEAD_BYTES,
      maxHtmlLengthToParse: MAX_HTML_CHARS,
      // Only the plain text is wanted: no HTML built from text, no links, no inlined images, no checksums.
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      checksumAlgo: false,
    });
    const source = Readable.from(slices(bytes));
    let settled = false;
    const finish = (error: Error | undefined, result?: Parsed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        source.destroy();
        parser.destroy();
        reject(error);
      } else resolve(result!);
    };
    const timer = setTimeout(() => finish(new DeadlinePassed()), deadlineMs);

    let headers: Headers = new Map();
    let headerLines: HeaderLines = [];
    let text = '';
    let attachmentCount = 0;
    parser.on('headers', (h: Headers) => (headers = h));
    parser.on('headerLines', (lines: HeaderLines) => (headerLines = lines));
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        text = data.text ?? ''; // data.html is never read: HTML reaches the core only as mailparser's text of it
        return;
      }
      // An attachment is counted and its content thrown away as it streams; the parser waits for release().
      attachmentCount += 1;
      data.content.on('error', (error: Error) => finish(error));
      data.content.on('end', () => data.release?.());
      data.content.resume();
    });
    parser.on('error', (error: Error) => finish(error));
    parser.on('end', () => finish(undefined, { headers, headerLines, text, attachmentCount }));
    source.on('error', (error: Error) => finish(error));
    source.pipe(parser);
  });
}

async function* slices(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += FEED_BYTES) {
    yield bytes.subarray(at, at + FEED_BYTES);
    await nextTurn();
  }
}

function toInboundMail(parsed: Parsed, bytes: Buffer, derivedId: () => string): ReadableInboundMail {
  const { headers } = parsed;
  const headerMessageId = messageIdOf(headers.get('message-id'));
  const contentType = structured(headers.get('content-type'));
  const fullText = cleanBody(parsed.text.replace(/\r\n?/g, '\n'));
  const text = cutAt(fullText, MAX_INBOUND_TEXT_CHARS);
  const date = dateOf(parsed.headerLines, headers.get('date'));
  const mail: ReadableInboundMail = {
    readable: true,
    messageId: headerMessageId ?? derivedId(),
    messageIdSource: headerMessageId ? 'header' : 'derived',
    size: bytes.length,
    to: addressesOf(headers.get('to')),
    cc: addressesOf(headers.get('cc')),
    replyTo: addressesOf(headers.get('reply-to')),
    subject: cleanHeader(firstString(headers.get('subject')) ?? '', MAX_SUBJECT_CHARS),
    contentType: cleanHeader(contentType?.value ?? 'text/plain', MAX_HEADER_CHARS).toLowerCase(),
    automation: automationOf(headers),
    references: referencesOf(headers.get('references')),
    text,
    textTruncated: fullText.length > MAX_INBOUND_TEXT_CHARS,
    replyText: stripQuotedHistory(text),
    attachmentCount: parsed.attachmentCount,
  };
  const from = addressesOf(headers.get('from'))[0];
  if (from) mail.from = from;
  if (date) mail.date = date;
  const reportType = contentType?.params['report-type'];
  if (reportType) mail.reportType = cleanHeader(reportType, MAX_HEADER_CHARS).toLowerCase();
  const inReplyTo = messageIdOf(headers.get('in-reply-to'));
  if (inReplyTo) mail.inReplyTo = inReplyTo;
  return mail;
}

/** The first `max` UTF-16 units, never half a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max).trimEnd();
}

/** A header value as one line: CR, LF and tabs become spaces, other control and bidi characters go, runs of space fold. */
export function cleanHeader(value: string, maxChars: number): string {
  return cutAt(stripInvisibleControls(value.replace(/[\r\n\t]+/g, ' ')).replace(/ {2,}/g, ' ').trim(), maxChars);
}

/**
 * Where mailparser's html-to-text turned an HTML mail into text it writes every image and link target in brackets
 * (`[https://tracker.example/p.gif]`, `[cid:image001.png@...]`, a `[data:...]` image of any size), as Outlook does in
 * its own plain parts: they are the HTML's, not the words, so they go. A link the sender typed stays.
 */
const BRACKETED_TARGET = /[ \t]?\[(?:https?:|cid:|data:|mailto:)[^\]\s]*\]/g;

/** A body keeps its line breaks and tabs; CRs were folded into LFs before. */
function cleanBody(text: string): string {
  return stripInvisibleControls(text.replace(BRACKETED_TARGET, '')).replace(/\n{3,}/g, '\n\n').trim();
}

function firstValue(value: HeaderValue | undefined): HeaderValue | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function firstString(value: HeaderValue | undefined): string | undefined {
  const first = firstValue(value);
  return typeof first === 'string' ? first : undefined;
}

function structured(value: HeaderValue | undefined): StructuredHeader | undefined {
  const first = firstValue(value);
  return first && typeof first === 'object' && 'value' in first && 'params' in first ? (first as StructuredHeader) : undefined;
}

// A Message-ID is `<left@right>` of printable ASCII without spaces (RFC 5322 msg-id); anything else is not one.
const MESSAGE_ID = /^<[\x21-\x3B\x3D\x3F-\x7E]{1,900}@[\x21-\x3B\x3D\x3F-\x7E]{1,250}>$/;

function messageIdOf(value: HeaderValue | undefined): string | undefined {
  const id = firstString(value)?.trim();
  return id && MESSAGE_ID.test(id) ? id : undefined;
}

function referencesOf(value: HeaderValue | undefined): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const ids = list.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  return ids.filter((id) => MESSAGE_ID.test(id)).slice(-MAX_REFERENCES);
}

function addressesOf(value: HeaderValue | undefined): MailAddress[] {
  const objects = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(isAddressObject);
  const out: MailAddress[] = [];
  const visit = (entry: EmailAddress) => {
    if (out.length >= MAX_ADDRESSES) return;
    if (entry.group) entry.group.forEach(visit);
    const address = entry.address ? cleanHeader(entry.address, 320) : '';
    if (address.includes('@') && !/\s/.test(address)) {
      out.push({ address: normaliseEmail(address), name: cleanHeader(entry.name ?? '', MAX_NAME_CHARS) });
    }
  };
  for (const object of objects) object.value.forEach(visit);
  return out;
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as AddressObject).value);
}

function automationOf(headers: Headers): AutomationHeaders {
  const automation: AutomationHeaders = {};
  const read = (name: string) => {
    const value = firstString(headers.get(name));
    return value === undefined ? undefined : cleanHeader(value, MAX_HEADER_CHARS);
  };
  const set = (key: keyof AutomationHeaders, name: string) => {
    const value = read(name);
    if (value !== undefined && value !== '') automation[key] = value;
  };
  set('autoSubmitted', 'auto-submitted');
  set('xAutoreply', 'x-autoreply');
  set('xAutorespond', 'x-autorespond');
  set('precedence', 'precedence');
  set('xFailedRecipients', 'x-failed-recipients');
  // mailparser folds every List-* header into one `list` entry; the id is what says "came through a list".
  const list = headers.get('list');
  const listId = list && typeof list === 'object' && !Array.isArray(list) && 'id' in list ? (list as { id?: { id?: string; name?: string } }).id : undefined;
  const listIdText = listId?.id ?? listId?.name;
  if (listIdText) automation.listId = cleanHeader(listIdText, MAX_HEADER_CHARS);
  return automation;
}

/**
 * mailparser answers a Date header it cannot read with the current time; a mail whose date is unknown must not
 * look as if it was written now, so the raw header is checked the same way mailparser reads it (new Date()).
 */
function dateOf(lines: HeaderLines, value: HeaderValue | undefined): string | undefined {
  const line = lines.find((l) => l.key === 'date')?.line;
  if (!line || !(value instanceof Date)) return undefined;
  const raw = line.slice(line.indexOf(':') + 1).replace(/\s+/g, ' ').trim();
  if (Number.isNaN(new Date(raw).getTime()) || Number.isNaN(value.getTime())) return undefined;
  return value.toISOString();
}
