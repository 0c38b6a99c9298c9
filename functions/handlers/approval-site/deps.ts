// What the approval site needs: the runtime's ports, the hand-over to sending, and the mail templates
// (for "send me a new link").
import type { PresenceConfig } from '../../core/config';
import type { MailRenderer } from '../../core/approval/mail-renderer';
import { createMailRenderer, mailTemplateSourcesFrom } from '../../core/approval/mail-renderer';
import type { ApprovalSink, Clock, Ledger, Logger, Mailer, Secrets } from '../../core/ports';
import { readTemplateFiles } from '../../adapters/templates/template-files';

export interface ApprovalSiteDeps {
  ledger: Ledger;
  mailer: Mailer;
  secrets: Secrets;
  clock: Clock;
  logger: Logger;
  config: PresenceConfig;
  approvalSink: ApprovalSink;
  mails: MailRenderer;
}

export interface ApprovalSiteRuntime {
  ledger: Ledger;
  mailer: Mailer;
  secrets: Secrets;
  clock: Clock;
  logger: Logger;
  config: PresenceConfig;
  assetsDir: string;
}

/** Loads the mail templates from the runtime's assets (templates/digest/) and completes the deps. */
export async function approvalSiteDeps(runtime: ApprovalSiteRuntime, approvalSink: ApprovalSink): Promise<ApprovalSiteDeps> {
  const files = await readTemplateFiles(runtime.assetsDir);
  return {
    ledger: runtime.ledger,
    mailer: runtime.mailer,
    secrets: runtime.secrets,
    clock: runtime.clock,
    logger: runtime.logger,
    config: runtime.config,
    approvalSink,
    mails: createMailRenderer(mailTemplateSourcesFrom(files)),
  };
}
