// `presence contacts list|show`: look at the ledger.
import type { Command } from 'commander';
import { NotFound } from '../../core/errors';
import type { Contact } from '../../core/model';
import type { Ledger } from '../../core/ports';
import type { Runtime } from '../../local/runtime';
import { day, printJson, printTable } from '../output';
import { describeContact, listContacts, type OptOut } from '../../core/contacts/list-contacts';

export function registerContacts(program: Command, open: () => Promise<Runtime>): void {
  const contacts = program.command('contacts').description('look at the contacts in the ledger');

  contacts
    .command('list')
    .description('list contacts, ordered by when they are due')
    .option('--rep <id>', 'only the contacts of this rep')
    .option('--due', 'only contacts that are due now (silent longer than their cadence)')
    .option('--json', 'print JSON')
    .action(async (opts: { rep?: string; due?: boolean; json?: boolean }) => {
      const rt = await open();
      try {
        const list = await listContacts({ ledger: rt.ledger, clock: rt.clock }, { repId: opts.rep, dueOnly: opts.due === true });
        if (opts.json) return printJson(list);
        printTable(
          ['id', 'name', 'company', 'channel', 'rep', 'last touch', 'due', 'opted out'],
          list.map((c) => [c.id, displayName(c), c.company, c.channel, c.repId, day(c.lastTouchAt) || 'never', day(c.nextDueAt), c.optOut ? optOutText(c.optOut) : '']),
        );
        process.stdout.write(`${list.length} contact${list.length === 1 ? '' : 's'}\n`);
      } finally {
        await rt.close();
      }
    });

  contacts
    .command('show')
    .description('one contact with its touch timeline')
    .argument('<id>', 'contact id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const rt = await open();
      try {
        const view = await describeContact({ ledger: rt.ledger, clock: rt.clock }, id);
        if (!view) throw new NotFound(`There is no contact "${id}". \`presence contacts list\` shows the ids.`);
        if (opts.json) return printJson(view);
        printContact(view.contact, view.touches, view.daysSilent, view.optOut);
      } finally {
        await rt.close();
      }
    });
}

function displayName(c: Contact): string {
  return [c.title, c.firstName, c.lastName].filter(Boolean).join(' ');
}

const OPT_OUT_SOURCES: Record<OptOut['by'], string> = {
  contact: 'opted out (CRM file)',
  unsubscribe: 'unsubscribed (link)',
  bounce: 'address bounced',
  complaint: 'complained (spam)',
  manual: 'suppressed by hand',
  erased: 'erased (GDPR)',
};

/** "unsubscribed (link) 2026-12-01": why presence does not write, and since when. */
export function optOutText(o: OptOut): string {
  return o.at ? `${OPT_OUT_SOURCES[o.by]} ${day(o.at)}` : OPT_OUT_SOURCES[o.by];
}

function printContact(c: Contact, touches: Awaited<ReturnType<Ledger['listTouches']>>, daysSilent: number | undefined, optOut: OptOut | undefined): void {
  const a = c.address;
  const lines = [
    `${displayName(c) || '(no name)'}${c.company ? `, ${c.company}` : ''}  [${c.id}]`,
    `  email     ${c.email || '-'}`,
    `  address   ${[a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') || '-'}`,
    `  channel   ${c.channel}, every ${c.cadenceDays} days, ${c.formal ? 'formal (Sie)' : 'informal (Du)'}, ${c.locale}`,
    `  rep       ${c.repId}`,
    `  tags      ${c.tags.join(', ') || '-'}`,
    `  last      ${c.lastTouchAt ? `${day(c.lastTouchAt)} by ${c.lastTouchChannel} (${daysSilent} days ago)` : 'never touched'}`,
    `  next due  ${day(c.nextDueAt)}`,
    `  opted out ${optOut ? `yes: ${optOutText(optOut)}` : 'no'}`,
    '',
    touches.length ? 'Timeline' : 'Timeline: no touches yet',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (touches.length) {
    printTable(
      ['when', 'channel', 'rep', 'source', 'campaign', 'note'],
      touches.map((t) => [t.at.slice(0, 16).replace('T', ' '), t.channel, t.repId, t.source, t.campaignId ?? '', t.note ?? '']),
    );
  }
}
