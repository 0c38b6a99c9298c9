// Reliability: `presence send` when the ledger goes away. It used to end with "unexpected error: ECONNREFUSED"
// and no summary. Now it prints what it did, one line with the cause, and exits 1; what was not sent stays approved.
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoLedger } from '../../functions/adapters/dynamodb/dynamodb-ledger';
import { registerSending } from '../../functions/cli/commands/sending';
import type { Runtime } from '../../functions/local/runtime';
import type { Draft } from '../../functions/core/model';
import { sendApproved } from '../../functions/core/sending/send-approved';
import { localDynamoDocumentClient } from '../../functions/local/local-clients';
import { freePort } from '../../functions/local/ports';
import { aWorld, type World } from '../core/sending/sending-fixtures';

let out: string;
let err: string;
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });

describe('presence send when the ledger goes away', () => {
  it('against a DynamoDB endpoint that refuses connections: the summary, one line with the cause, exit 1', async () => {
    const w = await aWorld();
    const doc = localDynamoDocumentClient(`http://127.0.0.1:${await freePort()}`);
    const runtime = { ...w.deps, ledger: new DynamoLedger(doc, 'gone'), assetsDir: '.', dataDir: '.', close: async () => doc.destroy() } as unknown as Runtime;
    const program = new Command().exitOverride();
    registerSending(program, async () => runtime);
    await program.parseAsync(['node', 'presence', 'send']);
    expect(out).toMatch(/^0 sent, 0 failed, 0 queued, 0 skipped in /);
    // (the SDK's own warning about Node versions may come first: only presence's lines are ours)
    expect(err.split('\n').filter((l) => l.startsWith('presence:'))).toEqual([
      'presence: stopped: the ledger (DynamoDB) could not be reached (ECONNREFUSED); what was not sent stays approved. Is the local stack running (`presence up`)?',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('in the middle of a batch: what went out is counted, the rest stays approved, the batch stops', async () => {
    const w: World = await aWorld({ maxSendRate: 50 });
    const drafts: Draft[] = [];
    for (let i = 0; i < 6; i++) drafts.push(await w.approvedDraft(`c-${i}`));
    // the ledger answers two drafts, then refuses every connection
    let reads = 0;
    const getDraft = w.ledger.getDraft.bind(w.ledger);
    w.ledger.getDraft = async (id) => {
      if (++reads > 2) throw refused();
      return getDraft(id);
    };
    const summary = await sendApproved(w.deps, { concurrency: 1 });
    expect(summary).toMatchObject({ sent: 2, errors: 1, stoppedBy: 'ledger_unavailable', stopCause: 'ECONNREFUSED' });
    expect(summary.attempted).toBe(3);
    expect(w.mailer.sent).toHaveLength(2);
    const statuses = await Promise.all(drafts.map(async (d) => (await getDraft(d.id))!.status));
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'approved')).toHaveLength(4);
  });
});
