// Reliability: an erased person leaves no way back and no residue. On DynamoDB Local: the contact was drafted,
// its rep got a digest (link tokens naming its draft), it unsubscribed (an audit entry), then it is erased. A scan
// of the whole table finds neither its id, nor its name, nor its address; an import of the same id without an
// address is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryMailer } from '../../functions/adapters/memory/memory-mailer';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { loadMailRenderer } from '../../functions/core/approval/mail-renderer';
import { compilingEngine } from '../../functions/core/render/compiling-engine';
import { mailTemplateSourcesFrom } from '../../functions/core/approval/mail-renderer';
import { runCampaign } from '../../functions/core/campaigns/run-campaign';
import { defaultConfig } from '../../functions/core/config';
import { eraseContact } from '../../functions/core/gdpr/erase-contact';
import { hashEmail } from '../../functions/core/ids';
import { importContacts } from '../../functions/core/import/import-contacts';
import { collectRejects } from '../../functions/core/import/import-source';
import { silentLogger } from '../../functions/core/ports';
import { unsubscribeByToken } from '../../functions/core/sending/unsubscribe';
import { signUnsubscribeToken } from '../../functions/core/sending/unsubscribe-token';
import { aContact, aRep, importRows } from '../support/factories';
import { freshTable, scanTable, type TestTable } from '../support/local-aws';

const NOW = '2026-12-07T08:00:00.000Z';
const KEY = Buffer.alloc(32, 9);
let t: TestTable;

beforeAll(async () => {
  t = await freshTable('gdpr-erase');
});

describe('GDPR erase', () => {
  it('leaves no trace of the id, name or address, and the id cannot be imported again', async () => {
    const clock = new FixedClock(NOW);
    const { ledger } = t;
    await ledger.putRep(aRep({ id: 'rep-1' }));
    await ledger.putContact(aContact({ id: 'Zoe-Quandt-7', firstName: 'Zoë', lastName: 'Quandt', company: 'Quandt Werkzeugbau', email: 'zoe.quandt@quandt.example', nextDueAt: '2026-12-01T00:00:00.000Z' }));
    await ledger.putContact(aContact({ id: 'other-1', firstName: 'Otto', lastName: 'Berg', company: 'Berg KG', email: 'otto@berg.example', nextDueAt: '2026-12-01T00:00:00.000Z' }));

    // drafted and put in the rep's digest: one draft token each, and the review-all token naming both drafts
    const assets = new FileAssets('.');
    const [campaign, templates, files] = await Promise.all([assets.loadCampaign('crisis-update'), assets.loadTemplateLibrary(), assets.loadTemplateFiles()]);
    const run = await runCampaign(
      { ledger, mailer: new MemoryMailer(), clock, logger: silentLogger, config: { ...defaultConfig, publicBaseUrl: 'https://approve.example' }, templates, mails: loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(files)) },
      { campaign, runAt: new Date(NOW) },
    );
    expect(run.plan.drafted).toBe(2);
    expect(run.digestsSent).toBe(1);
    const tokensBefore = (await scanTable(t)).filter((i) => i.type === 'token');
    expect(tokensBefore.some((i) => JSON.stringify(i.draftIds).includes('Zoe-Quandt-7'))).toBe(true);

    // the customer unsubscribed through the link of an earlier mail
    const token = signUnsubscribeToken(KEY, { contactId: 'Zoe-Quandt-7', emailHash: hashEmail('zoe.quandt@quandt.example') });
    await unsubscribeByToken({ ledger, clock, logger: silentLogger, secrets: { signingKey: async () => KEY } }, token);

    await eraseContact({ ledger, clock }, 'Zoe-Quandt-7', 'cli:ops');

    const items = await scanTable(t);
    const everything = JSON.stringify(items).toLowerCase();
    for (const personal of ['zoe-quandt-7', 'zoë', 'quandt', 'zoe.quandt@quandt.example']) expect(everything, personal).not.toContain(personal);
    // the other contact and its links are untouched: the digest token still names its draft
    expect(everything).toContain('other-1');
    // (the digest's send marker is a token of kind digest naming no drafts)
    const digests = items.filter((i) => i.type === 'token' && i.kind === 'digest' && (i.draftIds as string[]).length > 0);
    expect(digests.map((d) => d.draftIds)).toEqual([[`${run.plan.runId}~other-1`]]);

    // the same id again, without an address: refused, nothing written
    const rejects = collectRejects();
    const result = await importContacts(
      { ledger, clock, logger: silentLogger },
      { source: importRows(['id;company;channel;repId', 'Zoe-Quandt-7;Quandt Werkzeugbau;call;rep-1']), rejects },
    );
    expect(result).toMatchObject({ created: 0, rejected: 1 });
    expect(rejects.rejected[0]?.reason).toMatch(/erased/);
    expect(await ledger.getContact('Zoe-Quandt-7')).toBeUndefined();
  });
});
