// The review-all page: every draft of a digest, open ones with a tick box (ticked: the rep unticks what should
// wait), decided ones with their state. One POST approves exactly the ticked drafts at the versions shown.
import { languageOf } from '../../core/model';
import { selectionValue } from '../../core/approval/approve-selected';
import { contactLabel, stringsFor } from '../../core/approval/messages';
import type { DigestView } from '../../core/approval/view-digest';
import { html } from '../html';
import { layout, type Page } from './layout';

export function digestPage(view: DigestView): Page {
  const lang = languageOf(view.rep?.locale ?? view.drafts[0]?.locale ?? 'de');
  const t = stringsFor(lang);
  const tz = view.rep?.timeZone ?? 'Europe/Berlin';
  const items = view.drafts.map((d) => {
    const who = contactLabel(view.contacts.get(d.contactId), d.contactId);
    const open = view.open.has(d.id);
    const state = ['approved', 'sending', 'sent', 'exported', 'done'].includes(d.status) ? 'ok' : ['rejected', 'failed', 'expired', 'recalled', 'withdrawn'].includes(d.status) ? 'no' : '';
    return html`<li>
<label class="pick">${open ? html`<input type="checkbox" name="pick" value="${selectionValue(d)}" checked>` : html`<span class="nobox" aria-hidden="true"></span>`}<span><span class="who">${who}</span> <span class="badge">${t.channels[d.channel]}</span>${open ? '' : html` <span class="badge ${state}">${t.status[d.status] ?? d.status}</span>`}
<span class="sub">${d.content.subject}</span></span></label>
<details><summary>${t.showText}</summary><p class="prose">${d.content.text}</p></details>
</li>`;
  });
  const body = html`<section class="card">
<h1>${t.digestTitle}</h1>
<p class="lead">${t.digestIntro(view.open.size)}</p>
<dl class="meta"><dt>${t.validUntil}</dt><dd>${t.dateTime(view.linkExpiresAt, tz)}</dd></dl>
</section>
<form method="post" action="">
<input type="hidden" name="nonce" value="${view.nonce}">
<section class="card">
<ul class="list">
${items}
</ul>
<div class="actions"><button type="submit" name="action" value="approve-selected" class="primary">${t.approveSelected}</button></div>
</section>
</form>
<p class="safety">${t.safetyNote}</p>`;
  return layout({ lang, title: t.digestTitle, section: t.digestTitle, body });
}
