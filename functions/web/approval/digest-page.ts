// The review-all page, phone first: every draft of a digest, open ones with a tick box (none ticked: only what
// the rep ticks is approved), its own page ("Open", through this link) and a one-tap "Reject"; decided ones with
// what became of them. The bar stuck to the bottom of the screen holds "Select all" and "Approve selected".
//
// Forms: "pick" (the ticks, approves exactly the ticked drafts at the versions shown), "reject-one" (each draft's
// Reject button posts it to that draft's own page address with the draft's version), "select" (GET ?select=all
// reloads the page with every box ticked; the page script does it in place). The buttons name their form, so the
// forms never nest and Enter on a tick box submits only the ticks.
import { languageOf } from '../../core/model';
import { selectionValue } from '../../core/approval/approve-selected';
import { contactLabel, stringsFor } from '../../core/approval/messages';
import type { DigestView } from '../../core/approval/view-digest';
import { html } from '../html';
import { draftStateLines, stateBadge } from './draft-state';
import { layout, type Page } from './layout';
import { optOutNote } from './opt-out-note';

export interface DigestPageOptions {
  /** The address of a draft's own page through this list, by its place in the list. */
  itemHref: (position: number) => string;
  /** Every open box ticked (GET ?select=all). */
  selectAll?: boolean;
}

export function digestPage(view: DigestView, opts: DigestPageOptions): Page {
  const lang = languageOf(view.rep?.locale ?? view.drafts[0]?.locale ?? 'de');
  const t = stringsFor(lang);
  const tz = view.rep?.timeZone ?? 'Europe/Berlin';
  const items = view.drafts.map((d) => {
    const who = contactLabel(view.contacts.get(d.contactId), d.contactId);
    const open = view.open.has(d.id);
    const state = stateBadge(d.status);
    const href = opts.itemHref(view.positions.get(d.id) ?? 0);
    return html`<li>
<label class="pick">${open ? html`<input type="checkbox" name="pick" value="${selectionValue(d)}" form="pick"${opts.selectAll ? html` checked` : ''}>` : html`<span class="nobox" aria-hidden="true"></span>`}<span><span class="who">${who}</span> <span class="badge">${t.channels[d.channel]}</span>${open ? '' : html` <span class="badge${state ? ` ${state}` : ''}">${t.status[d.status] ?? d.status}</span>`}
<span class="sub">${d.content.subject}</span></span></label>
${optOutNote(t, view.optOuts.get(d.contactId), tz)}
${open ? '' : html`<ul class="state">${draftStateLines(t, d, view.decidedBy.get(d.id), tz).map((line) => html`<li>${line}</li>`)}</ul>`}
<details><summary>${t.showText}</summary><p class="prose">${d.content.text}</p></details>
${open
  ? html`<div class="item"><a class="button secondary small" href="${href}" aria-label="${t.openDraftOf(who)}">${t.openDraft}</a><button type="submit" form="reject-one" formaction="${href}" name="version" value="${d.version}" class="danger small" aria-label="${t.rejectOneOf(who)}">${t.rejectOne}</button></div>`
  : ''}
</li>`;
  });
  const allOpenTicked = opts.selectAll === true && view.open.size > 0;
  const body = html`<section class="card">
<h1>${t.digestTitle}</h1>
<p class="lead">${t.digestIntro(view.open.size)}</p>
<dl class="meta"><dt>${t.validUntil}</dt><dd>${t.dateTime(view.linkExpiresAt, tz)}</dd></dl>
</section>
<section class="card">
<ul class="list">
${items}
</ul>
<p class="hint">${t.rejectOneHint}</p>
</section>
<form id="pick" method="post" action=""><input type="hidden" name="nonce" value="${view.nonce}"></form>
<form id="reject-one" method="post" action=""><input type="hidden" name="nonce" value="${view.nonce}"><input type="hidden" name="action" value="reject"></form>
<form id="select" method="get" action=""></form>
<p class="safety">${t.safetyNote}</p>
<section class="bar" aria-label="${t.decisionBar}">
<button type="submit" form="select" name="select" value="${allOpenTicked ? 'none' : 'all'}" id="select-all" class="secondary" data-all="${t.selectAll}" data-none="${t.selectNone}">${allOpenTicked ? t.selectNone : t.selectAll}</button>
<button type="submit" form="pick" name="action" value="approve-selected" class="primary">${t.approveSelected}</button>
</section>`;
  return layout({ lang, title: t.digestTitle, section: t.digestTitle, body });
}
