// Turns the header row of an import file into a plan: which column feeds which field, which columns are
// kept as free custom fields. Problems that would spoil every row (no header at all, two columns for one
// field, no column naming the rep) stop the import before anything is written.
import { ValidationError } from '../errors';
import { foldKey } from './fold-key';
import type { Vocabulary } from './columns';

export type ColumnTarget<F extends string> = { kind: 'field'; field: F } | { kind: 'custom'; name: string };

export interface ResolvedHeader<F extends string> {
  header: readonly string[];
  columns: ReadonlyArray<ColumnTarget<F>>;
  /** field -> column index, for the fields the file has */
  index: ReadonlyMap<F, number>;
  has(field: F): boolean;
  /** The column name as written in the file, for messages; the canonical name when the file lacks it. */
  label(field: F): string;
}

export function resolveHeader<F extends string>(header: readonly string[], vocabulary: Vocabulary<F>, headerLine = 1): ResolvedHeader<F> {
  const columns: Array<ColumnTarget<F>> = [];
  const index = new Map<F, number>();
  const customNames = new Map<string, number>();
  const issues: Array<{ path: string; message: string }> = [];

  header.forEach((raw, i) => {
    const name = raw.trim();
    if (!name) {
      // spreadsheets often end rows with an empty column; its cells are kept under a made-up name if filled
      columns.push({ kind: 'custom', name: `column ${i + 1}` });
      return;
    }
    const field = vocabulary.lookup.get(foldKey(name));
    if (field) {
      const before = index.get(field);
      if (before !== undefined) {
        issues.push({
          path: name,
          message: `columns "${header[before]!.trim()}" and "${name}" both mean ${field}: remove or rename one of them`,
        });
      } else index.set(field, i);
      columns.push({ kind: 'field', field });
      return;
    }
    const before = customNames.get(name);
    if (before !== undefined) {
      issues.push({ path: name, message: `the column "${name}" appears twice (columns ${before + 1} and ${i + 1}): rename one of them` });
    } else customNames.set(name, i);
    columns.push({ kind: 'custom', name });
  });

  const known = (...fields: F[]) => fields.some((f) => index.has(f));
  const names = (field: F) => vocabulary.aliases[field].slice(0, 3).join(' / ');
  if (index.size === 0) {
    throw new ValidationError(
      `line ${headerLine}: the first row is not a header row: none of its columns is known. ` +
        `The first row must name the columns, for example ${vocabulary.kind === 'contacts' ? 'Vorname;Nachname;Firma;E-Mail;Betreuer' : 'id,name,email'} (see docs/import.md).`,
    );
  }
  if (vocabulary.kind === 'contacts') {
    const f = (name: string) => name as F;
    if (!known(f('repId'))) issues.push({ path: 'repId', message: `no column names the rep: add a column ${names(f('repId'))} with a rep id or rep email` });
    if (!known(f('id'), f('email'))) {
      issues.push({ path: 'id', message: `there is neither an id nor an email column, so contacts cannot be matched: add ${names(f('id'))} or ${names(f('email'))}` });
    }
    if (!known(f('firstName'), f('lastName'), f('company'))) {
      issues.push({ path: 'lastName', message: `no column holds a name or company: add ${names(f('lastName'))} or ${names(f('company'))}` });
    }
  } else {
    for (const required of ['id', 'name', 'email'] as F[]) {
      if (!known(required)) issues.push({ path: required, message: `the column ${names(required)} is missing` });
    }
  }
  if (issues.length) {
    // one line that says everything: the CLI prints the message as it is
    throw new ValidationError(`line ${headerLine}: ${issues.map((i) => i.message).join('; ')}`);
  }

  return {
    header,
    columns,
    index,
    has: (field) => index.has(field),
    label: (field) => {
      const i = index.get(field);
      return i === undefined ? field : header[i]!.trim();
    },
  };
}
