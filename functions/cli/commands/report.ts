// `presence report coverage|dashboard-link`: who has heard from us within their cadence, and a link for managers.
import { writeOutput } from '../output';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { coverage } from '../../core/coverage/coverage';
import { CSV_SECTIONS, renderCoverageCsv, type CsvSection } from '../../core/coverage/formats/csv';
import { renderCoverageJson } from '../../core/coverage/formats/json';
import { renderCoverageTable } from '../../core/coverage/formats/table';
import { DEFAULT_WEEKS } from '../../core/coverage/view-dashboard';
import { recountCoverage, type RecountResult } from '../../core/coverage/recount';
import { issueManagerLink, MAX_MANAGER_LINK_HOURS } from '../../core/coverage/manager-link';
import type { Runtime } from '../../local/runtime';
import { renderCoverageHtml } from '../../web/coverage/report-page';

export const REPORT_FORMATS = ['table', 'csv', 'json', 'html'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Silent contacts shown when --limit is not given: a screenful for people, everything for machines. */
const DEFAULT_LIMIT: Record<ReportFormat, number | undefined> = { table: 50, html: 500, csv: undefined, json: undefined };

export function registerReport(program: Command, open: () => Promise<Runtime>): void {
  const report = program.command('report').description('reports on the ledger');

  report
    .command('coverage')
    .description('per rep: contacts touched within their cadence, the silent ones longest first, touches per week and channel')
    .option('--rep <id>', 'only this rep')
    .option('--weeks <n>', 'ISO weeks of touches, ending with this week (1-104)', wholeNumber('--weeks'), DEFAULT_WEEKS)
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .addOption(new Option('--section <section>', 'csv: only this table (one plain CSV file)').choices(CSV_SECTIONS))
    .option('--limit <n>', 'at most this many silent contacts (default 50 for table, 500 for html, all for csv and json)', wholeNumber('--limit'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--recount', 'count the coverage aggregate again from the contacts, say whether it agreed, and write the recount in its place')
    .action(async (opts: { rep?: string; weeks: number; format: ReportFormat; section?: CsvSection; limit?: number; out?: string; recount?: boolean }) => {
      const rt = await open();
      try {
        if (opts.recount) {
          const result = await recountCoverage({ ledger: rt.ledger, clock: rt.clock }, { write: true });
          process.stdout.write(describeRecount(result));
          return;
        }
        const silentLimit = opts.limit ?? DEFAULT_LIMIT[opts.format];
        const result = await coverage(
          { ledger: rt.ledger, clock: rt.clock },
          { weeks: opts.weeks, ...(opts.rep ? { repId: opts.rep } : {}), ...(silentLimit !== undefined ? { silentLimit } : {}) },
        );
        const text =
          opts.format === 'csv'
            ? renderCoverageCsv(result, opts.section)
            : opts.format === 'json'
              ? renderCoverageJson(result)
              : opts.format === 'html'
                ? renderCoverageHtml(result)
                : renderCoverageTable(result);
        await writeOutput(text, opts.out);
      } finally {
        await rt.close();
      }
    });

  report
    .command('dashboard-link')
    .description('a link to the coverage dashboard on the approval site, for a manager (shows all reps unless --rep)')
    .option('--ttl-hours <n>', `how long the link works (1-${MAX_MANAGER_LINK_HOURS})`, wholeNumber('--ttl-hours'), 168)
    .option('--rep <id>', 'the link shows only this rep')
    .action(async (opts: { ttlHours: number; rep?: string }) => {
      const rt = await open();
      try {
        const link = await issueManagerLink({ ledger: rt.ledger, clock: rt.clock, config: rt.config }, { ttlHours: opts.ttlHours, ...(opts.rep ? { repId: opts.rep } : {}) });
        process.stdout.write(`${link.url}\n`);
        process.stderr.write(`valid until ${link.expiresAt.slice(0, 16).replace('T', ' ')} UTC for ${link.scope === '*' ? 'all reps' : `rep ${link.scope}`}; anyone with the link sees the dashboard\n`);
      } finally {
        await rt.close();
      }
    });
}

/** What a recount found, for people: agreement, or per rep the figures kept and counted (ids only, no names). */
export function describeRecount(r: RecountResult): string {
  const lines = [`recounted ${r.contacts} contacts of ${r.reps} reps: ${r.agreed ? 'the aggregate agreed exactly' : 'the aggregate did NOT agree'}`];
  for (const d of r.differences) {
    const f = (x: typeof d.incremental) => `contacts ${x.contacts}, covered ${x.covered}, silent ${x.silent}, snoozed ${x.snoozed}, opted out ${x.optedOut}`;
    lines.push(`  rep ${d.repId}: kept ${f(d.incremental)}; counted ${f(d.recounted)}`);
  }
  if (r.weekDifferences) lines.push(`  ${r.weekDifferences} weekly touch counts (rep, week, channel) differed from the shared counters`);
  if (r.written) lines.push(r.agreed ? 'rewritten from the recount (compacted)' : 'the recount now stands in its place');
  return `${lines.join('\n')}\n`;
}

export function wholeNumber(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} takes a whole number, not "${value}"`);
    return Number(value);
  };
}
