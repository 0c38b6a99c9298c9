// The contact's opt-out state where a rep's page shows the contact: why presence does not mail them (unsubscribe
// link, bounce, complaint, by hand, erased, the CRM file's flag) and since when, in the rep's language and zone.
import type { Strings } from '../../core/approval/messages';
import type { OptOut } from '../../core/approval/opt-out-state';
import { html, type SafeHtml } from '../html';

export function optOutNote(t: Strings, optOut: OptOut | undefined, timeZone: string): SafeHtml | '' {
  if (!optOut) return '';
  return html`<p class="optout" role="note">${t.optOutLine(optOut.by, optOut.at ? t.date(optOut.at, timeZone) : undefined)}</p>`;
}
