// Pages that do not know whose link it is, so they speak both languages: the one generic "link not valid"
// page (the same bytes for every cause: expired, used, edited elsewhere, tampered, unknown), the answer to a
// renewal request (the same whatever happened), and the error pages.
import { isWellFormedToken } from '../../core/approval/tokens';
import { html, type SafeHtml } from '../html';
import { layout, type Page } from './layout';

function bilingual(status: number, title: string, body: SafeHtml): Page {
  return layout({ lang: 'de', title, section: 'Freigabe · Approval', body, status });
}

/**
 * 410 for every link that cannot be used. The form asks for a fresh link; it carries the link's own token
 * (which the visitor has in the address bar anyway) only when it has the shape of a token.
 */
export function invalidLinkPage(token: string): Page {
  const carried = isWellFormedToken(token) ? token : '';
  return bilingual(
    410,
    'Link nicht mehr gültig · Link no longer valid',
    html`<section class="card">
<h1>Dieser Link ist nicht mehr gültig.</h1>
<p>Er ist abgelaufen, wurde schon benutzt oder der Entwurf hat sich geändert. Sie können einen neuen Link anfordern; er geht an das Postfach des zuständigen Betreuers.</p>
<h1 lang="en">This link is no longer valid.</h1>
<p lang="en">It has expired, has been used already, or the draft has changed. You can ask for a new link; it goes to the inbox of the responsible rep.</p>
<form method="post" action="/renew">
<input type="hidden" name="link" value="${carried}">
<div class="actions"><button type="submit" class="primary">Neuen Link anfordern · Send a new link</button></div>
</form>
</section>`,
  );
}

export function renewRequestedPage(): Page {
  return bilingual(
    200,
    'Neuer Link angefordert · New link requested',
    html`<section class="card" role="status">
<h1>Danke.</h1>
<p>Wenn für diesen Link noch etwas zu entscheiden ist, kommt in wenigen Minuten ein neuer Link per Mail an den zuständigen Betreuer.</p>
<h1 lang="en">Thank you.</h1>
<p lang="en">If there is still something to decide for this link, a new link is mailed to the responsible rep within a few minutes.</p>
</section>`,
  );
}

const ERRORS: Record<number, [string, string, string]> = {
  400: ['Formular nicht angenommen · Form not accepted', 'Das Formular konnte nicht angenommen werden. Öffnen Sie den Link erneut und versuchen Sie es noch einmal. Es wurde nichts geändert.', 'The form could not be accepted. Open the link again and repeat. Nothing was changed.'],
  404: ['Nicht gefunden · Not found', 'Diese Seite gibt es nicht.', 'There is no such page.'],
  405: ['Nicht erlaubt · Not allowed', 'Diese Anfrage ist hier nicht erlaubt.', 'This request is not allowed here.'],
  409: ['Inzwischen geändert · Changed meanwhile', 'Der Entwurf wurde inzwischen geändert. Es wurde nichts entschieden. Laden Sie die Seite neu, um die aktuelle Fassung zu sehen.', 'The draft was changed meanwhile. Nothing was decided. Reload the page to see the current version.'],
  413: ['Zu groß · Too large', 'Die Eingabe ist zu groß. Es wurde nichts geändert.', 'The input is too large. Nothing was changed.'],
  503: ['Pausiert · Paused', 'Freigaben sind gerade pausiert. Bitte versuchen Sie es später noch einmal.', 'Approvals are paused right now. Please try again later.'],
  500: ['Fehler · Error', 'Etwas ist schiefgegangen. Bitte versuchen Sie es später noch einmal.', 'Something went wrong. Please try again later.'],
};

/** @param opts.issues for a 400: the fields the form got wrong, named as the form names them (e.g. `askAgainOn`). */
export function errorPage(status: number, opts: { reloadLink?: boolean; issues?: ReadonlyArray<{ path: string; message: string }> } = {}): Page {
  const [title, de, en] = ERRORS[status] ?? ERRORS[500]!;
  const issues = status === 400 ? (opts.issues ?? []) : [];
  return bilingual(
    status,
    title,
    html`<section class="card">
<h1>${title}</h1>
<p>${de}</p>
<p lang="en">${en}</p>
${issues.length ? html`<ul class="note" lang="en">${issues.map((i) => html`<li><code>${i.path}</code>: ${i.message}</li>`)}</ul>` : ''}
${opts.reloadLink ? html`<p><a href="">Seite neu laden · Reload the page</a></p>` : ''}
</section>`,
  );
}
