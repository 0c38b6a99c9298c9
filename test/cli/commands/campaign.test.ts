// The campaign and drafts commands on an in-memory runtime: argument handling and what they print.
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../../functions/adapters/memory/memory-mailer';
import { describeRun, registerCampaign, runTimeOf, runTimesOf } from '../../../functions/cli/commands/campaign';
import { registerDrafts } from '../../../functions/cli/commands/drafts';
import type { Runtime } from '../../../functions/local/runtime';
import { defaultConfig } from '../../../functions/core/config';
import { ValidationError } from '../../../functions/core/errors';
import { silentLogger } from '../../../functions/core/ports';
import { contactOf, repOf } from '../../core/campaign-fixtures';
import { aDraft } from '../../support/factories';
import { LibraryHolidays } from '../../../functions/adapters/calendar/library-holidays';

let ledger: MemoryLedger;
let out: string;
let closed: number;

function program(over: Partial<Runtime> = {}): Command {
  const runtime = (): Promise<Runtime> =>
    Promise.resolve({
      ...over,
      ledger,
      mailer: new MemoryMailer(),
      secrets: { signingKey: async () => Buffer.alloc(32, 1) },
      clock: over.clock ?? new FixedClock('2026-11-30T07:00:42.000Z'),
      logger: silentLogger,
      config: defaultConfig,
      assetsDir: '.',
      dataDir: '.presence-test',
      close: async () => {
        closed++;
      },
    });
  const p = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerCampaign(p, runtime);
  registerDrafts(p, runtime);
  return p;
}

const cli = (...args: string[]) => program().parseAsync(['node', 'presence', ...args]);

