// `presence up` (and `npm start`): start the local stack and keep it running until Ctrl-C.
import type { Command } from 'commander';
import { ValidationError } from '../../core/errors';
import { resolveDataDir } from '../../local/stack-file';
import { runLocalStack } from '../../local/run-local-stack';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start the local stack: DynamoDB Local, SES v2 local with its mail viewer, the approval site and the scheduler')
    .option('--in-memory', 'keep nothing: DynamoDB Local runs in memory')
    .option('--no-samples', 'start with an empty ledger instead of the sample reps and contacts')
    .option('--no-scheduler', 'do not fire campaign schedules (run them by hand with `presence campaign run`)')
    .option('--dynamodb-port <port>', 'port of DynamoDB Local', '8000')
    .option('--ses-port <port>', 'port of SES v2 local and its mail viewer', '8005')
    .option('--site-port <port>', 'port of the approval site, unsubscribe page and dashboard', '8787')
    .option('--smtp-port <port>', 'port of the SMTP receiver for replies and the reps’ BCC (0: off)', '2525')
    .option('--receiving-domain <domain>', 'the domain of the reply and logging addresses', LOCAL_RECEIVING_DOMAIN)
    .action(async (opts: { inMemory?: boolean; samples: boolean; scheduler: boolean; dynamodbPort: string; sesPort: string; sitePort: string; smtpPort: string; receivingDomain: string }) => {
      const dataDir = resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
      await runLocalStack({
        dataDir,
        inMemory: opts.inMemory === true,
        samples: opts.samples,
        scheduler: opts.scheduler,
        dynamodbPort: port(opts.dynamodbPort, '--dynamodb-port'),
        sesPort: port(opts.sesPort, '--ses-port'),
        sitePort: port(opts.sitePort, '--site-port'),
        smtpPort: opts.smtpPort === '0' ? 0 : port(opts.smtpPort, '--smtp-port'),
        receivingDomain: domainOf(opts.receivingDomain),
      });
    });
}

/** `.localhost` never leaves the machine (RFC 6761), so no reply address of the local stack can reach a real domain. */
export const LOCAL_RECEIVING_DOMAIN = 'inbound.localhost';

function domainOf(value: string): string {
  const d = value.trim().toLowerCase();
  if (!/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(d)) {
    throw new ValidationError(`--receiving-domain must be a domain name such as in.example.com, not "${value}"`);
  }
  return d;
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ValidationError(`${flag} must be a port number from 1 to 65535, not "${value}"`);
  return n;
}
