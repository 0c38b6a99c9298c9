// The mail viewer keeps its mails across a restart of `presence up`: against the real SES v2 local, in this process.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../functions/core/ports';
import { localSesClient } from '../../functions/local/local-clients';
import { freePort, waitFor } from '../../functions/local/ports';
import { SES_MAILS_FILE, startSesMailKeeper, type SesMailKeeper } from '../../functions/local/ses-mail-keeper';
import { readSesStore, startSesLocal, type SesLocal } from '../../functions/local/ses-local';

let running: Array<{ ses: SesLocal; keeper: SesMailKeeper }> = [];
let dirs: string[] = [];
afterEach(async () => {
  for (const r of running) await stop(r);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  running = [];
  dirs = [];
});

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'presence-ses-keep-'));
  dirs.push(dir);
  return dir;
}

function recordingLogger() {
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) };
  return { logger, warnings };
}

async function start(dataDir: string, opts: { everyMs?: number; logger?: Logger } = {}) {
  const ses = await startSesLocal({ port: await freePort() });
  const keeper = await startSesMailKeeper({
    endpoint: ses.endpoint,
    file: join(dataDir, SES_MAILS_FILE),
    logger: opts.logger ?? recordingLogger().logger,
    ...(opts.everyMs ? { everyMs: opts.everyMs } : {}),
  });
  const r = { ses, keeper };
  running.push(r);
  return r;
}

async function stop(r: { ses: SesLocal; keeper: SesMailKeeper }) {
  running = running.filter((x) => x !== r);
  await r.keeper.stop();
  await r.ses.stop();
}

async function send(endpoint: string, n: number) {
  const ses = localSesClient(endpoint);
  try {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'Rep One <rep-1@example.test>',
        ReplyToAddresses: ['rep-1@example.test'],
        Destination: { ToAddresses: [`rep-${n}@example.test`], CcAddresses: ['cc@example.test'] },
        Content: {
          Simple: {
            Subject: { Data: `Ihre Entwürfe ${n}`, Charset: 'UTF-8' },
            Body: { Html: { Data: `<p>Digest ${n} <a href="http://localhost:8787/a/x">öffnen</a></p>` }, Text: { Data: `Digest ${n}` } },
            Headers: [{ Name: 'X-Presence-Run', Value: `run-${n}` }],
          },
        },
      }),
    );
  } finally {
    ses.destroy();
  }
}

const shape = (m: Awaited<ReturnType<typeof readSesStore>>[number]) => ({
  from: m.from,
  replyTo: m.replyTo,
  destination: m.destination,
  subject: m.subject,
  body: m.body,
  headers: m.headers,
});

describe('SES local mail keeper', () => {
  it('puts the mails of the last run back into the viewer, in their order', async () => {
    const dataDir = freshDataDir();
    const first = await start(dataDir);
    await send(first.ses.endpoint, 1);
    await send(first.ses.endpoint, 2);
    const before = await readSesStore(first.ses.endpoint);
    expect(before).toHaveLength(2);
    await stop(first);
    expect(readdirSync(dataDir)).toEqual([SES_MAILS_FILE]); // no temp file left behind

    const { logger, warnings } = recordingLogger();
    const second = await start(dataDir, { logger });
    const after = await readSesStore(second.ses.endpoint);
    expect(second.keeper.restored).toBe(2);
    expect(after.map(shape)).toEqual(before.map(shape));
    expect(after.map((m) => m.subject)).toEqual(['Ihre Entwürfe 1', 'Ihre Entwürfe 2']);
    expect(warnings).toEqual([]);

    // and once more: a restart without new mails neither loses nor doubles them
    await stop(second);
    const third = await start(dataDir);
    expect((await readSesStore(third.ses.endpoint)).map(shape)).toEqual(before.map(shape));
  });

  it('writes the file while running, so a killed process loses at most a few seconds', async () => {
    const dataDir = freshDataDir();
    const file = join(dataDir, SES_MAILS_FILE);
    const r = await start(dataDir, { everyMs: 50 });
    expect(existsSync(file)).toBe(false); // an empty, unchanged store is not written
    await send(r.ses.endpoint, 1);
    await waitFor(async () => existsSync(file), 5_000, 'the kept mails file');
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { emails: Array<{ subject: string; messageId: string }> };
    const store = await readSesStore(r.ses.endpoint);
    expect(kept.emails).toEqual(JSON.parse(JSON.stringify(store)));
  });

  it.each([
    ['not JSON', '{"version": 1, "emails": ['],
    ['JSON of another shape', JSON.stringify({ version: 1, emails: [{ subject: 'no sender' }] })],
  ])('sets a file that is %s aside with one warning and starts empty', async (_what, content) => {
    const dataDir = freshDataDir();
    const file = join(dataDir, SES_MAILS_FILE);
    writeFileSync(file, content);
    const { logger, warnings } = recordingLogger();
    const r = await start(dataDir, { logger });

    expect(await readSesStore(r.ses.endpoint)).toEqual([]);
    expect(r.keeper.restored).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(existsSync(file)).toBe(false);
    const aside = readdirSync(dataDir).filter((f) => f.startsWith(`${SES_MAILS_FILE}.unreadable-`));
    expect(aside).toHaveLength(1);
    expect(warnings[0]).toContain(aside[0]);
    expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toBe(content);

    // the viewer works on: a new mail is kept in a fresh file
    await send(r.ses.endpoint, 3);
    await stop(r);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { emails: Array<{ subject: string }> }).emails.map((m) => m.subject)).toEqual(['Ihre Entwürfe 3']);
  });
});
