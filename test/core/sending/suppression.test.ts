import { describe, expect, it } from 'vitest';
import { InvalidToken, ValidationError } from '../../../functions/core/errors';
import { hashEmail, sha256Hex } from '../../../functions/core/ids';
import { applySesEvent } from '../../../functions/core/sending/apply-ses-event';
import { suppressAddress } from '../../../functions/core/sending/suppress-address';
import { readUnsubscribeLink, unsubscribeByToken } from '../../../functions/core/sending/unsubscribe';
import { signUnsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';
import { aWorld, SIGNING_KEY } from './sending-fixtures';
import { bounceEvent, complaintEvent } from './suppression.test-events';

describe('applySesEvent', () => {
  it('suppresses a permanent bounce once, however often the event arrives', async () => {
    const w = await aWorld();
    expect(await applySesEvent(w.deps, bounceEvent('Anna.Mueller@example.com'))).toMatchObject({ kind: 'bounce', suppressed: 1, already: 0 });
    expect(await applySesEvent(w.deps, bounceEvent('anna.mueller@example.com'))).toMatchObject({ kind: 'bounce', suppressed: 0, already: 1 });
    const all = await w.ledger.listSuppressions();
    expect(all).toEqual([expect.objectContaining({ emailHash: hashEmail('anna.mueller@example.com'), reason: 'bounce', detail: 'Permanent/General' })]);
  });

  it('suppresses a complaint once, and keeps the first reason', async () => {
    const w = await aWorld();
    await applySesEvent(w.deps, complaintEvent('"Anna" <anna@example.com>'));
    await applySesEvent(w.deps, complaintEvent('anna@example.com'));
    await applySesEvent(w.deps, bounceEvent('anna@example.com'));
    expect(await w.ledger.listSuppressions()).toEqual([expect.objectContaining({ reason: 'complaint', emailHash: hashEmail('anna@example.com') })]);
  });

  it('ignores transient bounces, deliveries and junk', async () => {
    const w = await aWorld();
    expect((await applySesEvent(w.deps, bounceEvent('a@example.com', 'Transient'))).kind).toBe('ignored');
    expect((await applySesEvent(w.deps, bounceEvent('a@example.com', 'Undetermined'))).kind).toBe('ignored');
    expect((await applySesEvent(w.deps, { 'detail-type': 'Email Delivered', detail: { eventType: 'Delivery' } })).kind).toBe('ignored');
    expect((await applySesEvent(w.deps, null)).kind).toBe('ignored');
    expect((await applySesEvent(w.deps, { detail: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'not an address' }] } } })).suppressed).toBe(0);
    expect(await w.ledger.listSuppressions()).toEqual([]);
  });

  it('accepts the bare SES record (SNS or Firehose delivery)', async () => {
    const w = await aWorld();
    expect((await applySesEvent(w.deps, bounceEvent('b@example.com').detail)).suppressed).toBe(1);
  });
});

describe('unsubscribe', () => {
  it('reads a link without changing anything, and suppresses on the one-click POST, once', async () => {
    const w = await aWorld();
    const token = signUnsubscribeToken(SIGNING_KEY, { contactId: 'c-1', emailHash: hashEmail('anna@example.com') });
    expect(await readUnsubscribeLink(w.deps, token)).toEqual({ suppressed: false });
    expect(await readUnsubscribeLink(w.deps, token)).toEqual({ suppressed: false });
    expect(await w.ledger.listSuppressions()).toEqual([]);

    expect(await unsubscribeByToken(w.deps, token)).toEqual({ newlySuppressed: true });
    expect(await unsubscribeByToken(w.deps, token)).toEqual({ newlySuppressed: false });
    expect(await w.ledger.listSuppressions()).toEqual([expect.objectContaining({ reason: 'unsubscribe', emailHash: hashEmail('anna@example.com') })]);
    expect(await readUnsubscribeLink(w.deps, token)).toEqual({ suppressed: true });
    // the audit entry names the contact by hash only: it outlives an erasure
    expect(w.ledger.audits).toEqual([expect.objectContaining({ action: 'unsubscribe', subject: `contact-sha256:${sha256Hex('c-1')}` })]);
  });

  it('refuses forged tokens', async () => {
    const w = await aWorld();
    const forged = signUnsubscribeToken(Buffer.alloc(32, 9), { contactId: 'c-1', emailHash: hashEmail('anna@example.com') });
    await expect(unsubscribeByToken(w.deps, forged)).rejects.toBeInstanceOf(InvalidToken);
    await expect(readUnsubscribeLink(w.deps, forged)).rejects.toBeInstanceOf(InvalidToken);
    expect(await w.ledger.listSuppressions()).toEqual([]);
  });
});

describe('suppressAddress', () => {
  it('suppresses by hand once, audited by hash only', async () => {
    const w = await aWorld();
    expect((await suppressAddress(w.deps, { email: ' Anna@Example.com ', by: 'cli' })).newlySuppressed).toBe(true);
    expect((await suppressAddress(w.deps, { email: 'anna@example.com', by: 'cli' })).newlySuppressed).toBe(false);
    expect(JSON.stringify(w.ledger.audits)).not.toContain('anna');
    await expect(suppressAddress(w.deps, { email: 'nope', by: 'cli' })).rejects.toBeInstanceOf(ValidationError);
  });
});
