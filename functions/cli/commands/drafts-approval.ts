// The approval side of the CLI: `presence drafts show`, `presence drafts resend-link` and `presence notify`.
// They call the same use cases as the approval site and the plan-campaign handler.
import { InvalidArgumentError, type Command } from 'commander';
import { FileAssets } from '../../adapters/templates/file-assets';
import type { MailRenderer } from '../../core/approval/mail-renderer';
import { notifyReps } from '../../core/approval/notify-reps';
import { resendLink } from '../../core/approval/resend-link';
import { contactLabel } from '../../core/approval/messages';
import { campaignNameIn } from '../../core/campaigns/campaign-name';
import { parseRunId } from '../../core/campaigns/run-status';
import { silentCustomersOf } from '../../core/coverage/silent-customers';
import { NotFound } from '../../core/errors';
import type { Contact, Draft, Language } from '../../core/model';
import type { Runtime } from '../../local/runtime';
import { printJson, printTable } from '../output';

type Open = () => Promise<Runtime>;

async function mailRenderer(rt: Runtime): Promise<MailRenderer> {
  return new FileAssets(rt.assetsDir).loadMailRenderer();
}

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`use a whole number of at least ${min}`);
    return n;
  };
}

/** A draft for a person: its state, the decision trail and the words. */
export function describeDraft(d: Draft, contact: Contact | undefined, withHtml: boolean): string {
  const lines = [
    d.id,
    `  status    ${d.status}${d.status === 'needs_fix' ? ` (missing: ${d.missing.join(', ')})` : ''}`,
    `  ${d.kind} via ${d.channel}, ${d.locale}, rep ${d.repId}, contact ${contactLabel(contact, d.contactId)}`,
    `  campaign  ${d.campaignId}, run ${d.runId}`,
    `  created   ${d.createdAt}, expires ${d.expiresAt}, version ${d.version}`,
  ];
  if (d.editedBy) lines.push(`  edited by ${d.editedBy}`);
  if (d.decision) {
    lines.push(`  ${d.decision.action} by ${d.decision.by} at ${d.decision.at} from version ${d.decision.version}${d.decision.reason ? `: ${d.decision.reason}` : ''}`);
  }
  if (d.sentAt) lines.push(`  sent      ${d.sentAt}${d.messageId ? ` (${d.messageId})` : ''}`);
  if (d.failure) lines.push(`  failure   ${d.failure}`);
  lines.push('');
  if (d.kind !== 'task') lines.push(`Subject: ${d.content.subject}`, '');
  if (d.content.salutation) lines.push(d.content.salutation, '');
  lines.push(d.content.text);
  if (d.content.closing) lines.push('', d.content.closing);
  if (withHtml && d.content.html) lines.push('', '--- HTML ---', d.content.html);
  return lines.join('\n') + '\n';
}

export function addDraftsShow(drafts: Command, open: Open): void {
  drafts
    .command('show')
    .description('one draft: its state, who decided when from which version, and the exact words')
    .argument('<id>', 'draft id, e.g. crisis-update@20261130T0700Z~c-1')
    .option('--html', 'also print the HTML part')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { html?: boolean; json?: boolean }) => {
      const rt = await open();
      try {
        const draft = await rt.ledger.getDraft(id);
        if (!draft) throw new NotFound(`draft ${id} does not exist (presence drafts list shows the ids)`);
        if (opts.json) return printJson(draft);
        process.stdout.write(describeDraft(draft, await rt.ledger.getContact(draft.contactId), opts.html === true));
      } finally {
        await rt.close();
      }
    });
}

export function addDraftsResendLink(drafts: Command, open: Open): void {
  drafts
    .command('resend-link')
    .description("mail the draft's rep a fresh approval link (a \"done\" link for visit/call tasks); earlier links stay as they are")
    .argument('<draft>', 'draft id waiting for approval')
    .action(async (draftId: string) => {
      const rt = await open();
      try {
        const sent = await resendLink({ ...rt, mails: await mailRenderer(rt) }, { draftId });
        // the link itself is never printed: it goes to the rep's inbox only
        process.stdout.write(`mailed a new ${sent.kind} link for ${draftId} to rep ${sent.repId}, valid until ${sent.expiresAt}\n`);
      } finally {
        await rt.close();
      }
    });
}

export function registerNotify(program: Command, open: Open): void {
  program
    .command('notify')
    .description("mail each rep the digest of a run's drafts (one per rep per run; --force sends again)")
    .argument('<run-id>', 'run id, e.g. crisis-update@20261130T0700Z (presence campaign run prints it)')
    .option('--force', 'send again to reps who already got this run’s digest')
    .option('--link-ttl-hours <n>', 'lifetime of the links (default: the configured 72 h)', wholeNumber(1))
    .option('--silent <n>', 'list up to n silent customers per rep (0: none)', wholeNumber(0), 5)
    .option('--json', 'print JSON')
    .action(async (runId: string, opts: { force?: boolean; linkTtlHours?: number; silent: number; json?: boolean }) => {
      const rt = await open();
      try {
        // the digest names the campaign in the rep's language; a run whose campaign file is gone shows its id
        const campaign = await new FileAssets(rt.assetsDir).loadCampaign(parseRunId(runId).campaignId).catch((e: unknown) => {
          if (e instanceof NotFound) return undefined;
          throw e;
        });
        const result = await notifyReps(
          { ...rt, mails: await mailRenderer(rt) },
          {
            runId,
            ...(campaign ? { campaignName: (language: Language) => campaignNameIn(campaign, language) } : {}),
            ...(opts.force ? { force: true } : {}),
            ...(opts.linkTtlHours ? { linkTtlHours: opts.linkTtlHours } : {}),
            ...(opts.silent > 0 ? { silentCustomers: (repId: string) => silentCustomersOf(rt, repId, opts.silent) } : {}),
          },
        );
        if (opts.json) return printJson(result);
        if (result.digests.length === 0) return void process.stdout.write(`${runId}: no drafts waiting for approval, no digest sent\n`);
        printTable(
          ['rep', 'to approve', 'tasks', 'needs fix', 'digest'],
          result.digests.map((d) => [d.repId, d.pending, d.tasks, d.needsFix, d.outcome.replace('_', ' ')]),
        );
        if (result.digests.some((d) => d.outcome === 'failed')) process.exitCode = 1;
      } finally {
        await rt.close();
      }
    });
}
