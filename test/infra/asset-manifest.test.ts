// The planner's Lambda reads campaigns and templates from a manifest written at bundling time
// (infra/build-manifest.ts, run by afterBundlingCommands). It must hold exactly what the YAML parser and front matter
// reader make of the shipped files, and a campaign the CLI rejects must fail the build, naming file and field.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_MANIFEST_FILE } from '../../functions/adapters/templates/campaign-assets';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { ManifestAssets, type AssetManifest } from '../../functions/adapters/templates/manifest-assets';
import { PRECOMPILED_TEMPLATES_FILE } from '../../functions/adapters/templates/precompiled-templates';
import { COMPANY_SETTINGS_JSON, readCompanySettingsJson } from '../../functions/adapters/settings/company-settings-json';
import { readCompanySettingsFile } from '../../functions/adapters/settings/company-settings-file';
import { NotFound, ValidationError } from '../../functions/core/errors';
import { splitFrontMatter } from '../../functions/core/render/front-matter';
import { TemplateLibrary } from '../../functions/core/render/template-library';
import { PROJECT_ROOT } from '../../infra/bundling';
import { buildAssetManifest } from '../../infra/build-manifest';
import { RUN_AT, contactOf, repOf } from '../core/campaign-fixtures';
import { runAfterBundling, withEditedAssets } from '../support/bundling';

describe('asset manifest of the planner', () => {
  const out = mkdtempSync(join(tmpdir(), 'presence-manifest-'));
  const files = new FileAssets(PROJECT_ROOT);
  let shipped: AssetManifest;

  beforeAll(() => {
    const run = runAfterBundling('plan-reps', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    shipped = JSON.parse(readFileSync(join(out, ASSET_MANIFEST_FILE), 'utf8')) as AssetManifest;
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('ships plan-reps the manifest, the precompiled templates and the company settings instead of the YAML and template folders', () => {
    expect(execFileSync('ls', [out], { encoding: 'utf8' }).trim().split('\n')).toEqual([ASSET_MANIFEST_FILE, COMPANY_SETTINGS_JSON, PRECOMPILED_TEMPLATES_FILE].sort());
  });

  it('ships plan-campaign, which only lists a slot\'s units, the manifest and the holiday table: no templates, no company settings', () => {
    const lists = mkdtempSync(join(tmpdir(), 'presence-manifest-list-'));
    try {
      const run = runAfterBundling('plan-campaign', lists);
      expect(run.status, run.stderr).toBe(0);
      expect(execFileSync('ls', [lists], { encoding: 'utf8' }).trim().split('\n')).toEqual([ASSET_MANIFEST_FILE, 'holidays'].sort());
    } finally {
      rmSync(lists, { recursive: true, force: true });
    }
  }, 60_000);

  it('ships settings/company.yaml as the parser and schema make it, for the mails\' footer', async () => {
    expect(JSON.parse(readFileSync(join(out, COMPANY_SETTINGS_JSON), 'utf8'))).toEqual(readCompanySettingsFile(PROJECT_ROOT));
    expect(readCompanySettingsJson(out)).toEqual(readCompanySettingsFile(PROJECT_ROOT));
    // the drafts the planner makes from it carry the footer
    const campaign = await files.loadCampaign('crisis-update');
    const d = (await new ManifestAssets(out).loadTemplateLibrary()).forCampaign(campaign).render({ contact: contactOf(), rep: repOf(), runAt: RUN_AT });
    expect(d.content.footer?.text).toContain('Registergericht: Amtsgericht Hamburg, HRB 123456');
  });

  it('holds every campaign as the YAML parser and schema make it, defaults filled in', async () => {
    const ids = await files.listCampaignIds();
    expect(ids.length).toBeGreaterThan(0);
    expect(Object.keys(shipped.campaigns)).toEqual(ids);
    for (const id of ids) expect(shipped.campaigns[id], id).toEqual(await files.loadCampaign(id));
  });

  it('holds every template with its source and the front matter the YAML reader splits off', async () => {
    const templates = await files.loadTemplateFiles();
    expect(Object.keys(shipped.templates)).toEqual([...templates.keys()]);
    for (const [path, source] of templates) {
      expect(shipped.templates[path], path).toEqual({ source, ...splitFrontMatter(source, `templates/${path}`) });
    }
    // the shipped templates do declare fields, so the test sees front matter, not only empty defaults
    expect(Object.values(shipped.templates).some((t) => t.frontMatter.required.length > 0)).toBe(true);
  });

  it('equals what buildAssetManifest returns in process (the JSON round trip loses nothing)', async () => {
    expect(shipped).toEqual(await buildAssetManifest(PROJECT_ROOT));
  });

  it('renders the same drafts from the manifest (and the precompiled templates) as from the files, with the same template versions', async () => {
    const fromManifest = new ManifestAssets(out);
    const campaign = await fromManifest.loadCampaign('crisis-update');
    const viaManifest = (await fromManifest.loadTemplateLibrary()).forCampaign(campaign);
    const viaFiles = (await files.loadTemplateLibrary()).forCampaign(await files.loadCampaign('crisis-update'));
    for (const contact of [
      contactOf(),
      contactOf({ formal: false, locale: 'en-GB' }),
      contactOf({ channel: 'letter' }),
      contactOf({ channel: 'visit' }),
      contactOf({ formal: false, firstName: undefined }),
    ]) {
      const input = { contact, rep: repOf(), runAt: RUN_AT };
      expect(viaManifest.render(input)).toEqual(viaFiles.render(input));
    }
    // the template version a draft records is the hash of the whole source, front matter included
    const hashes = (lib: TemplateLibrary) =>
      TemplateLibrary.pathsFor(campaign).map((p) => lib.renderer.compile(`templates/${p}`, shipped.templates[p]!.source, p.endsWith('.html.hbs') ? 'html' : 'text').hash);
    expect(hashes(await fromManifest.loadTemplateLibrary())).toEqual(hashes(await files.loadTemplateLibrary()));
  });

  it('answers an unknown or malformed campaign id as the file reader does', async () => {
    const fromManifest = new ManifestAssets(out);
    await expect(fromManifest.loadCampaign('nope')).rejects.toThrow(NotFound);
    await expect(fromManifest.loadCampaign('nope')).rejects.toThrow('no campaign "nope" (campaigns/nope.yaml); known: crisis-update');
    await expect(fromManifest.loadCampaign('../x')).rejects.toThrow(ValidationError);
    // a run cannot change the campaign the next run of the container gets
    const first = await fromManifest.loadCampaign('crisis-update');
    first.audience.channels.length = 0;
    expect((await fromManifest.loadCampaign('crisis-update')).audience.channels.length).toBeGreaterThan(0);
  });

  it('fails the build on a broken company settings file, naming the file and the field', () => {
    withEditedAssets('settings/company.yaml', (yaml) => yaml.replace(/^registerNumber:.*$/m, 'registerNumber: ""'), (input, broken) => {
      const r = runAfterBundling('plan-reps', broken, input);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('settings/company.yaml: registerNumber: write the register number');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }, 60_000);

  it('fails the build on a broken campaign file, naming the file and the field', () => {
    const edit = (yaml: string) => yaml.replace('channels: [email, letter, visit, call]', 'channels: [email, fax]');
    withEditedAssets('campaigns/crisis-update.yaml', edit, (input, broken) => {
      expect(readFileSync(join(input, 'campaigns', 'crisis-update.yaml'), 'utf8')).toContain('channels: [email, fax]');
      const r = runAfterBundling('plan-reps', broken, input);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('campaigns/crisis-update.yaml: audience.channels[1]: unknown channel "fax"');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }, 60_000);
});
