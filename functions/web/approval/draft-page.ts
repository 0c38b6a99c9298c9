// The draft page, phone first: the draft as the customer will see it, shown once; "Edit the text" swaps the
// preview for the edit fields (a <details>, so no script is needed, and the sheet hides the preview while it is
// open); the decisions sit in a bar stuck to the bottom of the screen: Reject jumps to the reject form at the
// end of the page, Approve submits the edit form, so Approve approves the words in the fields. Save sits in the
// edit form itself, so Enter in the subject field saves instead of approving.
import { ASK_AGAIN_CHOICES, DEFAULT_ASK_AGAIN, languageOf, type AskAgainChoice, type Contact, type Draft, type Rep } from '../../core/model';
import { contactLabel, stringsFor, type Strings } from '../../core/approval/messages';
import { textToHtml } from '../../core/approval/text-to-html';
import { escapeHtml } from '../../core/escape-html';
import { withMailFooter } from '../../core/render/mail-footer';
import type { DraftView } from '../../core/approval/view-draft';
import { html, type SafeHtml } from '../html';
import { layout, type Page } from './layout';
import { previewStyleSources } from './mail-preview';
import { optOutNote } from './opt-out-note';

export type DraftNotice = 'saved' | 'taken_back';

/** The preview's stand-in for the customer's own unsubscribe link (the link is signed per recipient when sending). */
const PREVIEW_UNSUBSCRIBE_URL = '#';

export interface DraftPageOptions {
  notice?: DraftNotice;
  /** Opened from a review-all list: where the list is (a link back to it). */
  listHref?: string;
}

function mailPreview(t: Strings, draft: Draft, rep: Rep | undefined, contact: Contact | undefined): { body: SafeHtml; styles: string[] } {
  const words = draft.content.html || textToHtml({ subject: draft.content.subject, text: draft.content.text, locale: draft.locale });
  // with the footer below the words, as the customer gets it; its unsubscribe link is signed per recipient at sending
  const mailHtml = withMailFooter({ ...draft.content, html: words }, PREVIEW_UNSUBSCRIBE_URL, escapeHtml).html;
  const to = contact?.email ? `${contactLabel(contact, draft.contactId)} <${contact.email}>` : contactLabel(contact, draft.contactId);
  return {
    // allow-same-origin without allow-scripts: the page script may read the mail's height; the mail runs nothing
    body: html`<dl class="mailhead">
<dt>${t.from}</dt><dd>${rep?.name ?? draft.repId}</dd>
<dt>${t.to}</dt><dd>${to}</dd>
<dt>${t.subject}</dt><dd class="subj">${draft.content.subject}</dd>
</dl>
<iframe class="preview" sandbox="allow-same-origin" referrerpolicy="no-referrer" title="${t.asCustomerSees}" srcdoc="${mailHtml}"></iframe>
<p class="note">${t.previewNote}</p>`,
    styles: previewStyleSources(mailHtml),
  };
}

/** @param address the recipient block as the letter prints it (DraftView.letterAddress); without the contact, its id */
function letterPreview(t: Strings, draft: Draft, rep: Rep | undefined, address: readonly string[] | undefined): SafeHtml {
  const c = draft.content;
  return html`<div class="letter">
<p class="date">${t.date(draft.createdAt, rep?.timeZone ?? 'Europe/Berlin')}</p>
<p class="to">${address?.join('\n') || draft.contactId}</p>
${c.subject ? html`<p class="subj">${c.subject}</p>` : ''}
${c.salutation ? html`<p>${c.salutation}</p>` : ''}
<p class="body">${c.text}</p>
${c.closing ? html`<p>${c.closing}</p>` : ''}
<p>${rep?.name ?? ''}</p>
</div>`;
}

