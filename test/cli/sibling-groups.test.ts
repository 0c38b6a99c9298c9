import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { suggestSiblingGroups } from '../../functions/cli/sibling-groups';

function program(errors: string[]): Command {
  const p = new Command().name('presence').exitOverride();
  const contact = p.command('contact').exitOverride();
  contact.command('export').action(() => undefined);
  const contacts = p.command('contacts').exitOverride();
  contacts.command('list').action(() => undefined);
  suggestSiblingGroups(p, ['contact', 'contacts']);
  for (const c of [contact, contacts]) c.configureOutput({ writeErr: (s) => errors.push(s) });
  return p;
}

async function errorOf(args: string[]): Promise<string> {
  const errors: string[] = [];
  await expect(program(errors).parseAsync(args, { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
  return errors.join('');
}

describe('suggestSiblingGroups', () => {
  it('points `contact list` to `contacts list` and `contacts export` to `contact export`', async () => {
    expect(await errorOf(['contact', 'list'])).toContain('(did you mean: presence contacts list?)');
    expect(await errorOf(['contacts', 'export'])).toContain('(did you mean: presence contact export?)');
  });

  it('adds nothing for a subcommand neither group has', async () => {
    const text = await errorOf(['contact', 'frobnicate']);
    expect(text).toContain("unknown command 'frobnicate'");
    expect(text).not.toContain('did you mean: presence');
  });
});
