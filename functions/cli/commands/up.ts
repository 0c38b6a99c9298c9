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
    .action(async (opts: { inMemory?: boolean; samples: boolean; scheduler: boolean; dynamodbPort: string; sesPort: string; sitePort: string }) => {
      const dataDir = resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
      await runLocalStack({
        dataDir,
        inMemory: opts.inMemory === true,
        samples: opts.samples,
        scheduler: opts.scheduler,
        dynamodbPort: port(opts.dynamodbPort, '--dynamodb-port'),
        sesPort: port(opts.sesPort, '--ses-port'),
        sitePort: port(opts.sitePort, '--site-port'),
      });
    });
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ValidationError(`${flag} must be a port number from 1 to 65535, not "${value}"`);
  return n;
}
