// The coverage report as JSON: the report object as it is, for scripts and other tools.
import type { CoverageReport } from '../coverage-report';

export function renderCoverageJson(report: CoverageReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