beforeEach(async () => {
  ledger = new MemoryLedger();
  out = '';
  closed = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await ledger.putRep(repOf());
  await ledger.putContact(contactOf({ id: 'c-1' }));
  await ledger.putContact(contactOf({ id: 'c-2', formal: false, firstName: '' }));
  await ledger.putContact(contactOf({ id: 'c-3', channel: 'call' }));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('presence campaign list', () => {
  it('shows the next run on the campaign\'s wall clock, and which reps it moves off a public holiday to which day', async () => {
    // Friday before Whitsun 2027: the next Monday slot is Pfingstmontag, a holiday in Germany and not in England
    await ledger.putRep(repOf({ id: 'rep-uk', name: 'Emily Carter', email: 'emily@example.com', region: 'GB-ENG' }));
    await program({ clock: new FixedClock('2027-05-14T10:00:00.000Z'), holidays: new LibraryHolidays(), assetsDir: process.cwd() }).parseAsync(['node', 'presence', 'campaign', 'list']);
    const line = out.split('\n').find((l) => l.startsWith('crisis-update'))!;
    expect(line).toContain('Mon 2027-05-17 08:00 Europe/Berlin');
    expect(line).toMatch(/rep-1: Tue 2027-05-18$/);
    expect(line).not.toContain('rep-uk');
  });
});

describe('presence campaign run', () => {
  it('prints the result as JSON and is idempotent for the same --at', async () => {
    await cli('campaign', 'run', 'crisis-update', '--at', '2026-11-30T08:00:00+01:00', '--json');
    expect(JSON.parse(out)).toEqual({
      runId: 'crisis-update@20261130T0700Z',
      dueBy: '2026-11-30T07:00:00.000Z',
      considered: 3,
      drafted: 2,
      needsFix: 1,
      skipped: { suppressed: 0, notDue: 0, openDraft: 0, otherRep: 0, snoozed: 0, held: 0 },
      // right after planning, the rep gets one digest of this run
      digests: [{ repId: 'rep-1', pending: 1, tasks: 1, needsFix: 1, outcome: 'sent' }],
    });
    out = '';
    await cli('campaign', 'run', 'crisis-update', '--at', '2026-11-30T07:00:30Z', '--json');
    expect(JSON.parse(out)).toMatchObject({ runId: 'crisis-update@20261130T0700Z', drafted: 0, skipped: { openDraft: 3 } });
    expect(closed).toBe(2);
  });

  it('prints a summary for people, and uses the clock to the minute without --at', async () => {
    await cli('campaign', 'run', 'crisis-update');
    expect(out).toBe(
      'crisis-update@20261130T0700Z: 2 drafted for approval, 1 needs a fix\nskipped: 0 suppressed or without consent, 0 due but outside the audience, 0 with an open draft\ndigests: 1 mailed\n',
    );
  });

  it('leaves the digest for later with --no-notify', async () => {
    await cli('campaign', 'run', 'crisis-update', '--no-notify', '--json');
    expect(JSON.parse(out)).toMatchObject({ drafted: 2, digests: [] });
  });

  it('rejects a bad --at and an unknown campaign', async () => {
    await expect(cli('campaign', 'run', 'crisis-update', '--at', 'next monday')).rejects.toThrow(/--at "next monday" is not an ISO time/);
    await expect(cli('campaign', 'run', 'no-such-campaign')).rejects.toThrow(/no campaign "no-such-campaign"/);
    await expect(cli('campaign', 'run', '../etc/passwd')).rejects.toThrow(ValidationError);
    expect(closed).toBe(3);
  });

  it('says when presence is paused', async () => {
    ledger.paused = true;
    await cli('campaign', 'run', 'crisis-update');
    expect(out).toBe('crisis-update@20261130T0700Z: presence is paused, nothing was planned.\n');
  });
});

describe('presence campaign status', () => {
  const RUN = 'crisis-update@20261130T0700Z';

  async function runAndDecide() {
    await cli('campaign', 'run', 'crisis-update', '--no-notify');
    // the rep approves c-1's mail; a second rep's draft of the same run; an older run that no longer counts
    await ledger.updateDraft(`${RUN}~c-1`, { fromStatuses: ['pending_approval'], kind: 'email', set: { status: 'approved' } });
    await ledger.putRep(repOf({ id: 'rep-2', name: 'Jonas Weber', email: 'jonas@example.com' }));
    await ledger.putContact(contactOf({ id: 'c-4', repId: 'rep-2' }));
    await ledger.putDrafts([aDraft({ id: `${RUN}~c-4`, runId: RUN, contactId: 'c-4', repId: 'rep-2', status: 'rejected' })]);
    await ledger.putDrafts([aDraft({ contactId: 'c-1', repId: 'rep-1', status: 'sent', runAt: '2026-11-23T07:00:00Z' })]);
    out = '';
  }

  it('shows the latest run of each campaign per rep, with totals, on the campaign’s clock', async () => {
    await runAndDecide();
    await cli('campaign', 'status');
    const lines = out.split('\n');
    expect(lines[0]).toBe(`${RUN} (Mon 2026-11-30 08:00 Europe/Berlin)`);
    expect(lines[1]).toMatch(/^rep\s+drafted\s+needs fix\s+waiting\s+approved\s+sent\s+rejected\s+closed$/);
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))!.trim().split(/\s+/).slice(1).map(Number);
    // rep-1: c-1 approved, c-2 needs a fix, c-3's call task waits for the rep
    expect(row('rep-1')).toEqual([3, 1, 1, 1, 0, 0, 0]);
    expect(row('rep-2')).toEqual([1, 0, 0, 0, 0, 1, 0]);
    expect(row('total')).toEqual([4, 1, 1, 1, 0, 1, 0]);
    expect(closed).toBe(2);
  });

  it('takes a run id or --campaign, and prints JSON', async () => {
    await runAndDecide();
    await cli('campaign', 'status', 'crisis-update@20261123T0700Z', '--json');
    const [older] = JSON.parse(out);
    expect(older).toMatchObject({ runId: 'crisis-update@20261123T0700Z', totals: { drafted: 1, sent: 1 }, reps: [{ repId: 'rep-1', sent: 1, byStatus: { sent: 1 } }] });
    out = '';
    await cli('campaign', 'status', '--campaign', 'crisis-update', '--json');
    expect(JSON.parse(out).map((r: { runId: string }) => r.runId)).toEqual([RUN]);
  });

  it('says when a campaign never drafted, and refuses what is not a run id', async () => {
    await cli('campaign', 'status', '--campaign', 'crisis-update');
    expect(out).toBe('crisis-update: no run has drafted anything yet (`presence campaign run crisis-update`)\n');
    await expect(cli('campaign', 'status', 'crisis-update')).rejects.toThrow(/is not a run id; a run id looks like/);
    await expect(cli('campaign', 'status', RUN, '--campaign', 'other')).rejects.toThrow(/not a run of campaign other/);
  });
});

