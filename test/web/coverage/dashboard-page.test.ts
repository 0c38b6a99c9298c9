import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_SCRIPT_FILE } from '../../../functions/adapters/fs/dashboard-script';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { coverage } from '../../../functions/core/coverage/coverage';
import { dashboardDataOf, renderDashboard } from '../../../functions/web/coverage/dashboard-page';
import { sha256Base64 } from '../../../functions/web/coverage/page';
import { buildDashboardScript, generatedFileOf } from '../../../web/dashboard/build';
import { NOW, handLedger } from '../../core/coverage/hand-ledger';
import { snoozedReport } from '../../core/coverage/hand-report';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
/** The chart script as the composition roots read it: the file in the repository. */
const dashboardScript = await readFile(join(REPOSITORY, DASHBOARD_SCRIPT_FILE), 'utf8');

describe('renderDashboard', () => {
  it('embeds the chart data, both canvases and the silent list, with the script allowed by its hash', async () => {
    const report = await coverage({ ledger: await handLedger(), clock: new FixedClock(NOW) }, { weeks: 4 });
    const html = renderDashboard(report, dashboardScript);
    expect(html).toContain('<canvas id="coverage-chart"');
    expect(html).toContain('<canvas id="touches-chart"');
    expect(html).toContain('<td class="num">118</td>');
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)![1]!);
    expect(data).toEqual(dashboardDataOf(report));
    expect(data.reps.map((r: { share: number }) => r.share)).toEqual([0.4, 0.5, 0]);
    expect(data.weeks).toEqual(['W45', 'W46', 'W47', 'W48']);
    expect(data.series.find((s: { label: string }) => s.label === 'total').values).toEqual([0, 1, 2, 3]);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toContain(`script-src 'sha256-${sha256Base64(dashboardScript)}'`);
    expect(html).toContain(`<script>${dashboardScript}</script>`);
    expect(html).not.toMatch(/<script src=|https?:\/\/cdn/);
  });

  it('cannot be broken out of by a name in the data block', async () => {
    const report = await coverage({ ledger: await handLedger(), clock: new FixedClock(NOW) }, { weeks: 1 });
    report.reps[0]!.repName = '</script><script>alert(1)</script>';
    const html = renderDashboard(report, dashboardScript);
    expect(html).not.toContain('<script>alert(1)');
    const block = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(block).reps[0].label).toBe('</script><script>alert(1)</script>');
  });

  it('ships the bundle built from web/dashboard/client.ts (rebuild with npm run build:dashboard)', async () => {
    const fresh = await buildDashboardScript();
    expect(dashboardScript).toBe(generatedFileOf(fresh));
  }, 60_000);
});

describe('renderDashboard: snoozed contacts', () => {
  it('shows them apart from the silent, with until when', async () => {
    const html = renderDashboard(await snoozedReport(), dashboardScript);
    expect(html).toContain('<li><b>3</b><span>silent contacts</span></li><li><b>2</b><span>snoozed, not silent by neglect</span></li>');
    expect(html).toMatch(/<h2>Snoozed contacts: 2[^<]*<\/h2>\n<table>[\s\S]*?<time datetime="2027-11-20T09:00:00.000Z">2027-11-20 10:00<\/time>/);
    // the silent list no longer holds them
    const silent = html.slice(html.indexOf('<h2>Silent contacts'), html.indexOf('<h2>Snoozed contacts'));
    expect(silent).not.toContain('Kim Last-a2');
    expect(silent).toContain('Kim Last-a3');
  });
});
