// The templates precompiled when a Lambda function is bundled (infra/build-templates.ts): one generated ES module
// beside index.mjs whose exports are the specs as object literals and the Handlebars runtime that renders them.
// Imported, not read and evaluated: the container runs no eval or new Function, and the function's bundle carries
// no Handlebars, so a container pays for the runtime only when it first renders (core/render/precompiled-engine.ts).
import type HandlebarsRuntime from 'handlebars/runtime';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TemplateSpecs } from '../../core/render/template-engine';

/** File name of the generated module beside the bundle. */
export const PRECOMPILED_TEMPLATES_FILE = 'presence-templates.mjs';

export interface PrecompiledTemplates {
  /**
   * Draft templates and partials by template version (none where a function renders no drafts), and the approval
   * mails by file: LoadableTemplate.specKey.
   */
  specs: TemplateSpecs;
  /** The Handlebars runtime, bundled into the module with the specs it was precompiled for. */
  runtime: typeof HandlebarsRuntime;
}

/** The generated module in `assetsDir`; Node's module cache makes it once per container. */
export async function loadPrecompiledTemplates(assetsDir: string): Promise<PrecompiledTemplates> {
  const mod = (await import(pathToFileURL(join(assetsDir, PRECOMPILED_TEMPLATES_FILE)).href)) as Partial<PrecompiledTemplates>;
  if (typeof mod.specs !== 'object' || typeof mod.runtime?.create !== 'function') {
    throw new Error(`${PRECOMPILED_TEMPLATES_FILE} in ${assetsDir} exports no template specs and Handlebars runtime; rebuild the bundle`);
  }
  return { specs: mod.specs, runtime: mod.runtime };
}
