// The task page: who to visit or call, the talking points, and a "done" form. Posting it records the touch.
// On a phone the number dials (tel:) and the address opens a map search; both open outside the site, with no
// referrer (the address bar holds the link's token).
import { languageOf } from '../../core/model';
import { contactLabel, stringsFor } from '../../core/approval/messages';
import type { TaskView } from '../../core/approval/view-task';
import { html } from '../html';
import { mapSearchHref, phoneHref } from './contact-links';
import { layout, type Page } from './layout';
import { optOutNote } from './opt-out-note';

export function taskPage(view: TaskView): Page {
  const { draft, rep, contact } = view;
  const lang = languageOf(rep?.locale ?? draft.locale);
  const t = stringsFor(lang);
  const tz = rep?.timeZone ?? 'Europe/Berlin';
  const who = contactLabel(contact, draft.contactId);
  const a = contact?.address;
  const address = a ? [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') : '';
  const tel = contact?.phone ? phoneHref(contact.phone) : undefined;
  const body = html`<section class="card">
<h1>${who}</h1>
<p class="lead">${t.campaign}: ${draft.campaignId} · <span class="badge">${t.channels[draft.channel]}</span></p>
${optOutNote(t, view.optOut, tz)}
<dl class="meta">
${contact?.phone ? html`<dt>${t.phone}</dt><dd>${tel ? html`<a class="big" href="${tel}">${contact.phone}</a>` : contact.phone}</dd>` : ''}
${address ? html`<dt>${t.address}</dt><dd>${address}<br><a href="${mapSearchHref(address)}" target="_blank" rel="noopener noreferrer">${t.mapLink}</a></dd>` : ''}
<dt>${t.validUntil}</dt><dd>${t.dateTime(view.linkExpiresAt, tz)}</dd>
</dl>
</section>
${draft.content.text ? html`<section class="card"><h2>${t.talkingPoints}</h2><p class="prose">${draft.content.text}</p></section>` : ''}
<section class="card">
<p>${t.taskIntro}</p>
<form method="post" action="">
<input type="hidden" name="nonce" value="${view.nonce}">
<label for="note">${t.note}</label>
<textarea id="note" name="note" class="short" maxlength="500"></textarea>
<p class="hint">${t.noteHint}</p>
<div class="actions"><button type="submit" name="action" value="done" class="primary">${t.markDone}</button></div>
</form>
</section>
<p class="safety">${t.safetyNote}</p>`;
  return layout({ lang, title: who, section: t.taskTitle, body });
}
