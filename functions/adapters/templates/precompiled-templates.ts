// The templates precompiled when a Lambda function is bundled (infra/build-templates.ts): one generated ES module
// beside index.mjs whose exports are the specs as object literals. Imported, not read and evaluated: the container
// runs no eval or new Function and carries only the Handlebars runtime (core/render/precompiled-engine.ts,
// core/approval/precompiled-mail-templates.ts).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MailTemplateSpecs } from '../../core/approval/precompiled-mail-templates';
import type { DraftTemplateSpecs } from '../../core/render/template-engine';

/** File name of the generated module beside the bundle. */
export const PRECOMPILED_TEMPLATES_FILE = 'presence-templates.mjs';

export interface PrecompiledTemplates {
  /** Draft templates and partials by template version (empty where a function renders no drafts). */
  drafts: DraftTemplateSpecs;
  /** The approval mails, keyed `<language>/<name>.<part>`. */
  mails: MailTemplateSpecs;
}

/** The generated module in `assetsDir`; Node's module cache makes it once per container. */
export async function loadPrecompiledTemplates(assetsDir: string): Promise<PrecompiledTemplates> {
  const mod = (await import(pathToFileURL(join(assetsDir, PRECOMPILED_TEMPLATES_FILE)).href)) as Partial<PrecompiledTemplates>;
  if (typeof mod.drafts !== 'object' || typeof mod.mails !== 'object') throw new Error(`${PRECOMPILED_TEMPLATES_FILE} in ${assetsDir} exports no drafts and mails; rebuild the bundle`);
  return { drafts: mod.drafts, mails: mod.mails };
}
