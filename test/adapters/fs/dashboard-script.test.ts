import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_SCRIPT_FILE, dashboardScriptFrom } from '../../../functions/adapters/fs/dashboard-script';

describe('the chart script file', () => {
  it('is read on first use and kept for the process; a failed read is tried again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'presence-dashboard-'));
    try {
      const script = dashboardScriptFrom(dir);
      await expect(script()).rejects.toThrow(/ENOENT/);
      await mkdir(join(dir, dirname(DASHBOARD_SCRIPT_FILE)), { recursive: true });
      await writeFile(join(dir, DASHBOARD_SCRIPT_FILE), 'first');
      expect(await script()).toBe('first');
      await writeFile(join(dir, DASHBOARD_SCRIPT_FILE), 'second');
      expect(await script()).toBe('first');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
