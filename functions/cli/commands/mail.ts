// `presence mail receive FILE.eml`: feeds a saved mail to the inbound path, as if the local SMTP receiver (or SES
// receiving in AWS) had received it. The envelope recipient is --to, or else the mail's own To and Cc addresses at
// the receiving domain. Locally there is no SPF or DKIM to check: --verdict says what SES would have seen.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseInboundMail } from '../../adapters/mail/parse-inbound-mail';
import { NotFound, ValidationError } from '../../core/errors';
import { logAddressOf, replyAddressOf } from '../../core/inbound/inbound-addresses';
import { MAX_INBOUND_MAIL_BYTES } from '../../core/inbound/inbound-mail';
import { receiveMail } from '../../core/inbound/receive-mail';
import { describeOutcome } from '../../local/receive-local-mail';
import type { Runtime } from '../../local/runtime';
import { printJson } from '../output';

export function registerMail(program: Command, open: () => Promise<Runtime>): void {
  const mail = program.command('mail').description('inbound mail: replies, automatic answers and the reps’ BCC (docs/inbound.md)');

  mail
    .command('receive')
    .description('feed a saved mail (.eml) to the inbound path as if it had been received')
    .argument('<file>', 'the mail, as raw RFC 5322 (.eml)')
    .option('--to <address>', 'the envelope recipient (default: the mail’s To/Cc addresses at the receiving domain)')
    .option('--reply-to <contact>', 'deliver it to the Reply-To of the last update sent to this contact')
    .option('--bcc <rep>', 'deliver it to this rep’s logging address, as a BCC of the rep’s own mail')
    .option('--verdict <pass|fail>', 'the SPF/DKIM verdict SES would have given (own mail is accepted only with pass)', 'pass')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { to?: string; replyTo?: string; bcc?: string; verdict: string; json?: boolean }) => {
      if ([opts.to, opts.replyTo, opts.bcc].filter(Boolean).length > 1) {
        throw new ValidationError('Give one of --to, --reply-to and --bcc.', [{ path: 'to', message: 'one recipient option' }]);
      }
      const verdict = opts.verdict.toLowerCase();
      if (verdict !== 'pass' && verdict !== 'fail') throw new ValidationError(`--verdict must be pass or fail, not "${opts.verdict}"`, [{ path: 'verdict', message: 'pass or fail' }]);
      const raw = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new ValidationError(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, [{ path: 'file', message: 'a readable .eml file' }]);
      });
      if (raw.length > MAX_INBOUND_MAIL_BYTES) process.stderr.write(`${file} is over ${MAX_INBOUND_MAIL_BYTES / 1024 / 1024} MB: it counts as unreadable, as in AWS\n`);
      const rt = await open();
      try {
        const domain = rt.config.receivingDomain;
        if (!domain && (opts.replyTo || opts.bcc)) {
          throw new ValidationError('This stack receives no mail (started with --smtp-port 0): there are no reply or logging addresses.');
        }
        const parsed = await parseInboundMail(raw);
        const named = opts.replyTo ? await replyAddressOfContact(rt, opts.replyTo) : opts.bcc ? await logAddressOfRep(rt, opts.bcc) : opts.to;
        const recipients = named
          ? [named]
          : parsed.readable && domain
            ? [...parsed.to, ...parsed.cc].map((a) => a.address).filter((a) => a.endsWith(`@${domain}`))
            : [];
        const status = verdict === 'pass' ? 'PASS' : 'FAIL';
        const outcome = await receiveMail(rt, { mail: parsed, recipients, verdicts: { spf: status, dkim: status } });
        if (opts.json) return printJson(outcome);
        process.stdout.write(describeOutcome(outcome) + '\n');
      } finally {
        await rt.close();
      }
    });
}

/** The Reply-To the contact's last sent email update carried. */
async function replyAddressOfContact(rt: Runtime, contactId: string): Promise<string> {
  const contact = await rt.ledger.getContact(contactId);
  if (!contact) throw new NotFound(`There is no contact "${contactId}". \`presence contacts list\` shows the ids.`);
  const sent = (await rt.ledger.listDraftsOfContact(contactId)).filter((d) => d.kind === 'email' && d.status === 'sent').sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''))[0];
  if (!sent) throw new ValidationError(`No update was sent to ${contactId} yet, so there is no Reply-To to answer; approve and send one first.`, [{ path: 'reply-to', message: 'a contact with a sent update' }]);
  const address = replyAddressOf(await rt.secrets.signingKey(), rt.config.receivingDomain!, sent);
  if (!address) throw new ValidationError(`The contact id ${contactId} is too long for a reply address: its replies go to the rep directly.`);
  return address;
}

async function logAddressOfRep(rt: Runtime, repId: string): Promise<string> {
  if (!(await rt.ledger.getRep(repId))) throw new NotFound(`There is no rep "${repId}".`);
  const address = logAddressOf(await rt.secrets.signingKey(), rt.config.receivingDomain!, repId);
  if (!address) throw new ValidationError(`The rep id ${repId} is too long for a logging address.`);
  return address;
}
