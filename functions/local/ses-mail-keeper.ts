// Keeps the mails of SES v2 local across a restart of `presence up`: the emulator holds its mails in memory only,
// while the ledger (and with it every link in a digest) survives. Only the emulator's public HTTP API is used: its
// GET /store to read, its SES v2 SendEmail to put mails back, its POST /clear-store when stopping.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { SendEmailCommand, type Attachment } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import type { Logger } from '../core/ports';
import { localSesClient } from './local-clients';
import { readSesStore, type StoredMail } from './ses-local';

/** The file under the data directory that holds the kept mails. */
export const SES_MAILS_FILE = 'ses-mails.json';
/** How often the store is looked at; a killed process loses at most the mails of this interval. */
const DEFAULT_EVERY_MS = 3_000;
const FILE_VERSION = 1;

const storedMailSchema = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()),
  destination: z.object({ to: z.array(z.string()), cc: z.array(z.string()), bcc: z.array(z.string()) }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  attachments: z
    .array(
      z.object({
        content: z.string(),
        filename: z.string().optional(),
        contentType: z.string().optional(),
        contentDisposition: z.string().optional(),
        contentId: z.string().optional(),
      }),
    )
    .optional(),
  at: z.number(),
});
const fileSchema = z.object({ version: z.literal(FILE_VERSION), emails: z.array(storedMailSchema) });

export interface SesMailKeeper {
  /** How many kept mails were put back into the emulator at start. */
  restored: number;
  /** Writes the store a last time (if it changed) and empties it; the emulator itself is stopped by its owner. */
  stop(): Promise<void>;
}

/**
 * Puts the mails kept in `file` back into SES v2 local at `endpoint`, then keeps the file in step with the store:
 * every `everyMs` when the store changed, and on stop. A file that cannot be read is reported once and set aside.
 */
export async function startSesMailKeeper(opts: { endpoint: string; file: string; logger: Logger; everyMs?: number }): Promise<SesMailKeeper> {
  const { endpoint, file, logger } = opts;
  const kept = await loadKeptMails(file, logger);
  const restored = await replay(endpoint, kept, logger);

  // What the file should hold is what the store holds; an unchanged store is not written again.
  let last = JSON.stringify(await readSesStore(endpoint).catch(() => []));
  let failing = false;
  const save = async () => {
    try {
      const emails = await readSesStore(endpoint);
      const now = JSON.stringify(emails);
      if (now === last) return;
      await writeAtomically(file, JSON.stringify({ version: FILE_VERSION, emails }));
      last = now;
      failing = false;
    } catch (error) {
      // once per run of failures, not every few seconds
      if (!failing) logger.warn(`SES local: the mails could not be kept in ${file}`, { error: errorName(error) });
      failing = true;
    }
  };
  let chain: Promise<void> = Promise.resolve();
  const queueSave = () => (chain = chain.then(save));
  const timer = setInterval(queueSave, opts.everyMs ?? DEFAULT_EVERY_MS);
  timer.unref();

  return {
    restored,
    stop: async () => {
      clearInterval(timer);
      await queueSave();
      // The emulator's store belongs to its module, not to its server: without this, a stack started again in the
      // same process (the tests) would show each mail twice, once left over and once put back.
      if (!failing) await fetch(`${endpoint}/clear-store`, { method: 'POST' }).catch(() => undefined);
    },
  };
}

async function loadKeptMails(file: string, logger: Logger): Promise<StoredMail[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return setAside(file, logger, error);
  }
  try {
    return fileSchema.parse(JSON.parse(text)).emails;
  } catch (error) {
    return setAside(file, logger, error);
  }
}

async function setAside(file: string, logger: Logger, cause: unknown): Promise<StoredMail[]> {
  const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const moved = await rename(file, aside).then(
    () => true,
    () => false,
  );
  logger.warn(
    moved
      ? `SES local: the kept mails in ${file} could not be read; the file was set aside as ${aside} and the mail viewer starts empty`
      : `SES local: the kept mails in ${file} could not be read, nor set aside; the mail viewer starts empty`,
    { error: errorName(cause) },
  );
  return [];
}

/**
 * Sends the kept mails again, in their order, through the emulator's own SES v2 SendEmail, so its viewer shows them.
 * Their message ids and times are the replay's, not the originals: the emulator assigns both on every SendEmail.
 * Nothing depends on the old ones: a sent draft in the ledger keeps the id of its original send (`drafts show`
 * prints it), and no part of the stack looks a mail up in the emulator by id.
 */
async function replay(endpoint: string, mails: StoredMail[], logger: Logger): Promise<number> {
  if (!mails.length) return 0;
  const ses = localSesClient(endpoint);
  let restored = 0;
  try {
    for (const mail of mails) {
      try {
        await ses.send(new SendEmailCommand(sendEmailInput(mail)));
        restored++;
      } catch {
        // counted below; one mail the emulator refuses does not hold back the others
      }
    }
  } finally {
    ses.destroy();
  }
  if (restored < mails.length) logger.warn(`SES local: ${mails.length - restored} of ${mails.length} kept mails could not be put back into the mail viewer`);
  return restored;
}

function sendEmailInput(mail: StoredMail): ConstructorParameters<typeof SendEmailCommand>[0] {
  return {
    FromEmailAddress: mail.from,
    ...(mail.replyTo.length ? { ReplyToAddresses: mail.replyTo } : {}),
    Destination: { ToAddresses: mail.destination.to, CcAddresses: mail.destination.cc, BccAddresses: mail.destination.bcc },
    Content: {
      Simple: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: {
          ...(mail.body.html !== undefined ? { Html: { Data: mail.body.html, Charset: 'UTF-8' } } : {}),
          ...(mail.body.text !== undefined ? { Text: { Data: mail.body.text, Charset: 'UTF-8' } } : {}),
        },
        ...(mail.headers?.length ? { Headers: mail.headers.map((h) => ({ Name: h.name, Value: h.value })) } : {}),
        ...(mail.attachments?.length ? { Attachments: mail.attachments.map(toAttachment) } : {}),
      },
    },
  };
}

function toAttachment(a: NonNullable<StoredMail['attachments']>[number]): Attachment {
  const disposition = a.contentDisposition?.toUpperCase();
  return {
    FileName: a.filename ?? 'attachment',
    RawContent: Buffer.from(a.content, 'base64'),
    ...(a.contentType ? { ContentType: a.contentType } : {}),
    ...(disposition === 'ATTACHMENT' || disposition === 'INLINE' ? { ContentDisposition: disposition } : {}),
    ...(a.contentId ? { ContentId: a.contentId } : {}),
  };
}

/** Temp file + rename: a reader (or the next start after a crash) sees the old file or the new one, never half. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, file);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
