// The approval mails in the Lambda bundles: precompiled when the function was bundled (infra/build-templates.ts,
// with compile-mail-templates.ts), handed to the Handlebars runtime here, so the bundle carries no compiler.
import HandlebarsRuntime from 'handlebars/runtime';
import { mailRendererOf, type MailRenderer, type MailTemplate } from './mail-renderer';

/** Mail template specs precompiled at bundling time, keyed `<language>/<name>.<part>` as MailTemplateSources. */
export type MailTemplateSpecs = Readonly<Record<string, TemplateSpecification>>;

export function precompiledMailRenderer(specs: MailTemplateSpecs): MailRenderer {
  const hb = HandlebarsRuntime.create();
  const templates = new Map<string, MailTemplate>();
  for (const [key, spec] of Object.entries(specs)) templates.set(key, hb.template(spec));
  return mailRendererOf(templates);
}
