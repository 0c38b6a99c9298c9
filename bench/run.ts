// `npm run bench`: runs every benchmark in one go and writes docs/benchmarks.md. Each benchmark module exports
// `run()` returning a BenchResult; each result is a ratio against a baseline measured in the same run.
// `npm run bench -- letters drafting` runs only the named ones.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

export interface BenchResult {
  /** A heading, e.g. "Import (issue 2)". */
  title: string;
  /** The command that reproduces it. */
  command: string;
  /** Markdown body: a table of metrics, the baseline, the ratio and the goal. */
  markdown: string;
  /** false when a goal was missed (reported, not hidden). */
  goalsMet?: boolean;
}

const ALL = ['import', 'drafting', 'campaign-slot', 'sending', 'letters', 'letter-export-reads', 'cold-start', 'coverage', 'inbound', 'cli'];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : ALL;
  const fresh: Record<string, string> = {};
  for (const name of names) {
    const file = join(import.meta.dirname, `${name}.ts`);
    if (!existsSync(file)) {
      console.error(`bench ${name}: no bench/${name}.ts`);
      continue;
    }
    console.error(`bench ${name}: running ...`);
    const started = Date.now();
    const mod = (await import(pathToFileURL(file).href)) as { run: () => Promise<BenchResult> };
    const result = await mod.run();
    console.error(`bench ${name}: done in ${Math.round((Date.now() - started) / 1000)} s`);
    fresh[name] = [
      `## ${result.title}`,
      '',
      `Command: \`${result.command}\` — measured ${new Date().toISOString().slice(0, 10)}.`,
      '',
      result.markdown.trim(),
      '',
    ].join('\n');
  }
  const header = [
    '# Benchmarks',
    '',
    'Every figure is measured on this machine in one run together with its baseline, and reported as a ratio',
    'against that baseline, so that the numbers stay comparable across machines. `npm run bench` runs all of them',
    'and rewrites this file; `npm run bench -- NAME` runs one and keeps the other sections.',
    '',
    `Machine of the last run: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    '',
  ].join('\n');
  // read the file again only now: a bench run meanwhile in another shell keeps its section
  const sections = { ...loadSections(), ...fresh };
  const body = ALL.filter((n) => sections[n]).map((n) => `<!-- bench:${n} -->\n${sections[n]!.trim()}\n<!-- /bench:${n} -->\n`);
  writeFileSync('docs/benchmarks.md', header + '\n' + body.join('\n'));
  console.error('wrote docs/benchmarks.md');
}

/** Keeps the sections of benchmarks not run this time. */
function loadSections(): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync('docs/benchmarks.md')) return out;
  const text = readFileSync('docs/benchmarks.md', 'utf8');
  for (const m of text.matchAll(/<!-- bench:([a-z-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) out[m[1]!] = m[2]!;
  return out;
}

await main();
