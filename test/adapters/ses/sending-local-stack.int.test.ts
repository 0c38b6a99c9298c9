// Sending against the real local parts: the DynamoDB ledger on DynamoDB Local and the SES v2 emulator.
// An approved draft becomes exactly one stored mail, as the rep, with both unsubscribe headers; the draft is
// sent and the contact shows the touch. The exactly-once rules hold on the real conditional writes.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSesClient, SesMailer } from '../../../functions/adapters/ses/ses-mailer';
import { defaultConfig } from '../../../functions/core/config';
import { hashEmail, randomId } from '../../../functions/core/ids';
import { silentLogger, systemClock } from '../../../functions/core/ports';
import { applySesEvent } from '../../../functions/core/sending/apply-ses-event';
import { PacedRateLimiter } from '../../../functions/core/sending/rate-limiter';
import { sendApproved } from '../../../functions/core/sending/send-approved';
import { sendDraft, type SendingDeps } from '../../../functions/core/sending/send-draft';
import type { DynamoLedger } from '../../../functions/adapters/dynamodb/dynamodb-ledger';
import { sweepClaims } from '../../../functions/core/sending/sweep-claims';
import { createUnsubscribeHandler } from '../../../functions/handlers/unsubscribe';
import { LOCAL_REGION, localCredentials } from '../../../functions/local/local-clients';
import { aContact, aDraft, aRep } from '../../support/factories';
import { freshTable, mailsTo, sesEndpoint, type TestTable } from '../../support/local-aws';
import { bounceEvent } from '../../core/sending/suppression.test-events';

let t: TestTable;
let deps: SendingDeps & { ledger: DynamoLedger };
const run = randomId(4).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();

beforeAll(async () => {
  t = await freshTable('sending');
  deps = {
    ledger: t.ledger,
    mailer: new SesMailer(createSesClient({ endpoint: sesEndpoint(), region: LOCAL_REGION, credentials: localCredentials })),
    secrets: { signingKey: async () => Buffer.alloc(32, 5) },
    clock: systemClock,
    logger: silentLogger,
    config: { ...defaultConfig, senderAddress: 'updates@presence.example', publicBaseUrl: 'https://approve.presence.example', unsubscribeBaseUrl: 'https://u.presence.example', configurationSet: 'presence' },
    limiter: new PacedRateLimiter(50),
  };
  await t.ledger.putRep(aRep({ id: 'rep-1', name: 'Jürgen Weiß', email: 'juergen.weiss@example.com' }));
});

/** A contact with an address unique to this run (the emulator's store is shared) and its approved draft. */
async function approved(contactId: string) {
  const email = `${contactId}-${run}@customer.example`;
  await t.ledger.putContact(aContact({ id: contactId, email, repId: 'rep-1' }));
  const draft = aDraft({ contactId, status: 'approved', content: { subject: 'Kurzes Update zur Lieferlage', html: '<p>Guten Tag</p>', text: 'Guten Tag' } });
  await t.ledger.putDrafts([draft]);
  return { draft, email };
}

describe('sending on the local stack', () => {
  it('turns an approved draft into one stored mail as the rep, a sent draft and a touch on the contact', async () => {
    const { draft, email } = await approved('s-1');

    const summary = await sendApproved(deps, { draftIds: [draft.id] });
    expect(summary.sent).toBe(1);

    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    const nameWord = `=?UTF-8?B?${Buffer.from('Jürgen Weiß').toString('base64')}?=`;
    expect(mail.from).toBe(`${nameWord} <updates@presence.example>`);
    expect(mail.replyTo).toEqual([`${nameWord} <juergen.weiss@example.com>`]);
    expect(mail.subject).toBe('Kurzes Update zur Lieferlage');
    const header = (name: string) => mail.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
    expect(header('List-Unsubscribe')).toMatch(/^<https:\/\/u\.presence\.example\/u\/u1~s-1~[0-9a-f]{64}~[A-Za-z0-9_-]+>$/);
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    const stored = await t.ledger.getDraft(draft.id);
    expect(stored).toMatchObject({ status: 'sent', messageId: mail.messageId });
    const contact = await t.ledger.getContact('s-1');
    expect(contact?.lastTouchAt).toBe(stored?.sentAt);
    expect(contact?.lastTouchChannel).toBe('email');
    expect(await t.ledger.listTouches('s-1')).toEqual([expect.objectContaining({ source: 'send', channel: 'email', messageId: mail.messageId, draftId: draft.id })]);

    // the same approval again: nothing more leaves
    expect((await sendApproved(deps, { draftIds: [draft.id, draft.id] })).sent).toBe(0);
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('sends one mail when ten senders race on the real conditional write', async () => {
    const { draft, email } = await approved('s-2');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => sendDraft(deps, draft.id)));
    expect(outcomes.filter((o) => o.result === 'sent')).toHaveLength(1);
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await t.ledger.listTouches('s-2')).toHaveLength(1);
  });

  it('keeps a bounced address out, and the unsubscribe link from the mail suppresses its address', async () => {
    const bounced = await approved('s-3');
    await applySesEvent(deps, bounceEvent(bounced.email));
    await applySesEvent(deps, bounceEvent(bounced.email));
    expect((await t.ledger.listSuppressions()).filter((s) => s.emailHash === hashEmail(bounced.email))).toHaveLength(1);
    expect(await sendDraft(deps, bounced.draft.id)).toMatchObject({ result: 'failed', reason: 'suppressed: bounce' });
    expect(await mailsTo(bounced.email)).toEqual([]);

    const other = await approved('s-4');
    await sendDraft(deps, other.draft.id);
    const link = (await mailsTo(other.email))[0]!.headers!.find((h) => h.name === 'List-Unsubscribe')!.value.slice(1, -1);
    const path = new URL(link).pathname;
    const handler = createUnsubscribeHandler(deps);
    const event = (method: string) =>
      ({ rawPath: path, headers: {}, requestContext: { http: { method, path } }, body: 'List-Unsubscribe=One-Click', isBase64Encoded: false }) as unknown as APIGatewayProxyEventV2;
    expect((await handler(event('GET'), {} as Context)).statusCode).toBe(200);
    expect(await t.ledger.getSuppression(hashEmail(other.email))).toBeUndefined();
    expect((await handler(event('POST'), {} as Context)).statusCode).toBe(200);
    expect(await t.ledger.getSuppression(hashEmail(other.email))).toMatchObject({ reason: 'unsubscribe' });
  });

  it('never resends when the ledger write after SES failed; the sweeper flags the draft', async () => {
    const { draft, email } = await approved('s-5');
    const broken = Object.create(t.ledger) as typeof t.ledger;
    broken.recordTouch = async () => {
      throw new Error('simulated: ledger unavailable');
    };
    const outcome = await sendDraft({ ...deps, ledger: broken, retry: { sleep: async () => undefined } }, draft.id);
    expect(outcome.result).toBe('unrecorded');
    expect(await sendDraft(deps, draft.id)).toMatchObject({ result: 'skipped' });
    expect(await mailsTo(email)).toHaveLength(1);

    const later = { ...deps, clock: { now: () => new Date(Date.now() + 20 * 60_000) } };
    expect((await sweepClaims(later, { olderThanMinutes: 15 })).flagged).toContain(draft.id);
    const flagged = await t.ledger.getDraft(draft.id);
    expect(flagged).toMatchObject({ status: 'possibly_sent', messageId: outcome.messageId });
    expect((await sendApproved(deps, { draftIds: [draft.id] })).sent).toBe(0);
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
