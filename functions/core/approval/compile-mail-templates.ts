// The approval mails compiled from their sources with the full Handlebars: the CLI, the local stack and the tests,
// and the build step that precompiles them for the Lambda bundles (infra/build-templates.ts).
import Handlebars from 'handlebars';
import { ValidationError } from '../errors';
import { mailCompileOptions, mailRendererOf, mailTemplateKeys, missingMailTemplateFiles, type MailRenderer, type MailTemplate, type MailTemplateSources } from './mail-renderer';

export function createMailRenderer(sources: MailTemplateSources): MailRenderer {
  const hb = Handlebars.create();
  const compiled = new Map<string, MailTemplate>();
  for (const key of mailTemplateKeys()) {
    const source = sources[key];
    if (typeof source === 'string') compiled.set(key, hb.compile(source, mailCompileOptions(key)));
  }
  return mailRendererOf(compiled);
}

/** Every mail template's precompiled spec (JavaScript source of an object literal), by key; throws if one is missing or broken. */
export function precompileMailTemplates(sources: MailTemplateSources): Record<string, string> {
  const hb = Handlebars.create();
  const specs: Record<string, string> = {};
  const missing = missingMailTemplateFiles((k) => typeof sources[k] === 'string');
  if (missing.length) throw new ValidationError(`mail templates missing: ${missing.join(', ')}`, missing.map((path) => ({ path, message: 'missing' })));
  for (const key of mailTemplateKeys()) {
    try {
      specs[key] = hb.precompile(sources[key]!, mailCompileOptions(key)) as unknown as string;
    } catch (e) {
      const path = `templates/digest/${key}.hbs`;
      const message = e instanceof Error ? e.message : String(e);
      throw new ValidationError(`${path}: ${message}`, [{ path, message }]);
    }
  }
  return specs;
}
