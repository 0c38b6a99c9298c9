// Writes the company settings beside a Lambda bundle: `tsx infra/build-company-settings.ts <assets dir> <json file>`,
// run by afterBundlingCommands (infra/bundling.ts). settings/company.yaml goes through the parser and validation the
// CLI uses, so a bad or missing field fails the build with the file and field named, and the function reads plain
// JSON (functions/adapters/settings/company-settings-json.ts) without a YAML parser. Quiet on success.
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { readCompanySettingsFile } from '../functions/adapters/settings/company-settings-file';
import { ValidationError } from '../functions/core/errors';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [assetsDir, outFile] = process.argv.slice(2);
  if (!assetsDir || !outFile) {
    process.stderr.write('usage: tsx infra/build-company-settings.ts <assets dir> <json file>\n');
    process.exit(2);
  }
  try {
    await writeFile(outFile, JSON.stringify(readCompanySettingsFile(assetsDir)));
  } catch (e) {
    process.stderr.write(`presence: the company settings cannot be built:\n${e instanceof ValidationError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  }
}
