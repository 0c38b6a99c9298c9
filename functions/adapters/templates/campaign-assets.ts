// What the planner reads besides the ledger: a campaign by id and the templates. Two sources: the YAML and .hbs
// files themselves, templates compiled from source (FileAssets: CLI, local stack), and the manifest and precompiled
// templates built from them when the Lambda is bundled (ManifestAssets), so the Lambda needs no YAML parser, no
// campaign validation and no Handlebars compiler at run time.
import type { MailRenderer } from '../../core/approval/mail-renderer';
import type { Campaign } from '../../core/campaigns/campaign-schema';
import type { TemplateFiles, TemplateLibrary } from '../../core/render/template-library';

export interface CampaignAssets {
  loadCampaign(id: string): Promise<Campaign>;
  listCampaignIds(): Promise<string[]>;
  /** Every .hbs file under templates/, by path relative to it with forward slashes. */
  loadTemplateFiles(): Promise<TemplateFiles>;
  loadTemplateLibrary(): Promise<TemplateLibrary>;
  /** The rep digest and new-link mails (templates/digest/). */
  loadMailRenderer(): Promise<MailRenderer>;
}

/** File name of the planner's manifest beside its bundle (ManifestAssets). */
export const ASSET_MANIFEST_FILE = 'presence-assets.json';
