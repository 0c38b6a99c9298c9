// What the approval site needs: the runtime's ports, the hand-over to sending, and the mail templates
// (for "send me a new link").
import type { MailRenderer } from '../../core/approval/mail-renderer';
import type { PresenceDeps } from '../../core/deps';
import type { ApprovalSink } from '../../core/ports';

export interface ApprovalSiteDeps extends PresenceDeps {
  approvalSink: ApprovalSink;
  mails: MailRenderer;
}

/** What the pages need (drafts, digests, tasks): no mailer, no mail templates; in AWS they are their own function. */
export type PageDeps = Omit<ApprovalSiteDeps, 'mailer' | 'mails'>;

export interface ApprovalSiteRuntime extends PresenceDeps {
  assetsDir: string;
}

/**
 * Completes the deps. The composition root loads the mail templates (templates/digest/) from the runtime's assets:
 * precompiled in the Lambda bundle (approval-site.ts), compiled from the files locally (local/http-adapter.ts).
 */
export function approvalSiteDeps(runtime: ApprovalSiteRuntime, approvalSink: ApprovalSink, mails: MailRenderer): ApprovalSiteDeps {
  return {
    ledger: runtime.ledger,
    mailer: runtime.mailer,
    secrets: runtime.secrets,
    clock: runtime.clock,
    logger: runtime.logger,
    config: runtime.config,
    approvalSink,
    mails,
  };
}
