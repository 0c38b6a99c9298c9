// The coverage dashboard's chart script (Chart.js and web/dashboard/client.ts, bundled by web/dashboard/build.ts)
// is a file, not a string constant in the code: ~180 kB that the approval site's bundle would otherwise carry and
// evaluate at every cold start, though most containers never show the dashboard. It lies at the same path under
// the assets dir everywhere: the repository locally, beside index.mjs in the approval site's Lambda.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the chart script lies, relative to the assets dir. */
export const DASHBOARD_SCRIPT_FILE = 'web/dashboard/dashboard-script.generated.js';

/** The script, read on first use and then kept for the life of the process (a Lambda container). */
export function dashboardScriptFrom(assetsDir: string): () => Promise<string> {
  let script: Promise<string> | undefined;
  return () =>
    (script ??= readFile(join(assetsDir, DASHBOARD_SCRIPT_FILE), 'utf8').catch((error: unknown) => {
      // a failed read is tried again on the next request rather than remembered
      script = undefined;
      throw error;
    }));
}