/** "When should presence ask again?": one radio per choice, the next cadence ticked; the day field belongs to "on a date". */
function askAgainFields(t: Strings, contact: Contact | undefined): SafeHtml {
  const choice = (value: AskAgainChoice, extra: SafeHtml | '' = '') =>
    html`<div class="choice"><input type="radio" id="ask-${value}" name="askAgain" value="${value}"${value === DEFAULT_ASK_AGAIN ? html` checked` : ''}><label for="ask-${value}">${t.askAgainChoice[value](contact?.cadenceDays)}</label>${extra}</div>`;
  return html`<fieldset class="ask">
<legend>${t.askAgain}</legend>
${ASK_AGAIN_CHOICES.map((c) => choice(c, c === 'date' ? html`<input type="date" id="askAgainOn" name="askAgainOn" aria-label="${t.askAgainDate}">` : ''))}
</fieldset>`;
}

export function draftPage(view: DraftView, opts: DraftPageOptions = {}): Page {
  const { draft, rep, contact } = view;
  const lang = languageOf(rep?.locale ?? draft.locale);
  const t = stringsFor(lang);
  const tz = rep?.timeZone ?? 'Europe/Berlin';
  const who = contactLabel(contact, draft.contactId);
  const preview = draft.kind === 'letter' ? { body: letterPreview(t, draft, rep, view.letterAddress), styles: [] } : mailPreview(t, draft, rep, contact);
  const notice = opts.notice === 'saved' ? t.saved : opts.notice === 'taken_back' ? t.takenBack : undefined;
  const body = html`${notice ? html`<div class="banner" role="status">${notice}</div>` : ''}
<section class="card">
<h1>${who}</h1>
<p class="lead">${t.campaign}: ${draft.campaignId} · <span class="badge">${t.channels[draft.channel]}</span></p>
${optOutNote(t, view.optOut, tz)}
${view.standInFor ? html`<p class="standin">${t.standInFor(view.standInFor.name, view.standInFor.until ? t.date(`${view.standInFor.until}T12:00:00Z`, 'UTC') : '?')}</p>` : ''}
<dl class="meta"><dt>${t.validUntil}</dt><dd>${t.dateTime(view.linkExpiresAt, tz)}</dd></dl>
${opts.listHref ? html`<p class="note"><a href="${opts.listHref}">${t.backToList}</a></p>` : ''}
</section>
<section class="card">
<div class="shown">
<h2>${t.asCustomerSees}</h2>
${preview.body}
</div>
<form id="decide" method="post" action="">
<input type="hidden" name="nonce" value="${view.nonce}">
<input type="hidden" name="version" value="${draft.version}">
<details class="edit">
<summary>${t.edit}</summary>
<label for="subject">${t.subject}</label>
<input type="text" id="subject" name="subject" value="${draft.content.subject}" maxlength="200" required>
<label for="text">${t.text}</label>
<textarea id="text" name="text" maxlength="20000" required>${draft.content.text}</textarea>
<p class="hint">${t.editHint}</p>
<div class="actions"><button type="submit" name="action" value="save" class="secondary">${t.save}</button></div>
</details>
</form>
</section>
<section class="card" id="reject">
<h2>${t.rejectConfirm}</h2>
<form method="post" action="">
<input type="hidden" name="nonce" value="${view.nonce}">
<input type="hidden" name="version" value="${draft.version}">
<label for="reason">${t.rejectReason}</label>
<textarea id="reason" name="reason" class="short" maxlength="500"></textarea>
${askAgainFields(t, contact)}
<div class="actions"><button type="submit" name="action" value="reject" class="danger">${t.rejectConfirm}</button></div>
</form>
</section>
<p class="safety">${t.safetyNote}</p>
<section class="bar" aria-label="${t.decisionBar}">
<a class="button danger" href="#reject">${t.reject}</a>
<button type="submit" form="decide" name="action" value="approve" class="primary">${t.approve}</button>
</section>`;
  return layout({ lang, title: who, section: t.draftTitle, body, styleSources: preview.styles });
}
