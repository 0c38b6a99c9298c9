// `presence reps show ID`: one rep as presence knows them, with the rep's logging address for their own mails.
import type { Command } from 'commander';
import { NotFound } from '../../core/errors';
import { logAddressOf } from '../../core/inbound/inbound-addresses';
import type { Runtime } from '../../local/runtime';
import { printJson } from '../output';

export function registerReps(program: Command, open: () => Promise<Runtime>): void {
  const reps = program.command('reps').description('look at the reps in the ledger');

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
