import { describe, expect, it } from 'vitest';
import { InProcessApprovalSink } from '../../functions/local/in-process-approval-sink';
import { aWorld } from '../core/sending/sending-fixtures';

describe('InProcessApprovalSink', () => {
  it('sends approved drafts in the background, each once', async () => {
    const w = await aWorld();
    const a = await w.approvedDraft('c-1');
    const b = await w.approvedDraft('c-2');
    const sink = new InProcessApprovalSink(w.deps);
    await sink.onApproved([a.id]);
    await sink.onApproved([a.id, b.id]);
    await sink.whenIdle();
    expect(w.mailer.sent.map((m) => m.to[0]).sort()).toEqual(['c-1@customer.example', 'c-2@customer.example']);
    expect((await w.ledger.getDraft(b.id))!.status).toBe('sent');
  });
});

describe('InProcessApprovalSink without a limiter', () => {
  it('builds its limiter from the mailer’s quota on first use', async () => {
    const w = await aWorld();
    const a = await w.approvedDraft('c-1');
    const { limiter: _none, ...ports } = w.deps;
    let asked = 0;
    const quota = w.mailer.quota.bind(w.mailer);
    w.mailer.quota = async () => {
      asked++;
      return quota();
    };
    const sink = new InProcessApprovalSink(ports);
    await sink.onApproved([a.id]);
    await sink.whenIdle();
    expect(asked).toBeGreaterThan(0);
    expect((await w.ledger.getDraft(a.id))!.status).toBe('sent');
  });
});
