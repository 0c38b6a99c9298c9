import { describe, expect, it } from 'vitest';
import { csvCell, renderCoverageCsv } from '../../../functions/core/coverage/formats/csv';
import { renderCoverageJson } from '../../../functions/core/coverage/formats/json';
import { renderCoverageTable, silentHeading } from '../../../functions/core/coverage/formats/table';
import { handReport, hostileReport, snoozedReport } from './hand-report';

/** Minimal RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

describe('table format', () => {
  it('aligns every column: numbers end in the same column as their header', async () => {
    const text = renderCoverageTable(await handReport());
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('rep '))!;
    const total = lines.find((l) => l.startsWith('total'))!;
    const repA = lines.find((l) => l.startsWith('rep-a'))!;
    const endOf = (line: string, word: string) => line.indexOf(word) + word.length;
    expect(endOf(repA, '40.0 %')).toBe(endOf(header, 'share'));
    expect(endOf(total, '44.4 %')).toBe(endOf(header, 'share'));
    expect(endOf(total, ' 9 ')).toBe(endOf(header, 'contacts') + 1);
    expect(text).toContain('Silent contacts: 5, longest silence first');
    expect(text).toMatch(/118\s+b2\s+Kim Last-b2\s+Company b2\s+rep-b\s+call\s+2026-08-01 call\s+60 d/);
    expect(text).toMatch(/57\s+a3\s+.*never/);
    expect(text).toMatch(/2026-W48\s+1\s+1\s+0\s+1\s+3/);
  });

  it('keeps one row on one line and strips terminal escapes from names', async () => {
    const text = renderCoverageTable(await hostileReport());
    expect(text).not.toContain('\u001b');
    const row = text.split('\n').find((l) => l.includes('HYPERLINK'))!;
    expect(row).toContain('Smith, "Jones" and [2J Co');
  });
});

describe('csv format', () => {
  it('writes the three sections with their headers and the figures', async () => {
    const rows = parseCsv(renderCoverageCsv(await handReport()));
    expect(rows[0]).toEqual(['rep_id', 'rep_name', 'contacts', 'covered', 'silent', 'share', 'touches', 'opted_out', 'snoozed']);
    expect(rows[1]).toEqual(['rep-a', 'Anna Berg', '5', '2', '3', '0.4', '3', '1', '0']);
    expect(rows[4]).toEqual(['TOTAL', '', '9', '4', '5', '0.4444', '6', '1', '0']);
    expect(rows[5]).toEqual(['']); // the empty line between sections
    expect(rows[6]![0]).toBe('contact_id');
    expect(rows[7]).toEqual(['b2', 'Kim Last-b2', 'Company b2', 'rep-b', 'call', '118', 'false', '2026-08-01T12:00:00.000Z', 'call', '60']);
    const weeksHeader = rows.findIndex((r) => r[0] === 'week');
    expect(rows.slice(weeksHeader)).toEqual([
      ['week', 'email', 'letter', 'visit', 'call', 'total'],
      ['2026-W45', '0', '0', '0', '0', '0'],
      ['2026-W46', '1', '0', '0', '0', '1'],
      ['2026-W47', '1', '0', '0', '1', '2'],
      ['2026-W48', '1', '1', '0', '1', '3'],
      [''],
      // the snoozed contacts come last, so readers of the earlier sections find them where they were
      ['contact_id', 'name', 'company', 'rep_id', 'channel', 'snoozed_until', 'snoozed_until_local', 'reason', 'campaign_id', 'silent_days', 'never_touched', 'last_touch_at', 'cadence_days'],
    ]);
  });

  it('writes one plain CSV table for one section', async () => {
    const rows = parseCsv(renderCoverageCsv(await handReport(), 'silent'));
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r[0])).toEqual(['contact_id', 'b2', 'a3', 'a2', 'a5', 'b3']);
    expect(rows.every((r) => r.length === 10)).toBe(true);
  });

  it('quotes commas, quotes and newlines and defuses formulas', async () => {
    const rows = parseCsv(renderCoverageCsv(await hostileReport(), 'silent'));
    expect(rows[1]![1]).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(rows[1]![2]).toBe('Smith, "Jones"\nand\u001b[2J Co');
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
  });
});

describe('json format', () => {
  it('round-trips the report', async () => {
    const report = await handReport();
    expect(JSON.parse(renderCoverageJson(report))).toEqual(report);
  });
});

describe('snoozed contacts in the plain formats', () => {
  it('table: a snoozed column and a section saying until when and why; none without snoozes', async () => {
    const text = renderCoverageTable(await snoozedReport());
    expect(text).toMatch(/total\s+9\s+4\s+3\s+2\s+44\.4 %/);
    expect(text).toContain('Snoozed contacts: 2, not silent by neglect: presence asks again from the day shown');
    expect(text).toMatch(/2026-12-11\s+a2\s+Kim Last-a2\s+Company a2\s+rep-a\s+away\s+2026-11-01\s+14 d/);
    expect(text).toMatch(/2027-11-20 10:00\s+b2\s+.*rejected, crisis-update only/);
    expect(text).toContain('Silent contacts: 3, longest silence first');
    expect(renderCoverageTable(await handReport())).not.toContain('Snoozed contacts');
    const noneSilent = { ...(await snoozedReport()), silentCount: 0, silentContacts: [] };
    expect(silentHeading(noneSilent)).toBe('Silent contacts: none, everyone heard from us within their cadence or is snoozed.');
  });

  it('csv: the snoozed section, alone or last of all', async () => {
    const rows = parseCsv(renderCoverageCsv(await snoozedReport(), 'snoozed'));
    expect(rows).toEqual([
      ['contact_id', 'name', 'company', 'rep_id', 'channel', 'snoozed_until', 'snoozed_until_local', 'reason', 'campaign_id', 'silent_days', 'never_touched', 'last_touch_at', 'cadence_days'],
      ['a2', 'Kim Last-a2', 'Company a2', 'rep-a', 'letter', '2026-12-10T23:00:00.000Z', '2026-12-11', 'away', '', '26', 'false', '2026-11-01T12:00:00.000Z', '14'],
      ['b2', 'Kim Last-b2', 'Company b2', 'rep-b', 'call', '2027-11-20T09:00:00.000Z', '2027-11-20 10:00', 'rejected', 'crisis-update', '118', 'false', '2026-08-01T12:00:00.000Z', '60'],
    ]);
    const all = parseCsv(renderCoverageCsv(await snoozedReport()));
    expect(all[1]).toEqual(['rep-a', 'Anna Berg', '5', '2', '2', '0.4', '3', '1', '1']);
    expect(all.at(-1)![0]).toBe('b2');
  });

  it('json: the figures and the list as they are', async () => {
    const json = JSON.parse(renderCoverageJson(await snoozedReport()));
    expect(json.total.snoozed).toBe(2);
    expect(json.snoozedCount).toBe(2);
    expect(json.snoozedContacts[0]).toMatchObject({ contactId: 'a2', until: '2026-12-10T23:00:00.000Z', reason: 'away' });
  });
});
