// The draft page shows a letter's address as the letter prints it (letters/address-lines.ts): a UK address in
// Royal Mail's order with the country's name, a domestic one without a country line.
import { describe, expect, it } from 'vitest';
import { viewDraft } from '../../../functions/core/approval/view-draft';
import { draftPage } from '../../../functions/web/approval/draft-page';
import { addDraft, linkTo, makeWorld } from '../../core/approval/approval-world';
import { aContact } from '../../support/factories';

/** The text of the page's recipient block. */
const addressOf = (page: string) => /<p class="to">([^<]*)<\/p>/.exec(page)?.[1];

async function letterPage(address: { street: string; postalCode: string; city: string; country: string }) {
  const w = await makeWorld();
  await w.ledger.putContact(aContact({ id: 'c-1', repId: 'rep-1', channel: 'letter', company: 'Scott & Co Ltd', firstName: 'Fiona', lastName: 'Scott', title: '', salutation: 'ms', locale: 'en-GB', address }));
  const d = await addDraft(w, { kind: 'letter', channel: 'letter', locale: 'en-GB', content: { subject: 'Update', html: '', text: 'Dear Ms Scott' } });
  return draftPage(await viewDraft(w, { token: await linkTo(w, 'draft', [d]) })).html;
}

describe('draft page: a letter’s address', () => {
  it('prints a UK address town, then postcode, then the country named in the writing rep’s language', async () => {
    const page = await letterPage({ street: '12 George Street', postalCode: 'eh22pf', city: 'Edinburgh', country: 'GB' });
    expect(addressOf(page)).toBe(['Scott &amp; Co Ltd', 'Ms Fiona Scott', '12 George Street', 'EDINBURGH', 'EH2 2PF', 'VEREINIGTES KÖNIGREICH'].join('\n'));
  });

  it('prints no country line for a letter at home (homeCountry DE)', async () => {
    const page = await letterPage({ street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'de' });
    expect(addressOf(page)).toBe(['Scott &amp; Co Ltd', 'Ms Fiona Scott', 'Hauptstraße 5', '80331 München'].join('\n'));
  });
});
