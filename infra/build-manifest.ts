// Writes the planner's asset manifest (functions/adapters/templates/manifest-assets.ts) when its Lambda is bundled:
// `tsx infra/build-manifest.ts <assets dir> <manifest file>`, run by afterBundlingCommands (infra/bundling.ts) for
// `npm run synth`, `cdk deploy` and bench/cold-start alike. Campaigns and front matter go through the parser and
// validation the CLI uses (FileAssets, splitFrontMatter), so a campaign the CLI rejects fails the build, with the
// file and field named.
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { FileAssets } from '../functions/adapters/templates/file-assets';
import type { AssetManifest } from '../functions/adapters/templates/manifest-assets';
import { ValidationError } from '../functions/core/errors';
import { splitFrontMatter } from '../functions/core/render/front-matter';

/** The manifest of the campaigns/ and templates/ folders under `assetsDir`; throws on the first broken file. */
export async function buildAssetManifest(assetsDir: string): Promise<AssetManifest> {
  const assets = new FileAssets(assetsDir);
  const campaigns: AssetManifest['campaigns'] = {};
  for (const id of await assets.listCampaignIds()) campaigns[id] = await assets.loadCampaign(id);
  const templates: AssetManifest['templates'] = {};
  for (const [path, source] of await assets.loadTemplateFiles()) templates[path] = { source, ...splitFrontMatter(source, `templates/${path}`) };
  return { campaigns, templates };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [assetsDir, outFile] = process.argv.slice(2);
  if (!assetsDir || !outFile) {
    process.stderr.write('usage: tsx infra/build-manifest.ts <assets dir> <manifest file>\n');
    process.exit(2);
  }
  try {
    await writeFile(outFile, JSON.stringify(await buildAssetManifest(assetsDir)));
  } catch (e) {
    // a campaign or template problem is the editor's to fix: its message names the file and field, no stack needed
    process.stderr.write(`presence: the asset manifest cannot be built:\n${e instanceof ValidationError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  }
}
