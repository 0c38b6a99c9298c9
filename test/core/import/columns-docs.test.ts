// docs/import.md shows the column tables to users: they must list exactly the aliases the code knows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTACT_VOCABULARY, REP_VOCABULARY, type Vocabulary } from '../../../functions/core/import/columns';

const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'import.md'), 'utf8');

function documented(section: string): Map<string, string[]> {
  const part = doc.slice(doc.indexOf(`## ${section}`));
  const rows = new Map<string, string[]>();
  for (const m of part.matchAll(/^\| `(\w+)` \| ([^|]*) \|/gm)) {
    if (!rows.has(m[1]!)) rows.set(m[1]!, m[2]!.split(',').map((a) => a.trim()).filter(Boolean));
  }
  return rows;
}

function check(section: string, vocabulary: Vocabulary<string>) {
  const rows = documented(section);
  expect([...rows.keys()].slice(0, vocabulary.fields.length)).toEqual([...vocabulary.fields]);
  for (const field of vocabulary.fields) expect(rows.get(field), field).toEqual(vocabulary.aliases[field]!.slice(1));
}

describe('docs/import.md', () => {
  it('lists every contact column with its aliases', () => check('Contacts', CONTACT_VOCABULARY));
  it('lists every rep column with its aliases', () => check('Reps', REP_VOCABULARY));
});
