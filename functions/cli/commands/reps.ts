// `presence reps show ID`: one rep as presence knows them, with the rep's logging address for their own mails.
// `presence reps away ID --from DATE --until DATE [--deputy REP] [--hold]`: the rep's absence (docs/calendar.md).
import type { Command } from 'commander';
import { NotFound, ValidationError } from '../../core/errors';
import type { Rep } from '../../core/model';
import { clearRepAway, setRepAway } from '../../core/reps/set-rep-away';
import { logAddressOf } from '../../core/inbound/inbound-addresses';
import type { Runtime } from '../../local/runtime';
import { actorOf, printJson } from '../output';

export function registerReps(program: Command, open: () => Promise<Runtime>): void {
  const reps = program.command('reps').description('look at the reps in the ledger');

  reps
    .command('away')
    .description('the rep is away: a deputy gets their drafts and sends as themself, or (--hold) their customers wait')
    .argument('<id>', 'rep id')
    .option('--from <date>', 'first day away (YYYY-MM-DD, in the rep’s time zone)')
    .option('--until <date>', 'last day away (YYYY-MM-DD); the rep is back the day after')
    .option('--deputy <rep>', 'who stands in: gets the digest for the rep’s customers and sends as themself')
    .option('--hold', 'no stand-in: the rep’s customers are not drafted until the rep is back (the default without --deputy)')
    .option('--clear', 'the rep is back: end the absence')
    .option('--by <name>', 'who set it, kept with the absence (default: your user name)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { from?: string; until?: string; deputy?: string; hold?: boolean; clear?: boolean; by?: string; json?: boolean }) => {
      if (opts.clear && (opts.from !== undefined || opts.until !== undefined || opts.deputy !== undefined || opts.hold)) {
        throw new ValidationError('--clear ends the absence: give it without --from, --until, --deputy or --hold', [{ path: 'clear', message: 'cannot be combined' }]);
      }
      const rt = await open();
      try {
        const deps = { ledger: rt.ledger, clock: rt.clock };
        const rep = opts.clear
          ? await clearRepAway(deps, id)
          : await setRepAway(deps, { repId: id, from: opts.from, until: opts.until, deputy: opts.deputy, hold: opts.hold === true, by: actorOf(opts.by) });
        if (opts.json) return printJson(rep.away ?? null);
        process.stdout.write(rep.away ? `${rep.id}: away ${awayText(rep)}\n` : `${rep.id}: not away\n`);
      } finally {
        await rt.close();
      }
    });

  reps
    .command('show')
    .description('one rep, with the logging address to put in BCC of their own mails to customers')
    .argument('<id>', 'rep id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const rt = await open();
      try {
        const rep = await rt.ledger.getRep(id);
        if (!rep) throw new NotFound(`There is no rep "${id}". The reps come from \`presence import reps FILE.csv\`.`);
        const domain = rt.config.receivingDomain;
        const logAddress = domain ? logAddressOf(await rt.secrets.signingKey(), domain, rep.id) : undefined;
        if (opts.json) return printJson({ ...rep, logAddress });
        const lines = [
          `${rep.name} (${rep.id})`,
          `  mail       ${rep.email}`,
          ...(rep.title ? [`  title      ${rep.title}`] : []),
          ...(rep.phone ? [`  phone      ${rep.phone}`] : []),
          `  locale     ${rep.locale}, ${rep.timeZone}`,
          ...(rep.region ? [`  region     ${rep.region}`] : []),
          ...(rep.away ? [`  away       ${awayText(rep)}`] : []),
          logAddress
            ? `  BCC        ${logAddress}   (own mails to customers with this in BCC count as touches)`
            : '  BCC        none: presence receives no mail here (no receiving domain)',
        ];
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await rt.close();
      }
    });
}

function awayText(rep: Rep): string {
  const away = rep.away!;
  const who = away.hold || !away.deputy ? 'customers held until the rep is back' : `${away.deputy} stands in`;
  return `${away.from} to ${away.until}: ${who}`;
}
