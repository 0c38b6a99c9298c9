// The local SMTP receiver against real SMTP clients over TCP: nodemailer as a sending mail server would use it, and a
// bare socket where nodemailer would be too polite (it declares SIZE, so the server could refuse before DATA).
// What is kept, byte for byte and owner-only; what is refused and with which code; where it listens.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { basename, dirname, join, relative } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RECIPIENTS, startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from '../../functions/local/smtp-receiver';

let receiver: SmtpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

// a line starting with a dot: the client doubles it on the wire, the receiver must hand on the original
const mail = (body = 'Danke, passt so.\r\n.Punkt am Zeilenanfang') =>
  Buffer.from(
    `From: Anna <anna@customer.example>\r\nTo: r-1@in.test\r\nSubject: AW: Update\r\nMessage-ID: <m1@customer.example>\r\n\r\n${body}\r\n`,
  );

async function start(onMail: (m: ReceivedMail) => Promise<void>, opts: { maxBytes?: number; domains?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'presence-smtp-'));
  receiver = await startSmtpReceiver({ port: 0, dir, maxBytes: opts.maxBytes ?? 1024 * 1024, domains: opts.domains ?? ['in.test'], onMail });
  return dir;
}

async function send(to: string[], raw: Buffer, from = 'Bounces@Customer.example') {
  const transport = createTransport({ host: '127.0.0.1', port: receiver!.port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope: { from, to }, raw });
  } finally {
    transport.close();
  }
}

/** One SMTP dialogue on a bare socket: the greeting, then one (possibly multi-line) reply per command. */
function dialogue(port: number, commands: string[], host = '127.0.0.1'): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    const replies: string[] = [];
    let buffer = '';
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (text: string) => {
      buffer += text;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        reply += `${line}\n`;
        if (line[3] === '-') continue;
        replies.push(reply.trimEnd());
        reply = '';
        const next = commands[replies.length - 1];
        if (next === undefined) {
          socket.end();
          resolve(replies);
        } else socket.write(`${next}\r\n`);
      }
    });
  });
}

const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

