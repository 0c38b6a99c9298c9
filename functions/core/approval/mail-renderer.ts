// Renders the mails of the approval flow (the rep digest, a fresh link) from the Handlebars templates in
// templates/digest/<language>/. An isolated Handlebars instance keeps helpers and partials of other renderers
// (campaign drafts) apart. HTML templates escape every value; the text and subject templates do not (they are
// not HTML), and a subject never keeps a line break.
// The templates are compiled from source (compile-mail-templates.ts: CLI, local stack, tests) or come precompiled
// from the bundling (precompiled-mail-templates.ts: the Lambda bundles, with the runtime that comes with them);
// this file imports no Handlebars, so either way the render below is the same.
import { LANGUAGES, type Language } from '../model';

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

/**
 * The compile options of a mail template (HTML escapes, subject and text do not): one definition for compile()
 * and precompile(), so a precompiled mail renders exactly as a compiled one.
 */
export function mailCompileOptions(key: string): CompileOptions {
  return { noEscape: !key.endsWith('.html'), strict: false, preventIndent: true };
}

/** One loaded mail template part. */
export type MailTemplate = (data: object) => string;

/** The files of the mail templates a set lacks (templates/digest/<key>.hbs), in key order. */
export function missingMailTemplateFiles(has: (key: string) => boolean): string[] {
  return mailTemplateKeys()
    .filter((k) => !has(k))
    .map((k) => `templates/digest/${k}.hbs`);
}

/** The renderer over loaded templates, keyed as MailTemplateSources; every key of mailTemplateKeys() must be there. */
export function mailRendererOf(templates: ReadonlyMap<string, MailTemplate>): MailRenderer {
  const missing = missingMailTemplateFiles((k) => templates.has(k));
  if (missing.length) throw new Error(`mail templates missing: ${missing.join(', ')}`);
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
