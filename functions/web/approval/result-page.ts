// What the rep sees after a POST decided something: the outcome in plain words.
import type { DecisionView, SelectionView } from '../../core/approval/view-outcome';
import { languageOf } from '../../core/model';
import { contactLabel, stringsFor } from '../../core/approval/messages';
import { html } from '../html';
import { layout, type Page } from './layout';
import { takeBackForm } from './take-back-form';

/** @param opts.listHref decided from a review-all list: the way back to it */
export function decisionPage(input: DecisionView, opts: { listHref?: string } = {}): Page {
  const lang = languageOf(input.rep?.locale ?? input.draft.locale);
  const t = stringsFor(lang);
  const who = contactLabel(input.contact, input.draft.contactId);
  const [title, text] =
    input.outcome === 'approved'
      ? [t.approvedTitle, t.approvedBody(who, input.draft.kind)]
      : input.outcome === 'rejected'
        ? [t.rejectedTitle, t.rejectedBody(who)]
        : [t.doneTitle, t.doneBody(who)];
  const badge = input.outcome === 'rejected' ? 'no' : 'ok';
  const askAgain = input.outcome === 'rejected' ? input.draft.decision?.askAgain : undefined;
  const body = html`<section class="card" role="status">
<h1>${title} <span class="badge ${badge}">${t.channels[input.draft.channel]}</span></h1>
<p class="big">${text}</p>
${input.outcome === 'approved' ? html`<p class="lead">${t.subject}: ${input.draft.content.subject}</p>` : ''}
${askAgain ? html`<p class="lead">${t.askAgainAnswer(askAgain.choice, t.date(askAgain.until, input.rep?.timeZone ?? 'Europe/Berlin'), input.draft.campaignId)}</p>` : ''}
${input.takeBack ? takeBackForm(t, input.takeBack, input.takeBack.nonce, input.rep?.timeZone ?? 'Europe/Berlin') : ''}
${opts.listHref ? html`<p><a href="${opts.listHref}">${t.backToList}</a></p>` : ''}
</section>`;
  return layout({ lang, title, section: title, body });
}

export function selectionPage(input: SelectionView): Page {
  const lang = languageOf(input.rep?.locale ?? input.locale);
  const t = stringsFor(lang);
  const body = input.nothingSelected
    ? html`<section class="card" role="status"><h1>${t.digestTitle}</h1><p class="big">${t.nothingSelected}</p><p><a href="">${t.backToList}</a></p></section>`
    : html`<section class="card" role="status"><h1>${t.selectedTitle}</h1><p class="big">${t.selectedBody(input.approved, input.skipped)}</p>${input.skipped ? html`<p><a href="">${t.backToList}</a></p>` : ''}</section>`;
  return layout({ lang, title: t.selectedTitle, section: t.digestTitle, body });
}
