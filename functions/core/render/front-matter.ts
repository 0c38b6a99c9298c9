// A template may start with YAML front matter declaring the contact fields it cannot do without:
//
//   ---
//   required: [firstName]
//   ---
//   {{> greeting}}
//
// The renderer checks them before rendering; a contact lacking one gets a needs_fix draft naming it.
import { parse } from 'yaml';
import { ValidationError } from '../errors';
import { requiredFieldProblem } from '../campaigns/required-fields';

export interface FrontMatter {
  required: string[];
  description?: string;
}

/** How a template is split into its front matter and body (splitFrontMatter, or a look-up of its result). */
export type FrontMatterReader = (source: string, file: string) => { frontMatter: FrontMatter; body: string };

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function splitFrontMatter(source: string, file: string): { frontMatter: FrontMatter; body: string } {
  const m = FENCE.exec(source);
  if (!m) return { frontMatter: { required: [] }, body: source };
  const fail = (message: string) => new ValidationError(`${file}: front matter: ${message}`, [{ path: `${file} front matter`, message }]);
  let raw: unknown;
  try {
    raw = parse(m[1]!) ?? {};
  } catch (e) {
    throw fail((e instanceof Error ? e.message : String(e)).split('\n')[0]!);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail('expected a mapping such as required: [firstName]');
  const out: FrontMatter = { required: [] };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'required') {
      if (!Array.isArray(value)) throw fail('required: expected a list such as [firstName, lastName]');
      value.forEach((field, i) => {
        const problem = typeof field === 'string' ? requiredFieldProblem(field) : 'expected a field name';
        if (problem) throw fail(`required[${i}]: ${problem}`);
        out.required.push(field as string);
      });
    } else if (key === 'description') {
      out.description = String(value);
    } else {
      throw fail(`${key}: unknown field; use required or description`);
    }
  }
  return { frontMatter: out, body: source.slice(m[0].length) };
}
