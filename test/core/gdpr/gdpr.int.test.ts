// Export and erase against DynamoDB Local: after an erasure a scan of the whole table finds nothing of the
// contact, only the hashed tombstone and the hash-only audit entry (and, untouched, the other contact).
import { beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { eraseContact } from '../../../functions/core/gdpr/erase-contact';
import { contactIdTombstone, findErased } from '../../../functions/core/gdpr/erased-reason';
import { exportContact } from '../../../functions/core/gdpr/export-contact';
import { hashEmail } from '../../../functions/core/ids';
import { aContact, aDraft, aRep } from '../../support/factories';
import { freshTable, scanTable, type TestTable } from '../../support/local-aws';

const NOW = '2026-11-27T10:00:00.000Z';
let t: TestTable;

beforeAll(async () => {
  t = await freshTable('gdpr');
});

describe('GDPR on DynamoDB Local', () => {
  it('exports everything, then erases all but the tombstone and the audit entry', async () => {
    const { ledger } = t;
    const deps = { ledger, clock: new FixedClock(NOW) };
    await ledger.putRep(aRep());
    await ledger.putContact(aContact({ id: 'c-1', email: 'Anna.Mueller@Example.com', phone: '+49 30 1234' }));
    await ledger.putContact(
      aContact({ id: 'c-2', firstName: 'Bernd', lastName: 'Koch', company: 'Koch KG', email: 'bernd@example.com', address: { street: 'Ringweg 2', postalCode: '50667', city: 'Köln', country: 'DE' } }),
    );
    await ledger.putDrafts([
      aDraft({ contactId: 'c-1', runAt: '2026-10-01T08:00:00Z', status: 'sent' }),
      aDraft({ contactId: 'c-1', runAt: '2026-11-27T08:00:00Z', status: 'pending_approval' }),
      aDraft({ contactId: 'c-2', runAt: '2026-11-27T08:00:00Z' }),
    ]);
    await ledger.recordTouch({ touch: { id: 't-0', contactId: 'c-1', repId: 'rep-1', channel: 'email', at: '2026-10-01T10:00:00.000Z', source: 'send' } });
    await ledger.recordTouch({ touch: { id: 't-1', contactId: 'c-1', repId: 'rep-1', channel: 'visit', at: '2026-11-01T10:00:00.000Z', source: 'manual', note: 'talked about Anna\'s new plant' } });
    await ledger.recordTouch({ touch: { id: 't-b', contactId: 'c-2', repId: 'rep-1', channel: 'call', at: '2026-11-02T10:00:00.000Z', source: 'task' } });

    const exported = await exportContact(deps, 'c-1', 'cli:ops');
    expect(exported.contact).toMatchObject({ id: 'c-1', email: 'Anna.Mueller@Example.com', phone: '+49 30 1234' });
    expect(exported.drafts.map((d) => d.status).sort()).toEqual(['pending_approval', 'sent']);
    expect(exported.touches.map((x) => x.id)).toEqual(['t-0', 't-1']);
    expect(exported.suppression).toEqual({ suppressed: false });

    const result = await eraseContact(deps, 'c-1', 'cli:ops');
    const hash = hashEmail('anna.mueller@example.com');
    expect(result).toEqual({ deleted: 5, tombstone: { emailHash: hash, reason: 'erased' }, sameAddress: [] });

    const items = await scanTable(t);
    // (the weekly counters carry a shard number at the end of their partition key)
    // the coverage aggregate's items hold counts per rep and day or week, like the weekly counters: no contact
    const keys = items
      .map((i) => `${String(i.PK).replace(/^(STATS#\d{4}-W\d{2})#\d+$/, '$1')} | ${String(i.SK).replace(/^\d{4}-.*$/, '<time>')}`)
      .filter((k) => !/^(COVERAGE|COVWEEK)#/.test(k))
      .sort();
    expect(keys).toEqual(
      [
        'AUDIT#2026-11 | <time>', // contact.exported
        'AUDIT#2026-11 | <time>', // contact.erased
        'CONTACT#c-2 | PROFILE',
        `CONTACT#c-2 | DRAFT#crisis-update@20261127T0800Z`,
        'CONTACT#c-2 | TOUCH#2026-11-02T10:00:00.000Z#t-b',
        'REP#rep-1 | PROFILE',
        'STATS#2026-W40 | rep-1#email',
        'STATS#2026-W44 | rep-1#visit',
        'STATS#2026-W45 | rep-1#call',
        `SUPPRESS#${hash} | SUPPRESS`,
        `SUPPRESS#${contactIdTombstone('c-1')} | SUPPRESS`,
        `EMAILHASH#${hashEmail('bernd@example.com')} | CONTACT#c-2`,
      ].sort(),
    );
    const remaining = JSON.stringify(items).toLowerCase();
    for (const personal of ['anna', 'müller', 'mueller', '1234', 'hauptstraße', 'plant', 'contact#c-1', '~c-1']) {
      expect(remaining, personal).not.toContain(personal);
    }
    const tombstone = items.find((i) => i.PK === `SUPPRESS#${hash}`)!;
    expect(tombstone).toMatchObject({ emailHash: hash, reason: 'erased', at: NOW });
    const audits = items.filter((i) => String(i.PK).startsWith('AUDIT#'));
    expect(audits.map((a) => a.subject)).toEqual([`email-sha256:${hash}`, `email-sha256:${hash}`]);

    // a later import of the same address is refused with the reason
    const erased = await findErased(deps, ['anna.mueller@example.com', 'bernd@example.com']);
    expect([...erased.keys()]).toEqual(['anna.mueller@example.com']);
  });
});
