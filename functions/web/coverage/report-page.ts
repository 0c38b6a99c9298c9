// The coverage report as a standalone HTML page (no script, no outside resource): a file to mail or archive.
// The tables are shared with the dashboard, which adds the charts on top.
import type { CoverageReport } from '../../core/coverage/coverage-report';
import { silentHeading, snoozedHeading, snoozeWhy } from '../../core/coverage/formats/table';
import { dayOf, percent } from '../../core/coverage/formats/text';
import { escapeHtml as e } from '../../core/escape-html';
import { CHANNELS } from '../../core/model';
import { renderPage, type Page } from './page';

export function renderCoverageHtml(report: CoverageReport): string {
  return renderCoveragePage(report).html;
}

export function renderCoveragePage(report: CoverageReport): Page {
  const body = `<main>\n${headerHtml(report)}\n${kpisHtml(report)}\n<h2>Coverage per rep</h2>\n${repTableHtml(report)}\n<h2>Touches per week</h2>\n${weeksTableHtml(report)}\n<h2>${e(silentHeading(report))}</h2>\n${silentTableHtml(report)}\n${snoozedSectionHtml(report)}${definitionsHtml()}\n</main>`;
  return renderPage({ title: titleOf(report), body });
}

export function titleOf(report: CoverageReport): string {
  return `Coverage ${dayOf(report.generatedAt)}${report.repId ? ` - rep ${report.repId}` : ''}`;
}

export function headerHtml(report: CoverageReport): string {
  const period = `${report.weeks[0]} to ${report.weeks[report.weeks.length - 1]}`;
  return `<header><h1>Who has heard from us${report.repId ? ` (rep ${e(report.repId)})` : ''}</h1><span class="meta">as of ${e(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC, touches ${e(period)}</span></header>`;
}

export function kpisHtml(report: CoverageReport): string {
  const t = report.total;
  const kpi = (value: string, label: string) => `<li><b>${e(value)}</b><span>${e(label)}</span></li>`;
  return `<ul class="kpis">${kpi(percent(t.share), 'covered within cadence')}${kpi(String(t.covered), `of ${t.contacts} contacts covered`)}${kpi(String(t.silent), 'silent contacts')}${kpi(String(t.snoozed), 'snoozed, not silent by neglect')}${kpi(String(t.touches), `touches in ${report.weeks.length} weeks`)}</ul>`;
}

export function repTableHtml(report: CoverageReport): string {
  const row = (cells: string[], cls = '') => `<tr${cls ? ` class="${cls}"` : ''}>${cells.join('')}</tr>`;
  const num = (n: number | string) => `<td class="num">${e(n)}</td>`;
  const share = (s: number) => `<td><meter min="0" max="1" low="0.5" high="0.8" optimum="1" value="${s.toFixed(4)}">${e(percent(s))}</meter>${e(percent(s))}</td>`;
  const t = report.total;
  return `<table>
<thead><tr><th>Rep</th><th>Name</th><th class="num">Contacts</th><th class="num">Covered</th><th class="num">Silent</th><th class="num">Snoozed</th><th>Share covered</th><th class="num">Touches</th><th class="num">Opted out</th></tr></thead>
<tbody>
${report.reps.map((r) => row([`<td>${e(r.repId)}</td>`, `<td>${e(r.repName)}</td>`, num(r.contacts), num(r.covered), num(r.silent), num(r.snoozed), share(r.share), num(r.touches), num(r.optedOut)])).join('\n')}
${row(['<td>Total</td>', '<td></td>', num(t.contacts), num(t.covered), num(t.silent), num(t.snoozed), share(t.share), num(t.touches), num(t.optedOut)], 'total')}
</tbody></table>`;
}

export function weeksTableHtml(report: CoverageReport): string {
  return `<table>
<thead><tr><th>Week</th>${CHANNELS.map((c) => `<th class="num">${e(c)}</th>`).join('')}<th class="num">Total</th></tr></thead>
<tbody>
${report.touchesPerWeek.map((w) => `<tr><td>${e(w.week)}</td>${CHANNELS.map((c) => `<td class="num">${w.byChannel[c]}</td>`).join('')}<td class="num">${w.total}</td></tr>`).join('\n')}
</tbody></table>`;
}

export function silentTableHtml(report: CoverageReport): string {
  if (!report.silentContacts.length) return '';
  return `<table>
<thead><tr><th class="num">Days silent</th><th>Contact</th><th>Company</th><th>Rep</th><th>Channel</th><th>Last touch</th><th class="num">Cadence</th></tr></thead>
<tbody>
${report.silentContacts
  .map(
    (s) =>
      `<tr><td class="num">${s.silentDays}</td><td>${e(s.name)} <span class="note">${e(s.contactId)}</span></td><td>${e(s.company)}</td><td>${e(s.repId)}</td><td>${e(s.channel)}</td><td>${
        s.neverTouched ? '<span class="never">never</span>' : `${e(dayOf(s.lastTouchAt))} ${e(s.lastTouchChannel ?? '')}`
      }</td><td class="num">${s.cadenceDays} d</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
}

/** The snoozed contacts with the day presence asks again; nothing at all when none is snoozed. */
export function snoozedSectionHtml(report: CoverageReport): string {
  if (report.snoozedCount === 0) return '';
  return `<h2>${e(snoozedHeading(report))}</h2>
<table>
<thead><tr><th>Snoozed until</th><th>Contact</th><th>Company</th><th>Rep</th><th>Why</th><th>Last touch</th><th class="num">Cadence</th></tr></thead>
<tbody>
${report.snoozedContacts
  .map(
    (s) =>
      `<tr><td><time datetime="${e(s.until)}">${e(s.untilLocal)}</time></td><td>${e(s.name)} <span class="note">${e(s.contactId)}</span></td><td>${e(s.company)}</td><td>${e(s.repId)}</td><td>${e(snoozeWhy(s))}</td><td>${
        s.neverTouched ? '<span class="never">never</span>' : e(dayOf(s.lastTouchAt))
      }</td><td class="num">${s.cadenceDays} d</td></tr>`,
  )
  .join('\n')}
</tbody></table>
`;
}

export function definitionsHtml(): string {
  return `<p class="note">Covered: touched (mail sent, letter exported, visit or call logged) within the contact's own cadence. Snoozed: not covered, but held back on purpose until the day shown (a rep's rejection, the customer's absence, by hand); counted apart from the silent, and not in the share covered. Silent: everyone else; a contact never touched is silent since it was created. Contacts who asked not to be contacted at all are left out of the shares. Weeks are ISO weeks in UTC.</p>`;
}
