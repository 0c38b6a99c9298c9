// The approval mails in the Lambda bundles: precompiled when the function was bundled (infra/build-templates.ts,
// with compile-mail-templates.ts), handed to the Handlebars runtime that comes with them, so the bundle carries no
// Handlebars.
import type HandlebarsRuntime from 'handlebars/runtime';
import { mailRendererOf, type MailRenderer, type MailTemplate } from './mail-renderer';

/** Mail template specs precompiled at bundling time, keyed `<language>/<name>.<part>` as MailTemplateSources. */
export type MailTemplateSpecs = Readonly<Record<string, TemplateSpecification>>;

export function precompiledMailRenderer(specs: MailTemplateSpecs, runtime: typeof HandlebarsRuntime): MailRenderer {
  const hb = runtime.create();
  const templates = new Map<string, MailTemplate>();
  for (const [key, spec] of Object.entries(specs)) templates.set(key, hb.template(spec));
  return mailRendererOf(templates);
}
