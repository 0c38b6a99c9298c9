// The precompiled engine (template-engine.ts) of the Lambda bundles: every template was parsed, checked and
// precompiled when the function was bundled (infra/build-templates.ts, with compiling-engine.ts), so here a template
// is only its spec handed to the Handlebars runtime. The runtime comes with the specs, from the same generated module
// (adapters/templates/precompiled-templates.ts), so the bundles carry no Handlebars at all (neither the compiler,
// ~80 kB minified, nor the runtime), and nothing is compiled or evaluated from source in the container.
import type HandlebarsRuntime from 'handlebars/runtime';
import type { TemplateEngine, TemplateEnvironment, TemplateSpecs } from './template-engine';

/**
 * @param specs the specs written at bundling time, by spec key (a draft template's version, a mail template's file)
 * @param runtime the Handlebars runtime they were written for
 */
export function precompiledEngine(specs: TemplateSpecs, runtime: typeof HandlebarsRuntime): TemplateEngine {
  return {
    environment(): TemplateEnvironment {
      const env = runtime.create();
      return {
        handlebars: env,
        load(t) {
          const entry = Object.hasOwn(specs, t.specKey) ? specs[t.specKey] : undefined;
          // a template the bundle was not built with: a build fault, not a template problem
          if (entry === undefined) throw new Error(`${t.file} (${t.mode}) is not among the precompiled templates as given; rebuild the bundle`);
          const fn = env.template<object>(entry.spec);
          return (context, options) => fn(context, options);
        },
      };
    },
  };
}
