// Reads a campaign file. Every problem names the file and the path of the bad field, e.g.
// `campaigns/crisis-update.yaml: audience.channels[1]: unknown channel "fax"; use email, letter, visit or call`,
// so whoever edits the YAML can fix it without reading code.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ValidationError } from '../errors';
import { campaignSchema, type Campaign } from './campaign-schema';

/** `audience.channels[1]`; the empty path is the file's top level. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...issue.path, key]), message: 'unknown field; remove it or check the spelling' });
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push({ path: formatPath(issue.path), message: 'is required' });
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}

function failure(file: string, issues: Array<{ path: string; message: string }>): ValidationError {
  const lines = issues.map((i) => `${file}: ${i.path ? `${i.path}: ` : ''}${i.message}`);
  return new ValidationError(lines.join('\n'), issues);
}

/**
 * Parses and validates a campaign file. `file` is how the file is named in messages (campaigns/<id>.yaml); when
 * it has that form, the id inside must match the file name, because schedules and run ids address campaigns by it.
 */
export function parseCampaign(source: string, file: string): Campaign {
  const lines = new LineCounter();
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    throw failure(
      file,
      doc.errors.map((e) => ({ path: '', message: `line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}` })),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 50 });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw failure(file, [{ path: '', message: 'expected a mapping with id, name, audience, templates, schedule, drafts' }]);
  }
  const parsed = campaignSchema.safeParse(raw);
  if (!parsed.success) throw failure(file, issuesOf(parsed.error));
  const expectedId = /(?:^|\/)([^/]+)\.ya?ml$/.exec(file)?.[1];
  if (expectedId !== undefined && expectedId !== parsed.data.id) {
    throw failure(file, [{ path: 'id', message: `"${parsed.data.id}" does not match the file name; use "${expectedId}" or rename the file` }]);
  }
  return parsed.data;
}
