#!/usr/bin/env node
// `presence`: runs the CLI compiled to JavaScript (dist/cli/main.mjs, built by `npm ci` through the prepare script),
// in this process. When the bundle is missing or a source is newer it is rebuilt first (scripts/build-cli.mjs), so a
// clone that edits functions/ never runs stale code.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { CLI_BUNDLE_FILE, CLI_DIST_DIR, ensureCliBundle } from '../scripts/build-cli.mjs';

try {
  await ensureCliBundle();
} catch (error) {
  process.stderr.write(`presence: could not build the CLI (npm ci installs what it needs): ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(70);
}
await import(pathToFileURL(join(CLI_DIST_DIR, CLI_BUNDLE_FILE)).href);
