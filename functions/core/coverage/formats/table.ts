// The coverage report as aligned plain text for the terminal.
import { CHANNELS } from '../../model';
import type { CoverageReport, SnoozedContact } from '../coverage-report';
import { dayOf, percent, plain } from './text';

type Align = 'left' | 'right';

/** Columns padded to their widest cell; numbers right-aligned so digits line up. */
export function alignColumns(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[]): string[] {
  const cells = [header, ...rows].map((r) => r.map((c) => plain(c)));
  const width = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  return cells.map((r) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(width[i]! - [...c].length);
        return align[i] === 'right' ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

export function renderCoverageTable(report: CoverageReport): string {
  const out: string[] = [];
  const period = `${report.weeks[0]} .. ${report.weeks[report.weeks.length - 1]}`;
  out.push(`Coverage on ${dayOf(report.generatedAt)}${report.repId ? ` for rep ${report.repId}` : ''} (touches in ${period})`, '');

  const t = report.total;
  out.push(
    ...alignColumns(
      ['rep', 'name', 'contacts', 'covered', 'silent', 'snoozed', 'share', 'touches', 'opted out'],
      [
        ...report.reps.map((r) => [r.repId, r.repName, String(r.contacts), String(r.covered), String(r.silent), String(r.snoozed), percent(r.share), String(r.touches), String(r.optedOut)]),
        ['total', '', String(t.contacts), String(t.covered), String(t.silent), String(t.snoozed), percent(t.share), String(t.touches), String(t.optedOut)],
      ],
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );

  out.push('', silentHeading(report));
  if (report.silentContacts.length) {
    out.push(
      ...alignColumns(
        ['days', 'contact', 'name', 'company', 'rep', 'channel', 'last touch', 'cadence'],
        report.silentContacts.map((s) => [
          String(s.silentDays),
          s.contactId,
          s.name,
          s.company,
          s.repId,
          s.channel,
          s.neverTouched ? 'never' : `${dayOf(s.lastTouchAt)} ${s.lastTouchChannel ?? ''}`.trim(),
          `${s.cadenceDays} d`,
        ]),
        ['right', 'left', 'left', 'left', 'left', 'left', 'left', 'right'],
      ),
    );
  }

  if (report.snoozedCount > 0) {
    out.push('', snoozedHeading(report));
    out.push(
      ...alignColumns(
        ['until', 'contact', 'name', 'company', 'rep', 'why', 'last touch', 'cadence'],
        report.snoozedContacts.map((s) => [
          s.untilLocal,
          s.contactId,
          s.name,
          s.company,
          s.repId,
          snoozeWhy(s),
          s.neverTouched ? 'never' : dayOf(s.lastTouchAt),
          `${s.cadenceDays} d`,
        ]),
        ['left', 'left', 'left', 'left', 'left', 'left', 'left', 'right'],
      ),
    );
  }

  out.push('', 'Touches per week');
  out.push(
    ...alignColumns(
      ['week', ...CHANNELS, 'total'],
      report.touchesPerWeek.map((w) => [w.week, ...CHANNELS.map((c) => String(w.byChannel[c])), String(w.total)]),
      ['left', ...CHANNELS.map(() => 'right' as const), 'right'],
    ),
  );
  return out.join('\n') + '\n';
}

/** "rejected", or "rejected, crisis-update only" for a snooze of one campaign. */
export function snoozeWhy(s: Pick<SnoozedContact, 'reason' | 'campaignId'>): string {
  return s.campaignId ? `${s.reason}, ${s.campaignId} only` : s.reason;
}

export function snoozedHeading(report: CoverageReport): string {
  const shown = report.snoozedContacts.length;
  if (report.snoozedCount === 0) return 'Snoozed contacts: none.';
  const cut = shown < report.snoozedCount ? `, showing the first ${shown}` : '';
  return `Snoozed contacts: ${report.snoozedCount}, not silent by neglect: presence asks again from the day shown${cut}`;
}

export function silentHeading(report: CoverageReport): string {
  const shown = report.silentContacts.length;
  if (report.silentCount === 0) {
    return report.snoozedCount === 0
      ? 'Silent contacts: none, everyone heard from us within their cadence.'
      : 'Silent contacts: none, everyone heard from us within their cadence or is snoozed.';
  }
  const cut = shown < report.silentCount ? `, showing the first ${shown}` : '';
  return `Silent contacts: ${report.silentCount}, longest silence first${cut}`;
}
