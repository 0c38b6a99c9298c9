// Runs the SES v1/v2 emulator (aws-ses-v2-local) in this process: it stores every mail and serves a mail viewer.
import type { Server } from 'node:http';
import sesLocalModule from 'aws-ses-v2-local';
import { assertPortFree, LOOPBACK } from './ports';

// The package is CommonJS with an `exports.default`: bundlers unwrap it, Node's ESM loader does not.
type StartServer = (config?: { port?: number; host?: string }) => Promise<Server>;
const startSesServer: StartServer =
  typeof sesLocalModule === 'function' ? sesLocalModule : (sesLocalModule as unknown as { default: StartServer }).default;

export interface SesLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** SES v2 local and its mail viewer on 127.0.0.1 only (the mails are the reps' digests, with their links). */
export async function startSesLocal(opts: { port: number }): Promise<SesLocal> {
  await assertPortFree(opts.port, 'SES v2 local', '--ses-port');
  const host = LOOPBACK;
  const server: Server = await startSesServer({ port: opts.port, host });
  server.on('error', () => undefined);
  return {
    endpoint: `http://${host}:${opts.port}`,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: Array<{ name: string; value: string }>;
  /** `content` is base64. */
  attachments?: Array<{ content: string; filename?: string; contentType?: string; contentDisposition?: string; contentId?: string }>;
  /** Seconds since the epoch, when the emulator accepted the mail. */
  at: number;
}

/** The mails SES v2 local has accepted (its GET /store). */
export async function readSesStore(endpoint: string): Promise<StoredMail[]> {
  const res = await fetch(`${endpoint}/store`);
  if (!res.ok) throw new Error(`SES local store answered ${res.status}`);
  const body = (await res.json()) as { emails: StoredMail[] };
  return body.emails;
}
