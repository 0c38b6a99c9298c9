// bench/cold-start's ablation of renew-link's precompiled mail templates (not deployed): the same handler, its mail
// templates read from templates/digest/ beside the bundle and compiled in the container with the full Handlebars.
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { mailRendererWhenFirstUsed } from '../../functions/core/approval/mail-renderer';
import { createSiteHandler } from '../../functions/handlers/approval-site/site-handler';
import { assetsDir, clock, config, ledger, logger, mailer } from '../../functions/handlers/aws/compose';

const mails = mailRendererWhenFirstUsed(() => new FileAssets(assetsDir).loadMailRenderer());
export const handler = createSiteHandler({ renew: { ledger, mailer, clock, logger, config, mails } }, logger);
