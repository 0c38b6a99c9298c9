// The page of a used link (its drafts decided): what became of exactly the link's own drafts, in the rep's
// language and time zone. The generic 410 page stays for everything else (status-pages.ts).
import { contactLabel, stringsFor } from '../../core/approval/messages';
import type { LinkStatusView } from '../../core/approval/view-link-status';
import { languageOf } from '../../core/model';
import { html } from '../html';
import { draftStateLines, stateBadge } from './draft-state';
import { layout, type Page } from './layout';
import { takeBackForm } from './take-back-form';

/** Why the status is shown after a POST: a take-back came too late, or was made before. */
export type LinkStatusNotice = 'take_back_too_late' | 'take_back_already';

export function linkStatusPage(view: LinkStatusView, opts: { notice?: LinkStatusNotice } = {}): Page {
  const lang = languageOf(view.rep?.locale ?? view.items[0]?.draft.locale ?? 'de');
  const t = stringsFor(lang);
  const tz = view.rep?.timeZone ?? 'Europe/Berlin';
  const items = view.items.map(({ draft, contact, decidedBy, takeBack }) => {
    const state = stateBadge(draft.status);
    return html`<li>
<p><span class="who">${contactLabel(contact, draft.contactId)}</span> <span class="badge">${t.channels[draft.channel]}</span> <span class="badge${state ? ` ${state}` : ''}">${t.status[draft.status] ?? draft.status}</span></p>
${draft.kind !== 'task' && draft.content.subject ? html`<p class="lead">${t.subject}: ${draft.content.subject}</p>` : ''}
<ul class="state">${draftStateLines(t, draft, decidedBy, tz).map((line) => html`<li>${line}</li>`)}</ul>
${takeBackForm(t, takeBack, view.nonce, tz)}
</li>`;
  });
  const notice = opts.notice === 'take_back_too_late' ? t.takeBackTooLate : opts.notice === 'take_back_already' ? t.takeBackAlready : undefined;
  const body = html`${notice ? html`<div class="banner warn" role="alert">${notice}</div>` : ''}<section class="card" role="status">
<h1>${t.statusTitle}</h1>
<p class="lead">${t.statusIntro(view.items.length)}</p>
</section>
<section class="card">
<ul class="list done">
${items}
</ul>
</section>
<p class="safety">${t.safetyNote}</p>`;
  return layout({ lang, title: t.statusTitle, ...(opts.notice === 'take_back_too_late' ? { status: 409 } : {}), section: view.kind === 'digest' ? t.digestTitle : view.kind === 'task' ? t.taskTitle : t.draftTitle, body });
}
