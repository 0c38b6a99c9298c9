// The top-level commands of `presence`, and which module registers each. A command loads only its own module (and
// what that imports), through a dynamic import(), which esbuild turns into a chunk of its own: `presence --help`
// loads none of them and lists the commands from this table, `presence contacts list` loads the contacts commands,
// never pdfkit, the mail parser or the local stack. test/cli/command-index.test.ts holds the table to the modules:
// the help it lists is the help of every module registered.
import { Help, type Command } from 'commander';
import type { Runtime } from '../local/runtime';

type Open = () => Promise<Runtime>;
type Register = (program: Command, open: Open) => void;

/** A top-level command as `presence --help` lists it. */
export interface CommandEntry {
  name: string;
  /** What commander prints for it: name, ` [options]` when it has options, its arguments. */
  term: string;
  description: string;
}

export interface CommandGroup {
  /** The top-level commands the group's module registers, in the order it registers them. */
  commands: readonly CommandEntry[];
  load(): Promise<Register>;
}

const entry = (term: string, description: string): CommandEntry => ({ name: term.split(' ')[0]!, term, description });

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    commands: [entry('up [options]', 'start the local stack: DynamoDB Local, SES v2 local with its mail viewer, the approval site and the scheduler')],
    load: async () => {
      const { registerUp } = await import('./commands/up');
      return (program) => registerUp(program);
    },
  },
  {
    commands: [entry('import', 'import reps or contacts from a CSV file (columns: docs/import.md)')],
    load: async () => (await import('./commands/import')).registerImport,
  },
  {
    // together: each points to the other when asked for a subcommand only the other has
    commands: [
      entry('contacts', 'look at the contacts in the ledger'),
      entry('contact', "one person's data: export it (GDPR access) or erase it (GDPR erasure)"),
    ],
    load: async () => {
      const [{ registerContacts }, { registerContact }, { suggestSiblingGroups }] = await Promise.all([
        import('./commands/contacts'),
        import('./commands/contact'),
        import('./sibling-groups'),
      ]);
      return (program, open) => {
        registerContacts(program, open);
        registerContact(program, open);
        suggestSiblingGroups(program, ['contact', 'contacts']);
      };
    },
  },
  {
    commands: [entry('campaign', 'plan campaign runs, see where a run stands, preview drafts')],
    load: async () => (await import('./commands/campaign')).registerCampaign,
  },
  {
    commands: [entry('drafts', 'look at campaign drafts')],
    load: async () => {
      const { registerDrafts } = await import('./commands/drafts');
      return (program, open) => void registerDrafts(program, open);
    },
  },
  {
    commands: [entry('notify [options] <run-id>', "mail each rep the digest of a run's drafts (one per rep per run; --force sends again)")],
    load: async () => (await import('./commands/drafts-approval')).registerNotify,
  },
  {
    commands: [entry('report', 'reports on the ledger')],
    load: async () => (await import('./commands/report')).registerReport,
  },
  {
    commands: [entry('letters', 'print letters: merge file and DIN 5008 PDF for window envelopes')],
    load: async () => (await import('./commands/letters')).registerLetters,
  },
  {
    commands: [
      entry('send [options]', 'send approved email drafts now, as their reps, at or under the send rate'),
      entry('pause [options]', 'stop all planning and sending at once (drafts wait, approved ones stay queued)'),
      entry('resume [options]', 'restart planning and sending'),
      entry('touch [options] <contact>', 'record a touch made by hand (a visit, a call, a letter, a mail from the rep’s own mailbox)'),
      entry('sweep [options]', 'flag drafts stuck in sending as possibly_sent, for a person to check (never resends)'),
      entry('suppress [options] <email>', 'never mail this address again (kept as a hash)'),
      entry('resolve [options] <draft>', 'settle a possibly_sent draft after checking: --sent records the touch, --not-sent queues it again'),
    ],
    load: async () => (await import('./commands/sending')).registerSending,
  },
  {
    commands: [entry('mail', 'inbound mail: replies, automatic answers and the reps’ BCC (docs/inbound.md)')],
    load: async () => (await import('./commands/mail')).registerMail,
  },
  {
    commands: [entry('reps', 'look at the reps in the ledger')],
    load: async () => (await import('./commands/reps')).registerReps,
  },
];

/**
 * The top-level command `args` (the arguments after the program) name, skipping the program's own options and their
 * values; for `help NAME`, the NAME. undefined when there is none (`presence`, `presence --help`).
 */
export function commandNameOf(program: Command, args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (arg.startsWith('-')) {
      const option = program.options.find((o) => o.long === arg || o.short === arg);
      if (option?.required) i++; // its value follows (`--data-dir x`; `--data-dir=x` is one argument)
      continue;
    }
    if (arg === 'help') return args[i + 1]; // commander's own help command
    return arg;
  }
  return undefined;
}

/**
 * Registers the group of the command named (`which`: a name, or 'all') with its real options and actions, and every
 * other top-level command as a placeholder with its name and description only: enough for the program's help, for
 * commander's "did you mean" and for the help's column widths, at the cost of no import.
 */
export async function registerCommands(program: Command, open: Open, which: string | 'all' | undefined): Promise<void> {
  const chosen = which === 'all' ? COMMAND_GROUPS : COMMAND_GROUPS.filter((g) => g.commands.some((c) => c.name === which));
  const registers = new Map(await Promise.all(chosen.map(async (g) => [g, await g.load()] as const)));
  const placeholders = new Map<Command, string>();
  for (const group of COMMAND_GROUPS) {
    const register = registers.get(group);
    if (register) register(program, open);
    else for (const c of group.commands) placeholders.set(program.command(c.name).description(c.description), c.term);
  }
  if (placeholders.size) {
    const help = new Help();
    program.configureHelp({ subcommandTerm: (cmd) => placeholders.get(cmd) ?? help.subcommandTerm(cmd) });
  }
}
