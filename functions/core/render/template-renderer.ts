// The Handlebars environments. Two isolated environments, never the global one:
//   html: values escaped (the HTML part of a mail);
//   text: noEscape (plain-text part, subjects, letters, tasks); its output is cleaned by sanitize.ts.
// They are separate because Handlebars compiles a string partial lazily with the options of the first template
// that uses it and caches the result: sharing partials between an escaping and a non-escaping template would let
// the text settings leak into HTML. Here every partial is loaded up front, once per environment.
//
// How a template body becomes a render function is the engine's business (template-engine.ts): compiled from source
// and checked (compiling-engine.ts: strict, knownHelpersOnly, variable and partial names) or taken from its spec
// precompiled at bundling time with the same checks (precompiled-engine.ts). This file imports no Handlebars, so a
// bundle with the precompiled engine carries none (the runtime comes with the precompiled specs).
// No allowProto* runtime option is ever passed: prototype properties stay unreachable.
// Loaded templates are cached by a hash of their content, so each version of a template is loaded once.
import { sha256Hex } from '../ids';
import type { FrontMatterReader } from './front-matter';
import { registerHelpers } from './helpers';
import type { RenderContext } from './render-context';
import type { TemplateEngine, TemplateEnvironment, TemplateFunction, TemplateMode } from './template-engine';

export type { TemplateMode } from './template-engine';

export interface CompiledTemplate {
  /** Where it came from, for messages: templates/<path>. */
  file: string;
  mode: TemplateMode;
  /** SHA-256 of mode and source: the template version. */
  hash: string;
  /** Contact fields declared in the front matter. */
  required: readonly string[];
  /** The raw output; callers clean it for its place (tidyText, singleLine, tidyHtml). */
  render(context: RenderContext): string;
}

export interface PartialSource {
  name: string;
  mode: TemplateMode;
  file: string;
  source: string;
}

export class TemplateRenderer {
  private readonly envs: Record<TemplateMode, TemplateEnvironment>;
  private readonly partialNames: Record<TemplateMode, Set<string>> = { html: new Set(), text: new Set() };
  private readonly cache = new Map<string, CompiledTemplate & { renderWith: TemplateFunction }>();

  /**
   * @param readFrontMatter splits a template into its front matter and body: the YAML parser where templates are
   *   read from files (CLI, local stack), a look-up in the build-time manifest in the planner's Lambda bundle
   * @param engine compiles the bodies from source (compilingEngine) or takes their precompiled specs
   *   (precompiledEngine, in the Lambda bundles)
   */
  constructor(
    partials: readonly PartialSource[],
    private readonly readFrontMatter: FrontMatterReader,
    engine: TemplateEngine,
  ) {
    this.envs = { html: engine.environment('draft', 'html'), text: engine.environment('draft', 'text') };
    registerHelpers(this.envs.html.handlebars, 'html');
    registerHelpers(this.envs.text.handlebars, 'text');
    for (const p of partials) this.partialNames[p.mode].add(p.name);
    // Partials may use each other, so names are known before any of them is checked.
    for (const p of partials) {
      const compiled = this.compile(p.file, p.source, p.mode);
      this.envs[p.mode].handlebars.registerPartial(p.name, (ctx: RenderContext, opts?: RuntimeOptions) => compiled.renderWith(ctx, opts));
    }
  }

  /** How many distinct template versions were loaded (for tests of the cache). */
  get compiledCount(): number {
    return this.cache.size;
  }

  compile(file: string, source: string, mode: TemplateMode): CompiledTemplate & { renderWith: TemplateFunction } {
    const hash = sha256Hex(`${mode}\0${source}`);
    const hit = this.cache.get(hash);
    if (hit) return hit;
    const { frontMatter, body } = this.readFrontMatter(source, file);
    const fn = this.envs[mode].load({ file, family: 'draft', mode, specKey: hash, body, partials: this.partialNames[mode] });
    const compiled = {
      file,
      mode,
      hash,
      required: frontMatter.required,
      render: (context: RenderContext) => fn(context),
      renderWith: fn,
    };
    this.cache.set(hash, compiled);
    return compiled;
  }
}
