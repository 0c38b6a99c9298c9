// The unsubscribe pages: small, in German and English (the link does not say which language the reader speaks),
// no scripts, no external resources, one inline style allowed by its hash.
import { createHash } from 'node:crypto';

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d232a}' +
  'h1{font-size:1.4rem}p.en{color:#4a5561}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#1d4ed8;color:#fff;cursor:pointer}';
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export const UNSUBSCRIBE_CSP = `default-src 'none'; style-src ${STYLE_HASH}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export interface UnsubscribePage {
  status: number;
  html: string;
}

function layout(status: number, title: string, body: string): UnsubscribePage {
  return {
    status,
    html: `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>${STYLE}</style></head><body>${body}</body></html>`,
  };
}

/** GET: asks; the button posts the same body a mail provider's one-click POST sends. */
export function confirmPage(): UnsubscribePage {
  return layout(
    200,
    'Abmelden / Unsubscribe',
    '<h1>Keine weiteren E-Mails? / No more emails?</h1>' +
      '<p>Mit einem Klick melden Sie diese Adresse von unseren Updates ab.</p>' +
      '<p class="en">One click unsubscribes this address from our updates.</p>' +
      '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Abmelden / Unsubscribe</button></form>',
  );
}

export function alreadyPage(): UnsubscribePage {
  return layout(
    200,
    'Abgemeldet / Unsubscribed',
    '<h1>Bereits abgemeldet / Already unsubscribed</h1><p>Diese Adresse erhält keine Updates mehr.</p><p class="en">This address gets no more updates.</p>',
  );
}

export function donePage(): UnsubscribePage {
  return layout(
    200,
    'Abgemeldet / Unsubscribed',
    '<h1>Sie sind abgemeldet / You are unsubscribed</h1><p>Sie erhalten keine weiteren Updates per E-Mail.</p><p class="en">You will get no more updates by email.</p>',
  );
}

/** One page for every bad link (forged, truncated, unknown): nothing about the cause is revealed. */
export function invalidPage(): UnsubscribePage {
  return layout(
    410,
    'Link ungültig / Link not valid',
    '<h1>Dieser Link ist nicht gültig / This link is not valid</h1><p>Bitte antworten Sie einfach auf die E-Mail, wir tragen Sie aus.</p><p class="en">Please just reply to the email and we will take you off the list.</p>',
  );
}

export function errorPage(status: number): UnsubscribePage {
  return layout(
    status,
    'Fehler / Error',
    status === 404 || status === 405
      ? '<h1>Nicht gefunden / Not found</h1>'
      : '<h1>Das hat nicht geklappt / That did not work</h1><p>Bitte versuchen Sie es später noch einmal.</p><p class="en">Please try again later.</p>',
  );
}
