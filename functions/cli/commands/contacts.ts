// `presence contacts list|show|snooze`: look at the ledger, and tell presence not to ask about a contact before a date.
import type { Command } from 'commander';
import { NotFound, ValidationError } from '../../core/errors';
import type { ShownSnooze } from '../../core/contacts/snooze';
import { clearSnooze, snoozeContact } from '../../core/contacts/snooze-contact';
import type { Contact } from '../../core/model';
import type { Ledger } from '../../core/ports';
import type { Runtime } from '../../local/runtime';
import { day, printJson, printTable, actorOf } from '../output';
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
          ['id', 'name', 'company', 'channel', 'rep', 'last touch', 'due', 'snoozed', 'opted out'],
          list.map((c) => [
            c.id,
            displayName(c),
            c.company,
            c.channel,
            c.repId,
            day(c.lastTouchAt) || 'never',
            day(c.nextDueAt),
            c.snoozed ? snoozeText(c.snoozed) : '',
            c.optOut ? optOutText(c.optOut) : '',
          ]),
          // name and company from a CRM can be long; the whole text is in `contacts show` and --json
          [undefined, NAME_WIDTH, NAME_WIDTH],
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
        printContact(view.contact, view.touches, view.daysSilent, view.optOut, view.snoozed);
      } finally {
        await rt.close();
      }
    });

  contacts
    .command('snooze')
    .description('pass the contact by until a date: no campaign drafts it before then (--clear lifts it)')
    .argument('<id>', 'contact id')
    .option('--until <date>', 'the day presence may ask again (YYYY-MM-DD, in the rep’s time zone), or an ISO time')
    .option('--reason <text>', 'why, shown with the snooze (default: manual)')
    .option('--campaign <id>', 'only this campaign passes the contact by')
    .option('--clear', 'lift the snooze')
    .option('--by <name>', 'who snoozes, kept with the snooze (default: your user name)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { until?: string; reason?: string; campaign?: string; clear?: boolean; by?: string; json?: boolean }) => {
      if (opts.clear && (opts.until !== undefined || opts.reason !== undefined || opts.campaign !== undefined)) {
        throw new ValidationError('--clear lifts the snooze: give it without --until, --reason or --campaign', [{ path: 'clear', message: 'cannot be combined' }]);
      }
      if (!opts.clear && opts.until === undefined) {
        throw new ValidationError('say until when: --until YYYY-MM-DD (or --clear to lift a snooze)', [{ path: 'until', message: 'is required' }]);
      }
      const rt = await open();
      try {
        const deps = { ledger: rt.ledger, clock: rt.clock };
        if (opts.clear) {
          const { contact, cleared } = await clearSnooze(deps, { contactId: id });
          if (opts.json) return printJson({ id: contact.id, cleared });
          process.stdout.write(cleared ? `${contact.id}: snooze lifted; due ${day(contact.nextDueAt)}\n` : `${contact.id} was not snoozed; nothing changed\n`);
          return;
        }
        const { contact } = await snoozeContact(deps, {
          contactId: id,
          until: opts.until,
          ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          ...(opts.campaign !== undefined ? { campaignId: opts.campaign } : {}),
          by: actorOf(opts.by),
        });
        const view = await describeContact(deps, contact.id);
        if (opts.json) return printJson(view?.snoozed ?? contact.snooze);
        process.stdout.write(`${contact.id}: ${view?.snoozed ? snoozeText(view.snoozed) : 'snoozed'}\n`);
      } finally {
        await rt.close();
      }
    });
}


/** The most a name or company takes in `contacts list`. */
const NAME_WIDTH = 30;

/** "until 2026-04-01 (rejected, crisis-update only)": when presence may ask again, and why not before. */
export function snoozeText(s: ShownSnooze): string {
  return `until ${s.untilLocal} (${[s.reason, s.campaignId ? `${s.campaignId} only` : ''].filter(Boolean).join(', ')})`;
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

/**
 * "2026-12-06 by call (1 day ago)"; an import brings the day of the last touch from the CRM without its channel
 * (functions/core/import/merge-contact.ts), which is said as such.
 */
function lastTouchText(c: Contact, daysSilent: number): string {
  const ago = `${daysSilent} day${daysSilent === 1 ? '' : 's'} ago`;
  return c.lastTouchChannel ? `${day(c.lastTouchAt)} by ${c.lastTouchChannel} (${ago})` : `${day(c.lastTouchAt)}, from the imported file (${ago})`;
}

function printContact(
  c: Contact,
  touches: Awaited<ReturnType<Ledger['listTouches']>>,
  daysSilent: number | undefined,
  optOut: OptOut | undefined,
  snoozed: ShownSnooze | undefined,
): void {
  const a = c.address;
  const lines = [
    `${displayName(c) || '(no name)'}${c.company ? `, ${c.company}` : ''}  [${c.id}]`,
    `  email     ${c.email || '-'}`,
    `  address   ${[a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') || '-'}`,
    ...(c.region ? [`  region    ${c.region}`] : []),
    ...(c.timeZone ? [`  time zone ${c.timeZone}`] : []),
    `  channel   ${c.channel}, every ${c.cadenceDays} days, ${c.formal ? 'formal (Sie)' : 'informal (Du)'}, ${c.locale}`,
    `  rep       ${c.repId}`,
    `  tags      ${c.tags.join(', ') || '-'}`,
    `  last      ${c.lastTouchAt ? lastTouchText(c, daysSilent ?? 0) : 'never touched'}`,
    `  next due  ${day(c.nextDueAt)}`,
    `  snoozed   ${snoozed ? `yes: ${snoozeText(snoozed)}${snoozed.by ? `, set ${day(snoozed.at)} by ${snoozed.by}` : `, set ${day(snoozed.at)}`}` : 'no'}`,
    `  opted out ${optOut ? `yes: ${optOutText(optOut)}` : 'no'}`,
    '',
    touches.length ? 'Timeline' : c.lastTouchAt ? 'Timeline: no touches recorded in presence yet (the last touch above came with the import)' : 'Timeline: no touches yet',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (touches.length) {
    printTable(
      ['when', 'channel', 'rep', 'source', 'campaign', 'note'],
      touches.map((t) => [t.at.slice(0, 16).replace('T', ' '), t.channel, t.repId, t.source, t.campaignId ?? '', t.note ?? '']),
    );
  }
}
