// The reject form asks "when should presence ask again?" in the rep's language, with the next cadence ticked.
import { describe, expect, it } from 'vitest';
import type { DraftView } from '../../../functions/core/approval/view-draft';
import { draftPage } from '../../../functions/web/approval/draft-page';
import { aContact, aDraft, aRep } from '../../support/factories';

function view(locale: string, cadenceDays = 30): DraftView {
  return {
    draft: aDraft({ locale }),
    rep: aRep({ locale }),
    contact: aContact({ cadenceDays }),
    nonce: 'n0nce',
    linkExpiresAt: '2026-11-30T08:00:00.000Z',
  };
}

/** The reject form: the section the bar's Reject jumps to. */
const rejectForm = (page: string) => page.slice(page.indexOf('<section class="card" id="reject">'), page.indexOf('</section>', page.indexOf('id="reject"')));

describe('draft page: rejecting', () => {
  it('offers the five choices in German, the next cadence ticked, the day field with "on a date"', () => {
    const form = rejectForm(draftPage(view('de-DE', 30)).html);
    expect(form).toContain('<legend>Wann soll presence wieder fragen?</legend>');
    const radios = [...form.matchAll(/<input type="radio" id="ask-([a-z-]+)" name="askAgain" value="([a-z-]+)"( checked)?><label for="ask-[a-z-]+">([^<]*)<\/label>/g)].map((m) => [m[2], m[4], m[3] === ' checked']);
    expect(radios).toEqual([
      ['next-cadence', 'Beim nächsten regulären Termin (in 30 Tagen)', true],
      ['two-weeks', 'In 2 Wochen', false],
      ['month', 'In einem Monat', false],
      ['date', 'An einem bestimmten Tag:', false],
      ['not-in-campaign', 'In dieser Kampagne nicht mehr (ein Jahr lang)', false],
    ]);
    expect(form).toContain('<label for="ask-date">An einem bestimmten Tag:</label><input type="date" id="askAgainOn" name="askAgainOn" aria-label="Tag, ab dem presence wieder fragt">');
    // the question belongs to the reject form, not to the approve form
    expect(draftPage(view('de-DE')).html.split('<section class="card" id="reject">')[0]).not.toContain('askAgain');
  });

  it('asks in English for an English-speaking rep', () => {
    const form = rejectForm(draftPage(view('en-GB', 1)).html);
    expect(form).toContain('<legend>When should presence ask again?</legend>');
    expect(form).toContain('>At the next cadence (in 1 day)</label>');
    for (const text of ['In 2 weeks', 'In a month', 'On a date:', 'Not in this campaign (for a year)']) expect(form).toContain(`>${text}</label>`);
  });
});

describe('draft page: phone first', () => {
  it('shows the words once (the edit fields behind "Text bearbeiten"), and puts Approve and Reject in the bar at the end', () => {
    const page = draftPage(view('de-DE')).html;
    const preview = page.indexOf('<div class="shown">');
    const edit = page.indexOf('<details class="edit">\n<summary>Text bearbeiten</summary>');
    expect(preview).toBeGreaterThan(0);
    expect(edit).toBeGreaterThan(preview);
    // the text field and Save live in the closed editor, inside the form the bar's Approve submits
    const editor = page.slice(edit, page.indexOf('</details>', edit));
    expect(editor).toContain('<textarea id="text" name="text"');
    expect(editor).toContain('value="save"');
    expect(page.slice(page.indexOf('<form id="decide"'), edit)).toContain('name="version" value="1"');
    const bar = page.slice(page.indexOf('<section class="bar" aria-label="Entscheidung">'), page.indexOf('</main>'));
    expect(bar).toContain('<a class="button danger" href="#reject">Ablehnen …</a>');
    expect(bar).toContain('<button type="submit" form="decide" name="action" value="approve" class="primary">Freigeben</button>');
    // the bar is the last thing on the page, so sticky to the bottom it sits on the first screen
    expect(bar.indexOf('<section', 1)).toBe(-1);
    expect(bar.trimEnd().endsWith('</section>')).toBe(true);
    // the preview is no fixed-height box: the page script sizes it to the mail
    expect(page).toContain('<iframe class="preview" sandbox="allow-same-origin"');
  });

  it('links back to the list when opened from it', () => {
    expect(draftPage(view('en-GB'), { listHref: '../tok' }).html).toContain('<a href="../tok">Back to the list</a>');
    expect(draftPage(view('en-GB')).html).not.toContain('Back to the list');
  });
});
