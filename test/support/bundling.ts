// Running the after-bundling steps (infra/bundling.ts) in tests, as NodejsFunction does, on assets of the test's
// choosing: the project's tsx and scripts always, only the templates/, campaigns/ and settings/ they read swapped.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, afterBundlingCommands, type HandlerName } from '../../infra/bundling';

/** Runs a function's after-bundling commands (bash, from the project root) until one fails, on the assets of `assetsDir`. */
export function runAfterBundling(handler: HandlerName, outputDir: string, assetsDir = PROJECT_ROOT): { status: number | null; stderr: string } {
  const commands = afterBundlingCommands(handler, PROJECT_ROOT, outputDir).map((c) => c.replace(`'${PROJECT_ROOT}' '${outputDir}`, `'${assetsDir}' '${outputDir}`));
  // the swap must have happened, or the test would quietly build the project's own assets
  if (assetsDir !== PROJECT_ROOT && !commands.some((c) => c.includes(`'${assetsDir}'`))) throw new Error(`no after-bundling command of ${handler} reads ${assetsDir}`);
  const r = spawnSync('bash', ['-c', commands.join(' && ')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** A copy of the project's templates/, campaigns/ and settings/ in a new temporary folder, with the file at `path` (relative to it) changed. */
export function assetsWith(path: string, edit: (source: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'presence-assets-'));
  cpSync(join(PROJECT_ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'campaigns'), join(dir, 'campaigns'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'settings'), join(dir, 'settings'), { recursive: true });
  const file = join(dir, path);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

/** Runs `check` on assets with one file changed (assetsWith) and an empty output folder, and removes both afterwards. */
export function withEditedAssets(path: string, edit: (source: string) => string, check: (assetsDir: string, outputDir: string) => void): void {
  const assetsDir = assetsWith(path, edit);
  const outputDir = mkdtempSync(join(tmpdir(), 'presence-bundle-out-'));
  try {
    check(assetsDir, outputDir);
  } finally {
    rmSync(assetsDir, { recursive: true, force: true });
    rmSync(outputDir, { recursive: true, force: true });
  }
}
