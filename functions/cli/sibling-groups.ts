// `presence contact` (one person: export, erase) and `presence contacts` (the ledger: list, show, ...) are easy to mix
// up. A subcommand asked of the wrong one gets commander's "unknown command" and, here, the command that has it.
import type { Command } from 'commander';

/** Makes each of the named top-level commands point to its siblings when asked for a subcommand only they have. */
export function suggestSiblingGroups(program: Command, names: readonly string[]): void {
  const groups = names.map((name) => program.commands.find((c) => c.name() === name)).filter((c): c is Command => c !== undefined);
  for (const group of groups) {
    group.configureOutput({
      outputError: (text, write) => {
        const asked = /unknown command '([^']+)'/.exec(text)?.[1];
        const sibling = asked && groups.find((g) => g !== group && g.commands.some((c) => c.name() === asked || c.aliases().includes(asked)));
        write(sibling ? `${text.trimEnd()}\n(did you mean: presence ${sibling.name()} ${asked}?)\n` : text);
      },
    });
  }
}
