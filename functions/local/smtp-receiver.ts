// The local stand-in for SES receiving + S3: an SMTP server (npm smtp-server) on the loopback interface that accepts
// mail for the receiving domains, writes each one under the data directory as the inbound bucket would hold it, then
// hands it on. Like SES, it answers 250 only once the mail was handed on, and 451 (try again) when that failed, so the
// sending server keeps the mail and retries; the written file stays, as the S3 object would.
// Refused: a recipient outside the domains (550), more than MAX_RECIPIENTS in one mail (452, the client sends the rest
// again), a mail over maxBytes (552, nothing written).
// Logged: sizes, counts and file names, never an address, a subject or a body: those are the contacts' personal data.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import { LOOPBACK } from './ports';

export interface ReceivedMail {
  /** The raw RFC 5322 bytes as received (after the DATA command). */
  raw: Buffer;
  /** The envelope recipients (RCPT TO), lower-cased. */
  recipients: string[];
  /** The envelope sender (MAIL FROM), lower-cased; '' for a null sender. */
  mailFrom: string;
  /** Where the mail was written (as the S3 bucket holds it in AWS). */
  file: string;
}

export interface SmtpReceiverOptions {
  /** 0: any free port. */
  port: number;
  /** Mails go to dir/YYYY-MM-DD/<ISO time without colons>-<random>.eml (UTC day; files 0600, folders 0700). */
  dir: string;
  /** Larger mails are refused (552) and not written. */
  maxBytes: number;
  /** Only these domains are accepted in RCPT TO (any case); others get 550. Empty: any. */
  domains: readonly string[];
  /** Called after the file is written; when it throws the client is told to try again (451) and the file is kept. */
  onMail: (mail: ReceivedMail) => Promise<void>;
  logger?: { info(m: string, d?: Record<string, unknown>): void; warn(m: string, d?: Record<string, unknown>): void };
}

export interface SmtpReceiver {
  port: number;
  /** Stops accepting connections; resolves once the server stopped (open sessions get up to CLOSE_TIMEOUT_MS). */
  close(): Promise<void>;
}

/** A reply to presence has one recipient; a mail with dozens is not one, and each costs a lookup. */
export const MAX_RECIPIENTS = 50;
/** One machine's own mail clients and tests; more at once is a runaway loop, not mail. */
export const MAX_CLIENTS = 20;
/** A client silent this long is gone; its slot is freed (smtp-server's default is a minute). */
export const SOCKET_TIMEOUT_MS = 30_000;
/** `presence down` should not hang for smtp-server's default 30 s behind a client that keeps its session open. */
export const CLOSE_TIMEOUT_MS = 5_000;

export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const domains = new Set(options.domains.map((d) => d.toLowerCase()));
  const log = options.logger;
  const server = new SMTPServer({
    banner: 'presence local SMTP receiver',
    // No AUTH and no STARTTLS: the port listens on 127.0.0.1 only, so only this machine's own programs reach it and
    // there is no network to protect the session on; smtp-server's built-in certificate has a published private key,
    // so offering TLS with it would only look safe.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    maxRecipients: MAX_RECIPIENTS,
    maxClients: MAX_CLIENTS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    closeTimeout: CLOSE_TIMEOUT_MS,
    // the client is always this machine; a reverse lookup of 127.0.0.1 can only cost time
    disableReverseLookup: true,
    // smtp-server's own log lines carry the envelope addresses
    logger: false,
    onRcptTo(address, _session, callback) {
      if (domains.size === 0 || domains.has(domainOf(address.address))) return callback();
      callback(smtpError('No such domain here', 550));
    },
    onData(stream, session, callback) {
      receive(stream, session, options).then(
        () => callback(),
        (error: unknown) => callback(error instanceof Error ? error : smtpError('Temporary failure, try again later', 451)),
      );
    },
  });
  // connection and listener errors (a client resetting its socket) land here; unheard, they would end the process
  server.on('error', (error) => log?.warn('smtp: server error', { error: errorName(error) }));

  const listener = server.listen(options.port, LOOPBACK);
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    listener.once('error', failed);
    listener.once('listening', () => {
      listener.off('error', failed);
      resolve();
    });
  });
  const port = (listener.address() as AddressInfo).port;
  log?.info('smtp: listening', { port });

  let closing: Promise<void> | undefined;
  return {
    port,
    close: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

async function receive(stream: SMTPServerDataStream, session: SMTPServerSession, options: SmtpReceiverOptions): Promise<void> {
  const raw = await readAll(stream);
  if (stream.sizeExceeded) {
    options.logger?.warn('smtp: mail over the size limit refused', { bytes: stream.byteLength, maxBytes: options.maxBytes });
    throw smtpError('Message exceeds fixed maximum message size', 552);
  }
  const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
  const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';

  let file: string;
  try {
    file = await store(options.dir, raw);
  } catch (error) {
    options.logger?.warn('smtp: could not write the mail; the client will try again', { bytes: raw.length, error: errorName(error) });
    throw smtpError('Could not store the mail, try again later', 451);
  }
  try {
    await options.onMail({ raw, recipients, mailFrom, file });
  } catch (error) {
    // the error's message may quote the mail; its name is enough to look further
    options.logger?.warn('smtp: handing the mail on failed; kept, the client will try again', { file: basename(file), error: errorName(error) });
    throw smtpError('Temporary failure, try again later', 451);
  }
  options.logger?.info('smtp: mail received', { file: basename(file), bytes: raw.length, recipients: recipients.length });
}

/** The whole message; past the size limit the rest is read and dropped, so the client gets its 552 after DATA. */
function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** As the S3 object key would be: by UTC day, then time and a random part, so two mails never meet in one file. */
async function store(dir: string, raw: Buffer): Promise<string> {
  const now = new Date().toISOString();
  const folder = join(dir, now.slice(0, 10));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, `${now.replace(/:/g, '')}-${randomBytes(6).toString('hex')}.eml`);
  // wx: a name that exists already is never overwritten
  await writeFile(file, raw, { mode: 0o600, flag: 'wx' });
  return file;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

function smtpError(message: string, responseCode: number): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

function errorName(error: unknown): string {
  return error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.name) : 'unknown';
}
