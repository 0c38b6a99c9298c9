// The one template machinery of presence: how a template body becomes a render function, for both families of
// templates, the campaign drafts (TemplateRenderer) and the approval mails (approval/mail-renderer.ts). It is the one
// thing that differs between the CLI and the Lambda bundles:
//   compiling-engine.ts   parses, checks and compiles the source with the full Handlebars (CLI, local stack, tests,
//                         and the build step that precompiles for the bundles);
//   precompiled-engine.ts takes the template spec precompiled when the function was bundled and the Handlebars
//                         runtime that comes with it, so no Handlebars is in the Lambda bundles.
// What a family adds on top (helpers, partials, front matter, the draft's template version; the mail's subject
// handed to its bodies) is the same for both engines; the composition roots pick the engine.
import type Handlebars from 'handlebars';

export type TemplateMode = 'html' | 'text';

/**
 * draft: a campaign's templates and partials, strict, only known helpers, names checked against the render context;
 * mail: the approval mails (digest, new link), whose models are the core's mail view models.
 */
export type TemplateFamily = 'draft' | 'mail';

/**
 * What helpers and partials need of a Handlebars environment: present in the full build's and in the runtime's
 * `create()` alike (the typings of handlebars/runtime claim the compiler too; it is not there).
 */
export type HandlebarsEnvironment = Pick<typeof Handlebars, 'registerHelper' | 'registerPartial' | 'escapeExpression' | 'SafeString'>;

/** A loaded template: a draft's RenderContext or a mail's view model in, the raw output out. */
export type TemplateFunction = (context: object, options?: RuntimeOptions) => string;

export interface LoadableTemplate {
  /** templates/<path>, for messages. */
  file: string;
  family: TemplateFamily;
  mode: TemplateMode;
  /**
   * Where the precompiled engine finds the spec: a draft template's version (SHA-256 of mode and whole source, front
   * matter included), so a changed file never meets a stale spec; a mail template's file (mails change only with a
   * deployment, and the approval site's bundle carries their specs, not their sources).
   */
  specKey: string;
  /** The source without its front matter; undefined where a template file is missing (the compiling engine says so). */
  body: string | undefined;
  /** The partials registered in this environment, for the name check. */
  partials: ReadonlySet<string>;
}

/** One isolated Handlebars environment of one family and mode (html escapes, text does not). */
export interface TemplateEnvironment {
  readonly handlebars: HandlebarsEnvironment;
  /** The render function of a template in this environment; a broken template throws a ValidationError naming the file. */
  load(template: LoadableTemplate): TemplateFunction;
}

export interface TemplateEngine {
  /** A new environment, never the global one; helpers and partials are registered by the caller. */
  environment(family: TemplateFamily, mode: TemplateMode): TemplateEnvironment;
}

/** Templates precompiled at bundling time, of both families, by LoadableTemplate.specKey. */
export type TemplateSpecs = Readonly<Record<string, { file: string; spec: TemplateSpecification }>>;
