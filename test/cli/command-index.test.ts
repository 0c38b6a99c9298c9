import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, commandNameOf, registerCommands } from '../../functions/cli/command-index';
import type { Runtime } from '../../functions/local/runtime';

const open = async (): Promise<Runtime> => {
  throw new Error('no runtime in this test');
};

function newProgram(): Command {
  return new Command().name('presence').option('--data-dir <dir>', 'data directory').exitOverride();
}

describe('the command index', () => {
  it('lists in `presence --help` from the table exactly what the modules register', async () => {
    const lazy = newProgram();
    await registerCommands(lazy, open, undefined);
    const full = newProgram();
    await registerCommands(full, open, 'all');
    expect(full.commands.length).toBeGreaterThan(15);
    expect(lazy.helpInformation()).toBe(full.helpInformation());
  });

  it.each(COMMAND_GROUPS.map((g) => [g.commands.map((c) => c.name).join(', '), g] as const))(
    'the module of %s registers the commands the table lists, with their terms and descriptions',
    async (_, group) => {
      const program = newProgram();
      (await group.load())(program, open);
      const help = new Help();
      expect(program.commands.map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: c.description() }))).toEqual(
        group.commands.map((c) => ({ name: c.name, term: c.term, description: c.description })),
      );
    },
  );

  it('registers the named command for real and the others as placeholders without subcommands', async () => {
    const program = newProgram();
    await registerCommands(program, open, 'contacts');
    const byName = (n: string) => program.commands.find((c) => c.name() === n)!;
    expect(byName('contacts').commands.map((c) => c.name())).toContain('list');
    expect(byName('contact').commands.map((c) => c.name())).toContain('erase'); // its sibling, for "did you mean"
    expect(byName('drafts').commands).toEqual([]);
  });

  it('finds the command name past the program options and in `help NAME`', () => {
    const program = newProgram();
    expect(commandNameOf(program, ['--data-dir', 'contacts', 'drafts', 'list'])).toBe('drafts');
    expect(commandNameOf(program, ['--data-dir=x', 'up', '--in-memory'])).toBe('up');
    expect(commandNameOf(program, ['help', 'letters'])).toBe('letters');
    expect(commandNameOf(program, ['--help'])).toBeUndefined();
    expect(commandNameOf(program, [])).toBeUndefined();
  });
});
