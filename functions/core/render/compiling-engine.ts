// The compiling engine (template-engine.ts): templates parsed, checked and compiled from source with the full
// Handlebars. Used wherever the source is at hand (CLI, local stack, tests) and by the build step that precompiles the
// templates for the Lambda bundles (infra/build-templates.ts), which records the spec of every template it loads, so a
// template that fails here fails the build with the same message.
//
// Draft templates compile with `strict: true` (a misspelt variable throws) and `knownHelpersOnly` (a misspelt helper
// fails at load time); variable and partial names are checked against the render context before compiling. Mail
// templates render the core's mail view models, whose optional parts are simply absent: not strict, no name check.
import Handlebars from 'handlebars';
import { ValidationError } from '../errors';
import { HELPER_NAMES } from './helpers';
import { CONTEXT_KEYS } from './render-context';
import type { LoadableTemplate, TemplateEngine, TemplateEnvironment, TemplateFamily, TemplateMode } from './template-engine';

const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
const ALL_HELPERS: readonly string[] = [...BUILTIN_HELPERS, ...HELPER_NAMES];
/** Block helpers that change `this`; paths inside them are relative and not checked against the root shape. */
const SCOPE_HELPERS = ['each', 'with'];

/** The same for compile() and precompile(): a precompiled template renders exactly as a compiled one. */
export function compileOptions(family: TemplateFamily, mode: TemplateMode): CompileOptions {
  if (family === 'mail') return { noEscape: mode === 'text', strict: false, preventIndent: true };
  return {
    strict: true,
    noEscape: mode === 'text',
    knownHelpers: Object.fromEntries(HELPER_NAMES.map((n) => [n, true])),
    knownHelpersOnly: true,
  };
}

function invalid(file: string, message: string): ValidationError {
  return new ValidationError(`${file}: ${message}`, [{ path: file, message }]);
}

type Node = hbs.AST.Node & Record<string, unknown>;

/** Checks the names a template uses: variables against the render context, partials against the registered ones. */
function checkNames(program: hbs.AST.Program, file: string, partials: ReadonlySet<string>): void {
  const checkPath = (p: hbs.AST.PathExpression, atRoot: boolean) => {
    let parts = p.parts;
    if (p.data) {
      if (parts[0] !== 'root') return; // @index, @key, @first ...
      parts = parts.slice(1);
    } else if (!atRoot || p.depth > 0 || parts.length === 0) {
      return;
    }
    const [head, key, sub] = parts;
    if (head === undefined) return;
    if (!(CONTEXT_KEYS.root as readonly string[]).includes(head)) {
      throw invalid(file, `unknown variable "${p.original}" (line ${p.loc.start.line}); use ${CONTEXT_KEYS.root.join(', ')}`);
    }
    if (key === undefined) return;
    const keys = (CONTEXT_KEYS as Record<string, readonly string[]>)[head];
    if (keys && !keys.includes(key)) {
      throw invalid(file, `unknown variable "${p.original}" (line ${p.loc.start.line}); ${head} has ${keys.join(', ')}`);
    }
    if (head === 'contact' && key === 'address' && sub !== undefined && !CONTEXT_KEYS['contact.address'].includes(sub as never)) {
      throw invalid(file, `unknown variable "${p.original}" (line ${p.loc.start.line}); address has ${CONTEXT_KEYS['contact.address'].join(', ')}`);
    }
  };

  const visit = (node: Node | null | undefined, atRoot: boolean): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const n of (node as unknown as hbs.AST.Program).body) visit(n as Node, atRoot);
        return;
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        const n = node as unknown as hbs.AST.BlockStatement;
        const callee = n.path as hbs.AST.PathExpression;
        const isHelper = callee.type === 'PathExpression' && ALL_HELPERS.includes(callee.original);
        if (!isHelper) visit(callee as unknown as Node, atRoot);
        for (const p of n.params ?? []) visit(p as unknown as Node, atRoot);
        for (const pair of n.hash?.pairs ?? []) visit(pair.value as unknown as Node, atRoot);
        if (node.type === 'BlockStatement') {
          visit(n.program as unknown as Node, atRoot && !SCOPE_HELPERS.includes(callee.original));
          visit(n.inverse as unknown as Node, atRoot);
        }
        return;
      }
      case 'PathExpression':
        checkPath(node as unknown as hbs.AST.PathExpression, atRoot);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const name = (node as unknown as hbs.AST.PartialStatement).name;
        if (name.type !== 'PathExpression' || !partials.has((name as hbs.AST.PathExpression).original)) {
          const shown = name.type === 'PathExpression' ? (name as hbs.AST.PathExpression).original : 'a dynamic partial';
          throw invalid(file, `unknown partial "${shown}"; use ${[...partials].join(', ') || 'none'}`);
        }
        return;
      }
      case 'Decorator':
      case 'DecoratorBlock':
        throw invalid(file, 'decorators are not supported');
      default:
        return;
    }
  };
  visit(program as unknown as Node, true);
}

/** Parses, checks and precompiles once: a broken template fails now, not at its first render. Returns the spec's source. */
function checkedSpec(env: typeof Handlebars, t: LoadableTemplate & { body: string }): string {
  let ast: hbs.AST.Program;
  try {
    ast = env.parse(t.body);
  } catch (e) {
    throw invalid(t.file, (e instanceof Error ? e.message : String(e)).replace(/\n[\s\S]*$/, ''));
  }
  if (t.family === 'draft') checkNames(ast, t.file, t.partials);
  try {
    // compile() is lazy; precompiling surfaces unknown helpers now, when the template is loaded.
    return env.precompile(t.body, compileOptions(t.family, t.mode)) as unknown as string;
  } catch (e) {
    throw invalid(t.file, e instanceof Error ? e.message : String(e));
  }
}

/**
 * @param onSpec called with the precompiled spec (JavaScript source of an object literal) of every template
 *   loaded: how the build step collects what the precompiled engine will get
 */
export function compilingEngine(onSpec?: (template: LoadableTemplate & { body: string }, spec: string) => void): TemplateEngine {
  return {
    environment(): TemplateEnvironment {
      const env = Handlebars.create();
      return {
        handlebars: env,
        load(t) {
          if (t.body === undefined) throw invalid(t.file, 'the template file is missing');
          const source = { ...t, body: t.body };
          const spec = checkedSpec(env, source);
          onSpec?.(source, spec);
          const fn = env.compile(t.body, compileOptions(t.family, t.mode));
          return (context, options) => fn(context, options);
        },
      };
    },
  };
}
