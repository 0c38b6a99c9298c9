// Renders the mails of the approval flow (the rep digest, a fresh link) from the Handlebars templates in
// templates/digest/<language>/. An isolated Handlebars instance keeps helpers and partials of other renderers
// (campaign drafts) apart. HTML templates escape every value; the text and subject templates do not (they are
// not HTML), and a subject never keeps a line break.
import Handlebars from 'handlebars';
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

export interface MailRenderer {
  render(name: MailTemplateName, language: Language, model: object): RenderedMail;
}

export function mailTemplateKeys(): string[] {
  return LANGUAGES.flatMap((lang) => MAIL_TEMPLATES.flatMap((name) => PARTS.map((part) => `${lang}/${name}.${part}`)));
}

export function createMailRenderer(sources: MailTemplateSources): MailRenderer {
  const missing = mailTemplateKeys().filter((k) => typeof sources[k] !== 'string');
  if (missing.length) throw new Error(`mail templates missing: ${missing.map((k) => `templates/digest/${k}.hbs`).join(', ')}`);
  const hb = Handlebars.create();
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const key of mailTemplateKeys()) {
    const isHtml = key.endsWith('.html');
    compiled.set(key, hb.compile(sources[key]!, { noEscape: !isHtml, strict: false, preventIndent: true }));
  }
  return {
    render(name, language, model) {
      const run = (part: (typeof PARTS)[number], data: object) => compiled.get(`${language}/${name}.${part}`)!(data);
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

/** Picks the approval mail templates out of all template files (keys relative to templates/, as FileAssets loads them). */
export function mailTemplateSourcesFrom(files: ReadonlyMap<string, string>): MailTemplateSources {
  const out: MailTemplateSources = {};
  for (const [path, source] of files) {
    const m = /^digest\/(de|en)\/([a-z]+\.(?:subject|html|text))\.hbs$/.exec(path);
    if (m) out[`${m[1]}/${m[2]}`] = source;
  }
  return out;
}
