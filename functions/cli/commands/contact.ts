// `presence contact export|erase`: a person's rights over their data (GDPR access and erasure), one contact at a time.
// (`presence contacts list|show` looks at the ledger; this group acts on one person's data.)
import { writeOutput, actorOf } from '../output';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { NotFound, ValidationError } from '../../core/errors';
import { eraseContact } from '../../core/gdpr/erase-contact';
import { exportContact } from '../../core/gdpr/export-contact';
import type { Runtime } from '../../local/runtime';

export interface Terminal {
  interactive: boolean;
  ask(question: string): Promise<string>;
}

const terminal: Terminal = {
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};


export function registerContact(program: Command, open: () => Promise<Runtime>, term: Terminal = terminal): void {
  const contact = program.command('contact').description("one person's data: export it (GDPR access) or erase it (GDPR erasure)");

  contact
    .command('export')
    .description('print everything held about the contact as JSON: fields, drafts, touches, suppression status (audited)')
    .argument('<id>', 'contact id')
    .option('--out <file>', 'write to this file (readable by you only) instead of standard output')
    .option('--by <name>', 'who asks, for the audit log (default: your user name)')
    .action(async (id: string, opts: { out?: string; by?: string }) => {
      const rt = await open();
      try {
        const data = await exportContact({ ledger: rt.ledger, clock: rt.clock }, id, actorOf(opts.by));
        const text = JSON.stringify(data, null, 2) + '\n';
        await writeOutput(text, opts.out);
      } finally {
        await rt.close();
      }
    });

  contact
    .command('erase')
    .description('delete the contact with its drafts and touches; keep only a hashed-address tombstone that blocks sending and re-import (audited)')
    .argument('<id>', 'contact id')
    .option('--yes', 'do not ask for confirmation')
    .option('--by <name>', 'who erases, for the audit log (default: your user name)')
    .action(async (id: string, opts: { yes?: boolean; by?: string }) => {
      const rt = await open();
      try {
        const deps = { ledger: rt.ledger, clock: rt.clock };
        if (!opts.yes) {
          const found = await rt.ledger.getContact(id);
          if (!found) throw new NotFound(`There is no contact "${id}" (already erased, or never imported).`);
          if (!term.interactive) throw new ValidationError('erasing cannot be undone: add --yes to erase without a question');
          const touches = await rt.ledger.listTouches(id);
          const who = [found.firstName, found.lastName].filter(Boolean).join(' ') || found.company || id;
          process.stderr.write(`This erases ${who} (${id}) with ${touches.length} touch${touches.length === 1 ? '' : 'es'} and all drafts. It cannot be undone.\n`);
          const answer = await term.ask(`Type the contact id to confirm: `);
          if (answer.trim() !== id) {
            process.stderr.write('Nothing erased.\n');
            process.exitCode = 1;
            return;
          }
        }
        const result = await eraseContact(deps, id, actorOf(opts.by));
        process.stdout.write(`erased ${id}: ${result.deleted} item${result.deleted === 1 ? '' : 's'} deleted\n`);
        if (result.tombstone?.reason === 'erased') process.stdout.write(`the address stays blocked for sending and import (tombstone ${result.tombstone.emailHash.slice(0, 12)}...)\n`);
        else if (result.tombstone) {
          process.stderr.write(`warning: the address was already suppressed for "${result.tombstone.reason}", which blocks sending but not a re-import\n`);
        } else process.stdout.write('the contact had no email address: no tombstone was needed\n');
        if (result.sameAddress.length) {
          process.stderr.write(`note: ${result.sameAddress.length} other contact(s) have the same address: ${result.sameAddress.join(', ')}. If they are the same person, erase them too.\n`);
        }
      } finally {
        await rt.close();
      }
    });
}
