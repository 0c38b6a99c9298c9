// Printing for the CLI: JSON for machines, aligned tables for people.
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/**
 * An aligned text table; widths follow the widest cell of each column (by code points). `maxWidths`: per column, the
 * most a cell may take; a longer one is cut and ends in "…", so one long company name does not push every row wide.
 */
export function formatTable(headers: string[], rows: Array<Array<string | number>>, maxWidths: ReadonlyArray<number | undefined> = []): string {
  const cut = (c: string, i: number) => {
    const max = maxWidths[i];
    const chars = [...c];
    return max !== undefined && chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : c;
  };
  const cells = [headers, ...rows.map((r) => r.map((c, i) => cut(String(c), i)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd();
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n') + '\n';
}

export function printTable(headers: string[], rows: Array<Array<string | number>>, maxWidths?: ReadonlyArray<number | undefined>): void {
  process.stdout.write(formatTable(headers, rows, maxWidths));
}

/** A date for people: 2026-11-27 (UTC day); empty when absent. */
export function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/**
 * A command's output to `out` or, without it, to standard output. A file is readable by its owner only: what the
 * commands write (a person's data, the silent list) names customers.
 */
export async function writeOutput(text: string, out: string | undefined): Promise<void> {
  if (out) {
    await writeFile(out, text, { mode: 0o600 });
    process.stderr.write(`wrote ${out}\n`);
  } else process.stdout.write(text);
}

/** Who acted, for the audit log and the records a command keeps: --by, else the operating-system user of the CLI. */
export function actorOf(by: string | undefined): string {
  if (by) return `cli:${by}`;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
