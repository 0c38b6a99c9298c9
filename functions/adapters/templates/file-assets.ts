// Reads the project's assets from disk for the composition roots (CLI, local stack) and the bundling step:
// templates/**/*.hbs, campaigns/<id>.yaml and settings/company.yaml. The core only ever gets their text; templates are compiled from source.
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Campaign } from '../../core/campaigns/campaign-schema';
import { parseCampaign } from '../../core/campaigns/parse-campaign';
import { loadMailRenderer, mailTemplateSourcesFrom, type MailRenderer } from '../../core/approval/mail-renderer';
import { NotFound, ValidationError } from '../../core/errors';
import { isId } from '../../core/model';
import { compilingEngine } from '../../core/render/compiling-engine';
import { splitFrontMatter } from '../../core/render/front-matter';
import { TemplateLibrary, type TemplateFiles } from '../../core/render/template-library';
import { readCompanySettingsFile } from '../settings/company-settings-file';
import type { CampaignAssets } from './campaign-assets';
import { readTemplateFiles, walk } from './template-files';

export class FileAssets implements CampaignAssets {
  /** @param assetsDir the folder holding templates/ and campaigns/ (repository root locally, bundle dir in AWS) */
  constructor(private readonly assetsDir: string) {}

  /** Every .hbs file under templates/, by path relative to it with forward slashes. */
  async loadTemplateFiles(): Promise<TemplateFiles> {
    return readTemplateFiles(this.assetsDir);
  }

  async loadTemplateLibrary(): Promise<TemplateLibrary> {
    // the mails' footer needs the company's particulars: without settings/company.yaml nothing is drafted
    return new TemplateLibrary(await this.loadTemplateFiles(), splitFrontMatter, compilingEngine(), readCompanySettingsFile(this.assetsDir));
  }

  async loadMailRenderer(): Promise<MailRenderer> {
    return loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(await this.loadTemplateFiles()));
  }

  async listCampaignIds(): Promise<string[]> {
    const dir = join(this.assetsDir, 'campaigns');
    const names = (await walk(dir)).map((f) => relative(dir, f)).filter((f) => !f.includes(sep) && /\.ya?ml$/.test(f));
    return names.map((f) => f.replace(/\.ya?ml$/, '')).sort();
  }

  async loadCampaign(id: string): Promise<Campaign> {
    // The id becomes part of a path: only the id alphabet gets that far.
    if (!isId(id)) throw new ValidationError(`"${id}" is not a campaign id`, [{ path: 'id', message: 'use letters, digits, dot, dash or underscore' }]);
    for (const ext of ['yaml', 'yml']) {
      const file = `campaigns/${id}.${ext}`;
      let source: string;
      try {
        source = await readFile(join(this.assetsDir, file), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      return parseCampaign(source, file);
    }
    const known = await this.listCampaignIds();
    throw new NotFound(`no campaign "${id}" (campaigns/${id}.yaml)${known.length ? `; known: ${known.join(', ')}` : ''}`);
  }
}
