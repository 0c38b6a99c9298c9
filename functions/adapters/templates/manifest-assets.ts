// The planner's assets in its Lambda bundle: one JSON file beside index.mjs, written when the function is bundled
// (infra/build-manifest.ts) from the same files, parser and validation as FileAssets uses. The campaigns in it are
// already parsed and validated and the templates' front matter already split off, so the bundle carries no YAML
// parser, no campaign schema and no schedule checks, and a broken campaign fails the build instead of a run.
// The templates themselves render from their specs precompiled at the same time (infra/build-templates.ts,
// PRECOMPILED_TEMPLATES_FILE), so the bundle carries the Handlebars runtime, not the compiler.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Campaign } from '../../core/campaigns/campaign-schema';
import { loadMailRenderer, type MailRenderer } from '../../core/approval/mail-renderer';
import { NotFound, ValidationError } from '../../core/errors';
import { isId } from '../../core/domain';
import type { FrontMatter, FrontMatterReader } from '../../core/render/front-matter';
import { precompiledEngine } from '../../core/render/precompiled-engine';
import { TemplateLibrary, type TemplateFiles } from '../../core/render/template-library';
import { ASSET_MANIFEST_FILE, type CampaignAssets } from './campaign-assets';
import { readCompanySettingsJson } from '../settings/company-settings-json';
import { loadPrecompiledTemplates } from './precompiled-templates';

export interface AssetManifest {
  /** campaigns/<id>.yaml, parsed and validated (defaults filled in), by id. */
  campaigns: Record<string, Campaign>;
  /**
   * templates/**\/*.hbs by path relative to templates/: the whole source (its hash is the template version a draft
   * records) and what splitFrontMatter makes of it.
   */
  templates: Record<string, { source: string; frontMatter: FrontMatter; body: string }>;
}

export class ManifestAssets implements CampaignAssets {
  private manifest: Promise<AssetManifest> | undefined;

  /** @param assetsDir the folder holding the manifest and the precompiled templates (the bundle dir in AWS) */
  constructor(private readonly assetsDir: string) {}

  /** Read once per container: the manifest only changes with a new deployment. */
  private read(): Promise<AssetManifest> {
    return (this.manifest ??= readFile(join(this.assetsDir, ASSET_MANIFEST_FILE), 'utf8').then((text) => JSON.parse(text) as AssetManifest));
  }

  async listCampaignIds(): Promise<string[]> {
    return Object.keys((await this.read()).campaigns).sort();
  }

  async loadCampaign(id: string): Promise<Campaign> {
    // the same answers as FileAssets.loadCampaign
    if (!isId(id)) throw new ValidationError(`"${id}" is not a campaign id`, [{ path: 'id', message: 'use letters, digits, dot, dash or underscore' }]);
    const { campaigns } = await this.read();
    // a copy, as a fresh parse would be: callers may not change the container's manifest for the next run
    if (Object.hasOwn(campaigns, id)) return structuredClone(campaigns[id]!);
    const known = Object.keys(campaigns).sort();
    throw new NotFound(`no campaign "${id}" (campaigns/${id}.yaml)${known.length ? `; known: ${known.join(', ')}` : ''}`);
  }

  async loadTemplateFiles(): Promise<TemplateFiles> {
    return new Map(Object.entries((await this.read()).templates).map(([path, t]) => [path, t.source]));
  }

  async loadTemplateLibrary(): Promise<TemplateLibrary> {
    const [manifest, { specs, runtime }] = await Promise.all([this.read(), loadPrecompiledTemplates(this.assetsDir)]);
    // the company settings beside the bundle (infra/build-company-settings.ts): every mail's footer
    return new TemplateLibrary(await this.loadTemplateFiles(), frontMatterFrom(manifest), precompiledEngine(specs, runtime), readCompanySettingsJson(this.assetsDir));
  }

  async loadMailRenderer(): Promise<MailRenderer> {
    const { specs, runtime } = await loadPrecompiledTemplates(this.assetsDir);
    return loadMailRenderer(precompiledEngine(specs, runtime));
  }
}

/** Front matter as split at build time; a template the manifest does not hold as given is a build fault. */
function frontMatterFrom(manifest: AssetManifest): FrontMatterReader {
  return (source, file) => {
    const path = file.replace(/^templates\//, '');
    const entry = Object.hasOwn(manifest.templates, path) ? manifest.templates[path] : undefined;
    if (entry === undefined || entry.source !== source) throw new Error(`${file} is not in ${ASSET_MANIFEST_FILE} as given; rebuild the bundle`);
    return { frontMatter: entry.frontMatter, body: entry.body };
  };
}
