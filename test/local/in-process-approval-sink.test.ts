import { describe, expect, it } from 'vitest';
import { InProcessApprovalSink } from '../../functions/local/in-process-approval-sink';
import { aWorld } from '../core/sending/sending-fixtures';

describe('InProcessApprovalSink', () => {
  it('sends approved drafts in the background, each once', async () => {
    const w = await aWorld({ approvalGraceSeconds: 0 });
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
    const w = await aWorld({ approvalGraceSeconds: 0 });
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

describe('InProcessApprovalSink and the grace period', () => {
  it('waits the grace period before it sends, as the send queue delays its messages', async () => {
    const w = await aWorld({ approvalGraceSeconds: 0.3 });
    const a = await w.approvedDraft('c-1');
    const sink = new InProcessApprovalSink(w.deps);
    const started = Date.now();
    await sink.onApproved([a.id]);
    await new Promise((r) => setTimeout(r, 100));
    expect(w.mailer.sent).toHaveLength(0);
    await sink.whenIdle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('on stop, leaves drafts still in their grace period approved and does not wait for them', async () => {
    const w = await aWorld({ approvalGraceSeconds: 60 });
    const a = await w.approvedDraft('c-1');
    const sink = new InProcessApprovalSink(w.deps);
    await sink.onApproved([a.id]);
    await sink.stop();
    expect(w.mailer.sent).toHaveLength(0);
    expect((await w.ledger.getDraft(a.id))!.status).toBe('approved');
  });
});
