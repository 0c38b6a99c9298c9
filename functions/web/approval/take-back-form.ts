// "Freigabe zurücknehmen": a POST form to the link's own address with its nonce and the signed take-back token
// (core/approval/take-back-approval.ts). Opening the page changes nothing; only the button does.
import type { Strings } from '../../core/approval/messages';
import type { TakeBackOffer } from '../../core/approval/take-back-approval';
import { html, type SafeHtml } from '../html';

export function takeBackForm(t: Strings, offer: TakeBackOffer | undefined, nonce: string | undefined, timeZone: string): SafeHtml | '' {
  if (!offer || !nonce) return '';
  return html`<form method="post" action="" class="takeback">
<input type="hidden" name="nonce" value="${nonce}">
<input type="hidden" name="takeBack" value="${offer.token}">
<p class="hint">${t.takeBackHint(t.at(offer.until, timeZone))}</p>
<div class="actions"><button type="submit" name="action" value="take_back" class="secondary">${t.takeBack}</button></div>
</form>`;
}
