// The mailer in AWS: SES v2, with the sending client's settings (no hidden retries, see ses-mailer.ts).
import { createSesClient, SesMailer } from '../../adapters/ses/ses-mailer';
import type { Mailer } from '../../core/ports';

let mailer: Mailer | undefined;

export function cloudMailer(): Mailer {
  mailer ??= new SesMailer(createSesClient());
  return mailer;
}
