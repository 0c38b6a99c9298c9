// A mail from presence to a rep (digest, fresh link). Internal mail: no unsubscribe header, no campaign tags.
import type { PresenceConfig } from '../config';
import type { Rep } from '../model';
import type { OutgoingMail } from '../ports';
import type { RenderedMail } from './mail-renderer';

export function mailToRep(config: Pick<PresenceConfig, 'senderAddress'>, rep: Rep, mail: RenderedMail, kind: 'digest' | 'link'): OutgoingMail {
  return {
    from: config.senderAddress,
    to: [rep.email],
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    tags: { presence: kind },
  };
}
