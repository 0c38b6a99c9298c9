// After a rejection the rep reads when presence asks again, in their language and time zone.
import { describe, expect, it } from 'vitest';
import { decisionPage } from '../../../functions/web/approval/result-page';
import { aContact, aDraft, aRep } from '../../support/factories';

const rejected = (choice: 'two-weeks' | 'not-in-campaign', until: string) =>
  aDraft({ status: 'rejected', decision: { action: 'rejected', by: 'rep:rep-1', at: '2026-11-27T09:00:00.000Z', version: 1, askAgain: { choice, until } } });

describe('decision page after a rejection', () => {
  it('says from when presence asks again, as a day in the rep’s time zone', () => {
    const de = decisionPage({ outcome: 'rejected', draft: rejected('two-weeks', '2026-12-10T23:30:00.000Z'), rep: aRep({ locale: 'de-DE', timeZone: 'Europe/Berlin' }), contact: aContact() });
    expect(de.html).toContain('<p class="lead">presence fragt ab dem 11. Dezember 2026 wieder nach.</p>');
    const en = decisionPage({ outcome: 'rejected', draft: rejected('not-in-campaign', '2027-11-27T09:00:00.000Z'), rep: aRep({ locale: 'en-GB', timeZone: 'Europe/London' }), contact: aContact() });
    expect(en.html).toContain('<p class="lead">The campaign crisis-update will not ask again before 27 November 2027.</p>');
  });

  it('says nothing of it for a rejection recorded without the question', () => {
    const page = decisionPage({ outcome: 'rejected', draft: aDraft({ status: 'rejected', decision: { action: 'rejected', by: 'rep:rep-1', at: '2026-11-27T09:00:00.000Z', version: 1 } }), rep: aRep(), contact: aContact() });
    expect(page.html).toContain('Abgelehnt');
    expect(page.html).not.toContain('wieder nach');
  });
});
