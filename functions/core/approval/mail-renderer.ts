// Renders the mails of the approval flow (the rep digest, a fresh link) from the Handlebars templates in
// templates/digest/<language>/, through the one template machinery (render/template-engine.ts): compiled from source
// (compilingEngine: CLI, local stack, tests, and the build step) or precompiled at bundling (precompiledEngine: the
// Lambda bundles). Mail environments are their own, so helpers and partials of the campaign drafts never reach them.
// HTML templates escape every value; the text and subject templates do not (they are not HTML), and a subject never
// keeps a line break. This file imports no Handlebars, so either way the render below is the same.
import { ValidationError } from '../errors';
import { LANGUAGES, type Language } from '../model';
import type { LoadableTemplate, TemplateEngine, TemplateFunction } from '../render/template-engine';

export const MAIL_TEMPLATES = ['digest', 'link'] as const;
export type MailTemplateName = (typeof MAIL_TEMPLATES)[number];
const PARTS = ['subject', 'html', 'text'] as const;

/** Template sources keyed `<language>/<name>.<part>`, e.g. `de/digest.html` (from templates/digest/de/digest.html.hbs). */
export type MailTemplateSources = Record<string, string>;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** Renders a mail; a promise, so a renderer may load its templates when first asked (mailRendererWhenFirstUsed). */
export interface MailRenderer {
  render(name: MailTemplateName, language: Language, model: object): Promise<RenderedMail>;
}

export function mailTemplateKeys(): string[] {
  return LANGUAGES.flatMap((lang) => MAIL_TEMPLATES.flatMap((name) => PARTS.map((part) => `${lang}/${name}.${part}`)));
}

/** The template file of a mail part, relative to templates/ (and its spec key in the precompiled module). */
export function mailTemplateFile(key: string): string {
  return `digest/${key}.hbs`;
}

/** Every mail template part as the engine loads it; `sources` are needed where the engine compiles them. */
export function mailTemplates(sources: MailTemplateSources = {}): Array<LoadableTemplate & { key: string }> {
  return mailTemplateKeys().map((key) => ({
    key,
    file: `templates/${mailTemplateFile(key)}`,
    family: 'mail' as const,
    mode: key.endsWith('.html') ? ('html' as const) : ('text' as const),
    specKey: mailTemplateFile(key),
    body: Object.hasOwn(sources, key) ? sources[key] : undefined,
    partials: new Set<string>(),
  }));
}

/**
 * The approval mails loaded with `engine`, every part at once, so a missing or broken template fails here, naming
 * its file, and not at the first digest.
 * @param sources the template sources (mailTemplateSourcesFrom): what a compiling engine compiles; a precompiled
 *   engine has the specs already and needs none
 */
export function loadMailRenderer(engine: TemplateEngine, sources?: MailTemplateSources): MailRenderer {
  const envs = { html: engine.environment('mail', 'html'), text: engine.environment('mail', 'text') };
  const templates = new Map<string, TemplateFunction>();
  const missing: string[] = [];
  for (const t of mailTemplates(sources)) {
    if (sources && t.body === undefined) missing.push(t.file);
    else templates.set(t.key, envs[t.mode].load(t));
  }
  if (missing.length) throw new ValidationError(`mail templates missing: ${missing.join(', ')}`, missing.map((path) => ({ path, message: 'missing' })));
  return {
    async render(name, language, model) {
      const run = (part: (typeof PARTS)[number], data: object) => templates.get(`${language}/${name}.${part}`)!(data);
      // the subject is rendered first and handed to the bodies (the HTML <title>)
      const subject = run('subject', model).replace(/[\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim();
      const withSubject = { ...model, subject };
      return {
        subject,
        html: run('html', withSubject),
        text: run('text', withSubject).replace(/\n{3,}/g, '\n\n').trim() + '\n',
      };
    },
  };
}

/**
 * A renderer that loads its templates when the first mail is rendered, once; a failed load is not kept, the next mail
 * tries again. The approval site uses it: most of its requests send no mail, so they never load the templates.
 */
export function mailRendererWhenFirstUsed(load: () => Promise<MailRenderer>): MailRenderer {
  let loaded: Promise<MailRenderer> | undefined;
  return {
    async render(name, language, model) {
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      return (await loaded).render(name, language, model);
    },
  };
}

/** Picks the approval mail templates out of all template files (keys relative to templates/, as FileAssets loads them). */
export function mailTemplateSourcesFrom(files: ReadonlyMap<string, string>): MailTemplateSources {
  const out: MailTemplateSources = {};
  for (const [path, source] of files) {
    const m = /^digest\/(de|en)\/([a-z]+\.(?:subject|html|text))\.hbs$/.exec(path);
    if (m) out[`${m[1]}/${m[2]}`] = source;
  }
  return out;
}
