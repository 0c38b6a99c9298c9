import { describe, expect, it } from 'vitest';
import { sha256Base64 } from '../../../functions/web/coverage/page';
import { renderCoverageHtml } from '../../../functions/web/coverage/report-page';
import { handReport, hostileReport, snoozedReport } from '../../core/coverage/hand-report';

describe('html format', () => {
  it('is a standalone page with the figures, the silent list and the weeks', async () => {
    const html = renderCoverageHtml(await handReport());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<td>Anna Berg</td>');
    expect(html).toMatch(/<meter [^>]*value="0\.4000"/);
    expect(html).toContain('44.4 %');
    expect(html).toContain('<td class="num">118</td>');
    expect(html).toContain('<span class="never">never</span>');
    expect(html).toContain('<td>2026-W48</td>');
    expect(html).not.toMatch(/https?:\/\//); // nothing loaded from anywhere
    expect(html).not.toContain('<script');
  });

  it('escapes every name and allows only its own stylesheet by hash', async () => {
    const html = renderCoverageHtml(await hostileReport());
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`style-src 'sha256-${sha256Base64(style)}'`);
  });
});

describe('html format: snoozed contacts', () => {
  it('counts them apart and lists them with the day presence asks again, escaped', async () => {
    const report = await snoozedReport();
    report.snoozedContacts[0]!.reason = '<b>away</b>';
    const html = renderCoverageHtml(report);
    expect(html).toContain('<li><b>2</b><span>snoozed, not silent by neglect</span></li>');
    expect(html).toContain('<th class="num">Snoozed</th>');
    expect(html).toContain('<h2>Snoozed contacts: 2, not silent by neglect: presence asks again from the day shown</h2>');
    expect(html).toContain('<tr><td><time datetime="2026-12-10T23:00:00.000Z">2026-12-11</time></td><td>Kim Last-a2 <span class="note">a2</span></td>');
    expect(html).toContain('<td>&lt;b&gt;away&lt;/b&gt;</td>');
    expect(html).toContain('<td>rejected, crisis-update only</td>');
    expect(renderCoverageHtml(await handReport())).not.toContain('Snoozed contacts');
  });
});
