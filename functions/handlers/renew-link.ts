// The approval site's "send me a new link" form in AWS: POST /renew, a route of its own on the site's HTTP API, so
// that only this function holds the SES client and the permission to mail (the pages are approval-site.ts). The
// answer is the same page whatever happened (router.ts); the new link goes to the rep's own address.
import { loadPrecompiledTemplates } from '../adapters/templates/precompiled-templates';
import { loadMailRenderer, mailRendererWhenFirstUsed } from '../core/approval/mail-renderer';
import type { LinkMailDeps } from '../core/approval/resend-link';
import type { Ledger } from '../core/ports';
import { precompiledEngine } from '../core/render/precompiled-engine';
import { createRenewSiteHandler } from './approval-site/site-handler';

/**
 * @param assetsDir where the "new link" mail lies precompiled (the bundle's folder); the templates module brings the
 *   Handlebars runtime (the bundle has none) and is loaded by the first request that mails (a stale or unknown link
 *   mails nothing)
 */
export function createRenewLinkHandler(ports: Omit<LinkMailDeps, 'mails'> & { ledger: Pick<Ledger, 'isPaused'> }, assetsDir: string) {
  const mails = mailRendererWhenFirstUsed(async () => {
    const { specs, runtime } = await loadPrecompiledTemplates(assetsDir);
    return loadMailRenderer(precompiledEngine(specs, runtime));
  });
  return createRenewSiteHandler({ ...ports, mails }, ports.logger);
}
