// How a template body becomes a render function, the one thing that differs between the CLI and the Lambda bundles:
//   compiling-engine.ts   parses, checks and compiles the source with the full Handlebars (CLI, local stack, tests,
//                         and the build step that precompiles for the bundles);
//   precompiled-engine.ts takes the template spec precompiled when the function was bundled and the Handlebars
//                         runtime that comes with it, so no Handlebars is in the Lambda bundles.
// TemplateRenderer (helpers, partials, front matter, the template version) is the same for both; the composition
// roots pick the engine.
import type Handlebars from 'handlebars';
import type { RenderContext } from './render-context';

export type TemplateMode = 'html' | 'text';

/**
 * What helpers and partials need of a Handlebars environment: present in the full build's and in the runtime's
 * `create()` alike (the typings of handlebars/runtime claim the compiler too; it is not there).
 */
export type HandlebarsEnvironment = Pick<typeof Handlebars, 'registerHelper' | 'registerPartial' | 'escapeExpression' | 'SafeString'>;

export type TemplateFunction = (context: RenderContext, options?: RuntimeOptions) => string;

export interface LoadableTemplate {
  /** templates/<path>, for messages. */
  file: string;
  mode: TemplateMode;
  /** The template version: SHA-256 of mode and whole source (front matter included); the key of a precompiled spec. */
  hash: string;
  /** The source without its front matter. */
  body: string;
  /** The partials registered in this environment, for the name check. */
  partials: ReadonlySet<string>;
}

/** One isolated Handlebars environment of one mode (html escapes, text does not). */
export interface TemplateEnvironment {
  readonly handlebars: HandlebarsEnvironment;
  /** The render function of a template in this environment; a broken template throws a ValidationError naming the file. */
  load(template: LoadableTemplate): TemplateFunction;
}

export interface TemplateEngine {
  /** A new environment, never the global one; helpers and partials are registered by the caller. */
  environment(mode: TemplateMode): TemplateEnvironment;
}

/**
 * Draft templates and partials precompiled at bundling time, by template version (LoadableTemplate.hash): content
 * addressed, so two files with the same source share a spec and a changed file can never meet a stale one.
 */
export type DraftTemplateSpecs = Readonly<Record<string, { file: string; spec: TemplateSpecification }>>;
