// `presence up` as a user runs it: bin/presence.mjs (the compiled CLI) in a child process with its own DynamoDB Local
// and SES v2 local, sample data loaded into the empty ledger, other commands finding it through the data directory,
// Ctrl-C stopping it all.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/ports';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'presence-up-'));
let up: ChildProcess;
let output = '';
let sitePort = 0;
let smtpPort = 0;

function presence(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'presence.mjs'), '--data-dir', dataDir, ...args], {
    encoding: 'utf8',
    cwd: root,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const [dynamodbPort, sesPort] = [await freePort(), await freePort()];
  smtpPort = await freePort();
  sitePort = await freePort();
  up = spawn(
    process.execPath,
    [join(root, 'bin', 'presence.mjs'), '--data-dir', dataDir, 'up', '--in-memory', '--no-scheduler',
      '--dynamodb-port', String(dynamodbPort), '--ses-port', String(sesPort), '--site-port', String(sitePort), '--smtp-port', String(smtpPort)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  up.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  up.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Ctrl-C stops everything')) {
    if (up.exitCode !== null) throw new Error(`presence up exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`presence up did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 120_000);

afterAll(async () => {
  if (up && up.exitCode === null) {
    up.kill('SIGKILL');
  }
});

describe('presence up', () => {
  it('starts with the sample data and says where everything is', () => {
    expect(output).toMatch(/loaded the samples: \d+ reps, \d+ contacts/);
    expect(output).toContain(`approval site      http://localhost:${sitePort}`);
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(true);
  });

  it('lets the other commands find the running stack through the data directory', () => {
    const list = presence('contacts', 'list', '--json');
    expect(list.code).toBe(0);
    const contacts = JSON.parse(list.stdout) as Array<{ id: string; channel: string }>;
    expect(contacts.length).toBeGreaterThan(10);
    expect(new Set(contacts.map((c) => c.channel))).toEqual(new Set(['email', 'letter', 'visit', 'call']));
    const show = presence('contacts', 'show', contacts[0]!.id, '--json');
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).contact.id).toBe(contacts[0]!.id);
    // a command's own output only: no SDK notice about the local Node version on every call
    expect(list.stderr + show.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
  });

  it('serves the dashboard on the site port', async () => {
    const res = await fetch(`http://localhost:${sitePort}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('walks the README tour: every command in it runs against the stack', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const tour = /## A short tour[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const commands = tour
      .split('\n')
      .filter((line) => line.startsWith('npx presence '))
      .map((line) => line.replace(/\s+#.*$/, '').slice('npx presence '.length));
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands) {
      // words, with "quoted phrases" kept together, as a shell splits them
      const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      const r = presence(...args);
      expect({ command, code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ command, code: 0, stderr: '' });
    }
    // what the tour says happened, did: the snoozed contact was passed by, Petra's own mail became touches
    const show = JSON.parse(presence('contacts', 'show', 'K-10001', '--json').stdout) as { touches: Array<{ source: string }> };
    expect(show.touches.map((t) => t.source)).toContain('own-mail');
    // the run the tour planned is the campaign's latest, counted per rep, the columns adding up
    const [run] = JSON.parse(presence('campaign', 'status', '--campaign', 'crisis-update', '--json').stdout) as Array<{ runId: string; reps: unknown[]; totals: Record<string, number> }>;
    expect(run!.runId).toMatch(/^crisis-update@\d{8}T\d{4}Z$/);
    expect(run!.reps.length).toBeGreaterThan(0);
    const { drafted, ...columns } = run!.totals;
    expect(drafted).toBeGreaterThan(0);
    expect(Object.values(columns).reduce((a, b) => a + b, 0)).toBe(drafted);
    const rep = JSON.parse(presence('reps', 'show', 'ps', '--json').stdout) as { logAddress?: string };
    expect(rep.logAddress).toMatch(/^log-[0-9a-f]+-[0-9a-f]{12}@inbound\.localhost$/);
    const jonas = JSON.parse(presence('reps', 'show', 'jw', '--json').stdout) as { away?: { from: string; until: string; deputy?: string; hold: boolean } };
    expect(jonas.away).toMatchObject({ from: '2027-08-02', until: '2027-08-13', deputy: 'ps', hold: false });
    expect(output).toContain(`SMTP receiver      smtp://127.0.0.1:${smtpPort}`);
  }, 240_000);

  it('refuses a second stack on the same data directory with one clear line', () => {
    const second = presence('up', '--in-memory');
    expect(second.code).not.toBe(0);
    expect(second.stderr.trim().split('\n').filter((l) => l.startsWith('presence:'))).toEqual([
      expect.stringMatching(/^presence: A local stack is already running for .* Stop it first, or use another --data-dir\.$/),
    ]);
  });

  it('stops every part on Ctrl-C and says so to later commands', async () => {
    const exited = new Promise<number | null>((r) => up.once('exit', (code) => r(code)));
    up.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('presence: stopped.');
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);
    const after = presence('contacts', 'list');
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/The local stack is not running/);
  }, 30_000);
});