describe('presence campaign preview', () => {
  it('renders one contact without storing anything', async () => {
    await cli('campaign', 'preview', 'crisis-update', '--contact', 'c-1');
    expect(out).toContain('crisis-update@20261130T0700Z~c-1 (preview, not stored)');
    expect(out).toContain('status    ready for approval');
    expect(out).toContain('Subject: Ein kurzes Update zur aktuellen Lage');
    expect(out).toContain('Sehr geehrte Frau Müller,');
    expect(out).not.toContain('<p');
    expect(ledger.drafts.size).toBe(0);
  });

  it("shows a mail's footer below the words: the opt-out line (its link made when sending) and the company's particulars", async () => {
    await cli('campaign', 'preview', 'crisis-update', '--contact', 'c-1');
    expect(out).toContain('Sie möchten keine Nachrichten mehr von uns erhalten? Mit einem Klick abmelden: <unsubscribe link, signed when sent>\n\nPresence Beispiel GmbH · Hafenweg 2 · 20457 Hamburg\n');
    expect(out).toContain('Registergericht: Amtsgericht Hamburg, HRB 123456');
    expect(out).not.toContain('%%UNSUBSCRIBE_URL%%');
  });

  it('shows what to fix, the HTML on request, and why a run would skip the contact', async () => {
    await cli('campaign', 'preview', 'crisis-update', '--contact', 'c-2', '--html');
    expect(out).toContain('status    needs fix: missing firstName');
    expect(out).toContain('--- HTML ---');
    out = '';
    await cli('campaign', 'run', 'crisis-update');
    out = '';
    await cli('campaign', 'preview', 'crisis-update', '--contact', 'c-3', '--json');
    const p = JSON.parse(out);
    expect(p).toMatchObject({ kind: 'task', status: 'pending_approval', wouldSkip: ['has an open draft (or one of this run)'] });
    expect(p.content.text).toMatch(/^Frau Müller anrufen/);
  });

  it('needs --contact and a known contact', async () => {
    await expect(cli('campaign', 'preview', 'crisis-update')).rejects.toThrow(/--contact/);
    await expect(cli('campaign', 'preview', 'crisis-update', '--contact', 'nobody')).rejects.toThrow(/There is no contact "nobody"/);
  });
});

describe('presence drafts list', () => {
  beforeEach(async () => {
    await cli('campaign', 'run', 'crisis-update', '--at', '2026-11-30T07:00:00Z');
    out = '';
  });

  it('lists drafts with what needs fixing', async () => {
    await cli('drafts', 'list');
    expect(out).toMatch(/crisis-update@20261130T0700Z~c-2\s+needs_fix\s+email\s+rep-1\s+2026-11-30\s+2026-12-07\s+missing: firstName/);
    expect(out).toMatch(/~c-3\s+pending_approval\s+task\s+.*Frau Müller anrufen/);
    expect(out).toContain('3 drafts\n');
  });

  it('filters by status and campaign, and prints JSON', async () => {
    await cli('drafts', 'list', '--status', 'needs_fix', '--json');
    const list = JSON.parse(out);
    expect(list.map((d: { contactId: string }) => d.contactId)).toEqual(['c-2']);
    out = '';
    await cli('drafts', 'list', '--campaign', 'other', '--json');
    expect(JSON.parse(out)).toEqual([]);
    out = '';
    await cli('drafts', 'list', '--limit', '1');
    expect(out).toContain('1 draft (more with --limit 2)');
  });

  it('rejects an unknown status', async () => {
    await expect(cli('drafts', 'list', '--status', 'lost')).rejects.toThrow(/use one of needs_fix, pending_approval/);
  });
});

describe('helpers', () => {
  it('runTimeOf keeps whole minutes', () => {
    expect(runTimeOf('2026-11-30T08:00:59+01:00', new Date()).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(runTimeOf(undefined, new Date('2026-11-30T07:00:42.123Z')).toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });
  it('runTimesOf names the run by the minute but counts contacts due up to the moment', () => {
    const now = new Date('2026-11-30T07:00:42.123Z');
    expect(runTimesOf(undefined, now)).toEqual({ runAt: new Date('2026-11-30T07:00:00.000Z'), dueBy: now });
    expect(runTimesOf('2026-11-30T08:05:30+01:00', now)).toEqual({ runAt: new Date('2026-11-30T07:05:00.000Z'), dueBy: new Date('2026-11-30T07:05:30.000Z') });
  });
  const plan = { runId: 'x@y', dueBy: '2026-11-30T07:00:42.123Z', considered: 0, drafted: 0, needsFix: 0, skipped: { suppressed: 0, notDue: 0, openDraft: 0, otherRep: 0, snoozed: 0, held: 0 } };
  it('describeRun says paused', () => {
    expect(describeRun({ ...plan, paused: true })).toContain('paused');
  });
  it('describeRun says why nothing was drafted', () => {
    expect(describeRun({ ...plan, nextDueAt: '2026-12-02T09:00:00.000Z' })).toContain(
      'nothing drafted: no contact is due by 2026-11-30 07:00:42 UTC; the next one is due at 2026-12-02 09:00:00 UTC',
    );
    expect(describeRun(plan)).toContain('(these reps have no contacts)');
    expect(describeRun({ ...plan, considered: 3, skipped: { ...plan.skipped, openDraft: 3 } })).toContain('all 3 due contacts were skipped');
    expect(describeRun({ ...plan, considered: 1, drafted: 1 })).not.toContain('nothing drafted');
    expect(describeRun({ ...plan, considered: 2, skipped: { ...plan.skipped, snoozed: 2 } })).toContain(', 2 snoozed\nnothing drafted: all 2 due contacts were skipped');
    expect(describeRun(plan)).not.toContain('snoozed');
  });
});
