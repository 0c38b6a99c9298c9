// The `presence` command. Every command calls the same use cases the Lambda handlers call, on the local stack.
import { Command, CommanderError } from 'commander';
import { PresenceError, ValidationError } from '../core/errors';
import { resolveDataDir } from '../local/stack-file';
import type { Runtime } from '../local/runtime';
import { commandNameOf, registerCommands } from './command-index';

// The AWS SDK notes on every client it builds that its releases from 2027 need Node.js 22; the CLI supports Node.js 20
// locally (the Lambda functions run Node.js 24), so the note is noise on every command. The SDK's own switch turns it
// off; set before any client is built (clients are built when a command opens the runtime, never at import).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command()
  .name('presence')
  .description('Keep every customer hearing from their rep: contact ledger, campaign drafts, rep approval, sending, letters.')
  .option('--data-dir <dir>', 'data directory of the local stack (default .presence, or PRESENCE_DATA_DIR)')
  .showHelpAfterError()
  .exitOverride();

// The local runtime (the AWS SDK clients) and each command's module are loaded only when a command needs them, so
// `presence --help` starts in a few tens of milliseconds (functions/cli/command-index.ts).
const open = async (): Promise<Runtime> =>
  (await import('../local/local-runtime')).openLocalRuntime(resolveDataDir(program.opts<{ dataDir?: string }>().dataDir));

try {
  await registerCommands(program, open, commandNameOf(program, process.argv.slice(2)));
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

/** One clear line for problems a person can fix; a stack trace only for real bugs. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof ValidationError) {
    process.stderr.write(`presence: ${error.message}\n`);
    for (const issue of error.issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    return 2;
  }
  if (error instanceof PresenceError) {
    process.stderr.write(`presence: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`presence: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}