describe('startSmtpReceiver', () => {
  it('writes each mail owner-only under its day and hands on the exact bytes and the lower-cased envelope', async () => {
    const got: ReceivedMail[] = [];
    const dir = await start(async (m) => void got.push(m));
    const raw = mail();
    const info = await send(['R-1@IN.TEST', 'r-2@In.Test'], raw);

    expect(info.response).toMatch(/^250/);
    expect(got).toHaveLength(1);
    const [m] = got as [ReceivedMail];
    expect(m.raw.equals(raw)).toBe(true);
    expect(m.recipients).toEqual(['r-1@in.test', 'r-2@in.test']);
    expect(m.mailFrom).toBe('bounces@customer.example');
    expect(readFileSync(m.file).equals(raw)).toBe(true);
    expect(files(dir)).toEqual([m.file]);
    expect(statSync(m.file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(m.file)).mode & 0o777).toBe(0o700);
    expect(relative(dir, m.file)).toMatch(/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}T\d{6}\.\d{3}Z-[0-9a-f]+\.eml$/);
    expect(basename(m.file)).not.toContain('@');
  });

  it('answers 250 only after onMail has finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    let finished = false;
    await start(async () => {
      started = true;
      await gate;
      finished = true;
    });
    let answered = false;
    const sending = send(['r-1@in.test'], mail()).then((info) => {
      answered = true;
      return info;
    });
    await expect.poll(() => started).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    release();
    await expect(sending).resolves.toMatchObject({ response: expect.stringMatching(/^250/) });
    expect(finished).toBe(true);
  });

  it('refuses recipients of other domains with 550 and keeps nothing', async () => {
    let calls = 0;
    const dir = await start(async () => void calls++);
    await expect(send(['someone@elsewhere.test'], mail())).rejects.toMatchObject({ responseCode: 550 });
    // a subdomain is another domain
    await expect(send(['someone@sub.in.test'], mail())).rejects.toMatchObject({ responseCode: 550 });
    expect(calls).toBe(0);
    expect(files(dir)).toEqual([]);
  });

  it('delivers to the accepted recipients only when some are outside the domains', async () => {
    const got: ReceivedMail[] = [];
    await start(async (m) => void got.push(m), { domains: ['In.Test', 'other.test'] });
    const info = await send(['a@in.test', 'b@elsewhere.test', 'c@OTHER.test'], mail());
    expect(info.rejected).toEqual(['b@elsewhere.test']);
    expect(got.map((m) => m.recipients)).toEqual([['a@in.test', 'c@other.test']]);
  });

  it('accepts any domain when none is configured', async () => {
    const got: ReceivedMail[] = [];
    await start(async (m) => void got.push(m), { domains: [] });
    await send(['x@anywhere.example'], mail());
    expect(got.map((m) => m.recipients)).toEqual([['x@anywhere.example']]);
  });

  it(`takes at most ${MAX_RECIPIENTS} recipients in one mail`, async () => {
    const got: ReceivedMail[] = [];
    await start(async (m) => void got.push(m));
    const to = Array.from({ length: MAX_RECIPIENTS + 1 }, (_, i) => `r-${i}@in.test`);
    const info = await send(to, mail());
    expect(info.rejected).toEqual([`r-${MAX_RECIPIENTS}@in.test`]);
    expect(got[0]!.recipients).toHaveLength(MAX_RECIPIENTS);
  });

  it('refuses a mail over maxBytes with 552 and writes nothing, whether or not the client declared its size', async () => {
    let calls = 0;
    const dir = await start(async () => void calls++, { maxBytes: 2048 });
    const big = mail('x'.repeat(10_000));
    await expect(send(['r-1@in.test'], big)).rejects.toMatchObject({ responseCode: 552 });

    // no SIZE= in MAIL FROM: the server only learns it while reading DATA (stream.sizeExceeded)
    const replies = await dialogue(receiver!.port, ['EHLO client.test', 'MAIL FROM:<a@customer.example>', 'RCPT TO:<r-1@in.test>', 'DATA', `${big.toString()}.`, 'QUIT']);
    expect(replies[4]).toMatch(/^354/);
    expect(replies[5]).toMatch(/^552/);

    expect(calls).toBe(0);
    expect(files(dir)).toEqual([]);
  });

  it('tells the client to try again (451) when onMail throws, and keeps the file', async () => {
    const handed: ReceivedMail[] = [];
    const dir = await start(async (m) => {
      handed.push(m);
      throw new Error('ledger down');
    });
    const raw = mail();
    await expect(send(['r-1@in.test'], raw)).rejects.toMatchObject({ responseCode: 451 });
    expect(files(dir)).toEqual([handed[0]!.file]);
    expect(readFileSync(handed[0]!.file).equals(raw)).toBe(true);
  });

  it('logs sizes, counts and file names, never an address, a subject or a body', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string, d?: object) => lines.push(m + JSON.stringify(d)), warn: (m: string, d?: object) => lines.push(m + JSON.stringify(d)) };
    let fail = false;
    const dir = mkdtempSync(join(tmpdir(), 'presence-smtp-'));
    receiver = await startSmtpReceiver({
      port: 0,
      dir,
      maxBytes: 2048,
      domains: ['in.test'],
      logger,
      onMail: async () => {
        if (fail) throw new Error('could not reach anna@customer.example');
      },
    });
    await send(['r-1@in.test'], mail());
    fail = true;
    await expect(send(['r-1@in.test'], mail())).rejects.toMatchObject({ responseCode: 451 });
    await expect(send(['r-1@in.test'], mail('x'.repeat(10_000)))).rejects.toMatchObject({ responseCode: 552 });
    await expect(send(['b@elsewhere.test'], mail())).rejects.toMatchObject({ responseCode: 550 });

    const written = files(dir).map((f) => basename(f));
    expect(written).toHaveLength(2);
    const text = lines.join('\n');
    for (const name of written) expect(text).toContain(name);
    expect(text).not.toMatch(/@|AW: Update|Danke|customer\.example|in\.test/);
  });

  it('greets as presence and offers neither AUTH nor STARTTLS', async () => {
    await start(async () => undefined);
    const [greeting, ehlo, auth] = await dialogue(receiver!.port, ['EHLO client.test', 'AUTH PLAIN AGFAYg==', 'QUIT']);
    expect(greeting).toMatch(/^220 .*presence/);
    expect(ehlo).toMatch(/^250/);
    expect(ehlo).not.toMatch(/AUTH|STARTTLS/);
    expect(auth).toMatch(/^5\d\d/);
  });

  it('listens on 127.0.0.1 only', async () => {
    await start(async () => undefined);
    const port = receiver!.port;
    await expect(dialogue(port, ['QUIT'])).resolves.toHaveLength(2);
    // Linux routes all of 127.0.0.0/8 to the loopback interface: a listener on 0.0.0.0 would answer here too
    if (process.platform === 'linux') await expect(dialogue(port, ['QUIT'], '127.0.0.2')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (outside) await expect(dialogue(port, ['QUIT'], outside.address)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('close() resolves once the server stopped taking connections', async () => {
    await start(async () => undefined);
    const port = receiver!.port;
    await receiver!.close();
    await expect(dialogue(port, ['QUIT'])).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // a second close (afterEach) is harmless
    await expect(receiver!.close()).resolves.toBeUndefined();
  });
});
