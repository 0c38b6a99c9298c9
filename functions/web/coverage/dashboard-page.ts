// The coverage dashboard: coverage per rep as bars, touches per week as lines, the silent list and the tables.
// One self-contained page: the chart script (Chart.js bundled, see web/dashboard/build.ts; the composition root
// reads it from its file and passes it in) and the data are inline; the Content-Security-Policy allows exactly that
// script and stylesheet by hash, nothing else.
import type { CoverageReport } from '../../core/coverage/coverage-report';
import { silentHeading } from '../../core/coverage/formats/table';
import { percent } from '../../core/coverage/formats/text';
import { escapeHtml as e } from '../../core/escape-html';
import { CHANNELS, type Channel } from '../../core/model';
import type { DashboardData } from './dashboard-data';
import { renderPage, type Page } from './page';
import { definitionsHtml, headerHtml, kpisHtml, repTableHtml, silentTableHtml, snoozedSectionHtml, titleOf, weeksTableHtml } from './report-page';

/** Colour-blind safe (Okabe-Ito) colour per channel; the total is drawn dashed in ink. */
export const CHANNEL_COLOURS: Record<Channel, string> = { email: '#0072B2', letter: '#E69F00', visit: '#009E73', call: '#CC79A7' };

/** @param chartScript the dashboard's chart script (web/dashboard/dashboard-script.generated.js) */
export function renderDashboard(report: CoverageReport, chartScript: string): string {
  return renderDashboardPage(report, chartScript).html;
}

/** The page and its policy, for servers that also send the policy as a header. */
export function renderDashboardPage(report: CoverageReport, chartScript: string): Page {
  const t = report.total;
  const body = `<main>
${headerHtml(report)}
${kpisHtml(report)}
<div class="grid">
<figure><figcaption>Coverage per rep</figcaption><div class="chart"><canvas id="coverage-chart" role="img" aria-label="${e(
    `Share of contacts covered within cadence per rep; ${report.reps.map((r) => `${r.repName} ${percent(r.share)}`).join(', ')}`,
  )}"></canvas></div></figure>
<figure><figcaption>Touches per week <span class="note">(ISO weeks; the last one is still running)</span></figcaption><div class="chart"><canvas id="touches-chart" role="img" aria-label="${e(
    `Touches per ISO week by channel, ${report.weeks.length} weeks, ${t.touches} in total`,
  )}"></canvas></div></figure>
</div>
<h2>${e(silentHeading(report))}</h2>
${silentTableHtml(report)}
${snoozedSectionHtml(report)}<h2>Coverage per rep</h2>
${repTableHtml(report)}
<details><summary>Touches per week as a table</summary>
${weeksTableHtml(report)}
</details>
${definitionsHtml()}
</main>`;
  return renderPage({ title: titleOf(report), body, scripts: [chartScript], data: dashboardDataOf(report) });
}

export function dashboardDataOf(report: CoverageReport): DashboardData {
  return {
    reps: report.reps.map((r) => ({ label: r.repName || r.repId, share: r.share, covered: r.covered, contacts: r.contacts })),
    // "W37" reads better on a narrow axis; the header names the years of the period
    weeks: report.touchesPerWeek.map((w) => w.week.slice(5)),
    series: [
      ...CHANNELS.map((c) => ({ label: c, color: CHANNEL_COLOURS[c], values: report.touchesPerWeek.map((w) => w.byChannel[c]) })),
      { label: 'total', color: '#1d2433', values: report.touchesPerWeek.map((w) => w.total), dashed: true },
    ],
  };
}
