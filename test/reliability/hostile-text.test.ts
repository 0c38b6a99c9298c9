// Reliability: text that would look different from what it is. A company name of 5 000 characters drafted a
// 5 000-character subject (while rep edits are capped at 200); a right-to-left override (U+202E) in a name or an
// edit survived into subjects, From names and pages.
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { MAX_SUBJECT_LENGTH, parseDraftEdit } from '../../functions/core/approval/edit-input';
import { importContacts } from '../../functions/core/import/import-contacts';
import { collectRejects } from '../../functions/core/import/import-source';
import { planCampaign } from '../../functions/core/plan-campaign';
import { silentLogger } from '../../functions/core/ports';
import { importRows } from '../support/factories';
import { RUN_AT, contactOf, crisisUpdate, repOf } from '../core/campaign-fixtures';

const RLO = '\u202E';
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

async function draftFor(contact: ReturnType<typeof contactOf>) {
  const ledger = new MemoryLedger();
  await ledger.putRep(repOf());
  await ledger.putContact(contact);
  const { library, campaign } = await crisisUpdate();
  await planCampaign({ ledger, clock: new FixedClock(RUN_AT.toISOString()), logger: silentLogger, templates: library }, { campaign, runAt: RUN_AT });
  return [...ledger.drafts.values()][0]!;
}

describe('hostile text in names, subjects and edits', () => {
  it('caps a drafted subject at the edit limit, cut at a word', async () => {
    const draft = await draftFor(contactOf({ company: `${'Sehr Lange Firmenbezeichnung '.repeat(170)}GmbH` }));
    expect(draft.content.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(draft.content.subject).toMatch(/^Ein kurzes Update zur aktuellen Lage für Sehr Lange .*[a-z]…$/);
    // the rep can save the drafted subject back unchanged
    expect(parseDraftEdit({ subject: draft.content.subject, text: draft.content.text }).subject).toBe(draft.content.subject);
  });

  it('removes bidi overrides from imported names, so no draft carries them', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(repOf());
    const clock = new FixedClock('2026-11-01T00:00:00.000Z');
    const result = await importContacts(
      { ledger, clock, logger: silentLogger },
      { source: importRows(['id;firstName;lastName;company;email;repId', `K-1;Anna;Mü${RLO}ller;Fi${RLO}rma\u2066 GmbH;anna@example.com;rep-1`]), rejects: collectRejects() },
    );
    expect(result.created).toBe(1);
    const contact = (await ledger.getContact('K-1'))!;
    expect([contact.lastName, contact.company]).toEqual(['Müller', 'Firma GmbH']);
  });

  it('removes bidi overrides that reach the renderer from a stored contact', async () => {
    const draft = await draftFor(contactOf({ company: `Anlage${RLO}fdp.exe GmbH`, lastName: `Mül${RLO}ler` }));
    expect(BIDI.test(draft.content.subject)).toBe(false);
    expect(BIDI.test(draft.content.text)).toBe(false);
    expect(BIDI.test(draft.content.html)).toBe(false);
    expect(draft.content.subject).toContain('Anlagefdp.exe GmbH');
  });

  it('removes bidi overrides from a rep edit', () => {
    const edit = parseDraftEdit({ subject: `Update ${RLO}gpj.exe`, text: `Hallo\u2067 Anna,\n\nText${RLO}.` });
    expect(edit).toEqual({ subject: 'Update gpj.exe', text: 'Hallo Anna,\n\nText.' });
  });
});
