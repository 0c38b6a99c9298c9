import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerReport } from '../../../functions/cli/commands/report';
import { sha256Hex } from '../../../functions/core/ids';
import { NOW, handLedger } from '../../core/coverage/hand-ledger';
import { memoryRuntime, runCli } from './cli-harness';

describe('presence report coverage', () => {
  it('prints the aligned table by default and closes the runtime', async () => {
    const rt = memoryRuntime(await handLedger(), NOW);
    const { stdout, error } = await runCli(registerReport, rt, ['report', 'coverage', '--weeks', '4']);
    expect(error).toBeUndefined();
    expect(stdout).toContain('Coverage on 2026-11-27 (touches in 2026-W45 .. 2026-W48)');
    expect(stdout).toMatch(/total\s+9\s+4\s+5\s+0\s+44\.4 %\s+6\s+1/);
    expect(stdout.split('\n').find((l) => l.startsWith('rep ')) ?? '').toMatch(/silent\s+snoozed\s+share/);
    expect(rt.closed).toBe(1);
  });

  it('prints csv, json and html, limited to a rep', async () => {
    const rt = memoryRuntime(await handLedger(), NOW);
    const csv = await runCli(registerReport, rt, ['report', 'coverage', '--rep', 'rep-b', '--weeks', '4', '--format', 'csv', '--section', 'reps']);
    expect(csv.stdout).toBe('rep_id,rep_name,contacts,covered,silent,share,touches,opted_out,snoozed\r\nrep-b,Ben Kraus,4,2,2,0.5,2,0,0\r\nTOTAL,,4,2,2,0.5,2,0,0\r\n');
    const json = JSON.parse((await runCli(registerReport, rt, ['report', 'coverage', '--format', 'json', '--weeks', '2', '--limit', '1'])).stdout);
    expect(json.weeks).toEqual(['2026-W47', '2026-W48']);
    expect(json.silentContacts).toHaveLength(1);
    expect(json.silentCount).toBe(5);
    const html = (await runCli(registerReport, rt, ['report', 'coverage', '--format', 'html'])).stdout;
    expect(html).toMatch(/^<!doctype html>/);
  });

  it('recounts the coverage aggregate with --recount and says whether it agreed', async () => {
    const ledger = await handLedger();
    const agreed = await runCli(registerReport, memoryRuntime(ledger, NOW), ['report', 'coverage', '--recount']);
    expect(agreed.stdout).toContain('recounted 10 contacts of 3 reps: the aggregate agreed exactly');
    ledger.coverageStates.get('rep-b')!.contacts -= 1;
    const drifted = await runCli(registerReport, memoryRuntime(ledger, NOW), ['report', 'coverage', '--recount']);
    expect(drifted.stdout).toContain('the aggregate did NOT agree');
    expect(drifted.stdout).toMatch(/rep rep-b: kept contacts 3, .*; counted contacts 4, covered 2, silent 2/);
    expect((await runCli(registerReport, memoryRuntime(ledger, NOW), ['report', 'coverage', '--recount'])).stdout).toContain('agreed exactly');
  });

  it('writes to a file readable by its owner only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'presence-report-'));
    const file = join(dir, 'coverage.html');
    const { stderr } = await runCli(registerReport, memoryRuntime(await handLedger(), NOW), ['report', 'coverage', '--format', 'html', '--out', file]);
    expect(stderr).toContain(`wrote ${file}`);
    expect(await readFile(file, 'utf8')).toContain('Anna Berg');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a bad format or number with a clear message', async () => {
    const rt = memoryRuntime(await handLedger(), NOW);
    const bad = await runCli(registerReport, rt, ['report', 'coverage', '--format', 'pdf']);
    expect(bad.stderr).toContain("argument 'pdf' is invalid. Allowed choices are table, csv, json, html");
    const weeks = await runCli(registerReport, rt, ['report', 'coverage', '--weeks', 'ten']);
    expect(weeks.stderr).toContain('--weeks takes a whole number, not "ten"');
    const range = await runCli(registerReport, rt, ['report', 'coverage', '--weeks', '500']);
    expect(String(range.error)).toContain('weeks must be a whole number from 1 to 104');
  });
});

describe('presence report dashboard-link', () => {
  it('prints a manager link whose token is stored only as a hash', async () => {
    const ledger = await handLedger();
    const { stdout, stderr } = await runCli(registerReport, memoryRuntime(ledger, NOW), ['report', 'dashboard-link', '--ttl-hours', '24', '--rep', 'rep-a']);
    const url = new URL(stdout.trim());
    expect(url.origin + url.pathname).toBe('https://approve.presence.example/dashboard');
    const token = url.searchParams.get('t')!;
    expect(ledger.tokens.get(sha256Hex(token))).toMatchObject({ kind: 'manager', repId: 'rep-a', expiresAt: '2026-11-28T12:00:00.000Z' });
    expect(stderr).toContain('valid until 2026-11-28 12:00 UTC for rep rep-a');
  });
});
