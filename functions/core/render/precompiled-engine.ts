// The precompiled engine (template-engine.ts) of the Lambda bundles: every template was parsed, checked and
// precompiled when the function was bundled (infra/build-templates.ts, with compiling-engine.ts), so here a template
// is only its spec handed to the Handlebars runtime. Importing handlebars/runtime instead of handlebars keeps the
// compiler (parser, code generator: ~80 kB minified) out of the bundle, and nothing is compiled or evaluated from
// source in the container.
import HandlebarsRuntime from 'handlebars/runtime';
import type { RenderContext } from './render-context';
import type { DraftTemplateSpecs, TemplateEngine, TemplateEnvironment } from './template-engine';

/** @param specs the specs written at bundling time, by template version */
export function precompiledEngine(specs: DraftTemplateSpecs): TemplateEngine {
  return {
    environment(): TemplateEnvironment {
      const env = HandlebarsRuntime.create();
      return {
        handlebars: env,
        load(t) {
          const entry = Object.hasOwn(specs, t.hash) ? specs[t.hash] : undefined;
          // a template the bundle was not built with: a build fault, not a template problem
          if (entry === undefined) throw new Error(`${t.file} (${t.mode}) is not among the precompiled templates as given; rebuild the bundle`);
          const fn = env.template<RenderContext>(entry.spec);
          return (context, options) => fn(context, options);
        },
      };
    },
  };
}
