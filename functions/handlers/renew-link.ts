// The approval site's "send me a new link" form in AWS: POST /renew, a route of its own on the site's HTTP API, so
// that only this function holds the SES client and the permission to mail (the pages are approval-site.ts). The
// answer is the same page whatever happened (router.ts); the new link goes to the rep's own address.
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { loadPrecompiledTemplates } from '../adapters/templates/precompiled-templates';
import { mailRendererWhenFirstUsed } from '../core/approval/mail-renderer';
import { precompiledMailRenderer } from '../core/approval/precompiled-mail-templates';
import { createSiteHandler } from './approval-site/site-handler';
import type { ApprovalEvent } from './approval-site/middleware';
import { cloudAssetsDir, cloudConfig, cloudLogger, systemClock } from './cloud-runtime';
import { cloudLedger } from './cloud/ledger';
import { cloudMailer } from './cloud/mailer';

let built: ReturnType<typeof createSiteHandler> | undefined;

function buildCloudHandler() {
  // the "new link" mail, precompiled when the bundle was built; the templates module brings the Handlebars runtime
  // (the bundle has none) and is loaded by the first request that mails (a stale or unknown link mails nothing)
  const mails = mailRendererWhenFirstUsed(async () => {
    const { mails: specs, runtime } = await loadPrecompiledTemplates(cloudAssetsDir());
    return precompiledMailRenderer(specs, runtime);
  });
  const renew = { ledger: cloudLedger(), mailer: cloudMailer(), clock: systemClock, logger: cloudLogger(), config: cloudConfig(), mails };
  return createSiteHandler({ renew }, renew.logger);
}

/** The deployed handler: built once per container (clients from the cloud composition root). */
export const handler = async (event: ApprovalEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
  built ??= buildCloudHandler();
  return built(event, context);
};
