// Coverage reports over the hand ledger for the format tests: the plain one, and one whose names try to break
// each format (a script tag, a spreadsheet formula, a quote, a newline and a terminal escape).
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { coverage } from '../../../functions/core/coverage/coverage';
import type { CoverageReport } from '../../../functions/core/coverage/coverage-report';
import { NOW, handLedger, snoozedHandLedger } from './hand-ledger';

export async function handReport(): Promise<CoverageReport> {
  return coverage({ ledger: await handLedger(), clock: new FixedClock(NOW) }, { weeks: 4 });
}

/** The report over the hand ledger with snoozes (hand-ledger.ts snoozedHandLedger). */
export async function snoozedReport(): Promise<CoverageReport> {
  return coverage({ ledger: await snoozedHandLedger(), clock: new FixedClock(NOW) }, { weeks: 4 });
}

/** A report whose names try to break each format. */
export async function hostileReport(): Promise<CoverageReport> {
  const report = await handReport();
  report.reps[0]!.repName = '<script>alert(1)</script>';
  const s = report.silentContacts[0]!;
  s.name = '=HYPERLINK("http://evil.example","click")';
  s.company = 'Smith, "Jones"\nand\u001b[2J Co';
  return report;
}
