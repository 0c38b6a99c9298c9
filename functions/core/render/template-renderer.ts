// The Handlebars environments. Two isolated environments (Handlebars.create()), never the global one:
//   html: values escaped (the HTML part of a mail);
//   text: noEscape (plain-text part, subjects, letters, tasks); its output is cleaned by sanitize.ts.
// They are separate because Handlebars compiles a string partial lazily with the options of the first template
// that uses it and caches the result: sharing partials between an escaping and a non-escaping template would let
// the text settings leak into HTML. Here every partial is compiled up front, once per environment.
//
// Templates compile with `strict: true` (a misspelt variable throws) and `knownHelpersOnly` (a misspelt helper
// fails at load time). No allowProto* runtime option is ever passed: prototype properties stay unreachable.
// Compiled templates are cached by a hash of their content, so each version of a template compiles once.
import Handlebars from 'handlebars';
import { ValidationError } from '../errors';
import { sha256Hex } from '../ids';
import type { FrontMatterReader } from './front-matter';
import { HELPER_NAMES, registerHelpers } from './helpers';
import { CONTEXT_KEYS, type RenderContext } from './render-context';

export type TemplateMode = 'html' | 'text';
type Env = typeof Handlebars;

export interface CompiledTemplate {
  /** Where it came from, for messages: templates/<path>. */
  file: string;
  mode: TemplateMode;
  /** SHA-256 of mode and source: the template version. */
  hash: string;
  /** Contact fields declared in the front matter. */
  required: readonly string[];
  /** The raw output; callers clean it for its place (tidyText, singleLine, tidyHtml). */
  render(context: RenderContext): string;
}

export interface PartialSource {
  name: string;
  mode: TemplateMode;
  file: string;
  source: string;
}

const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
const ALL_HELPERS: readonly string[] = [...BUILTIN_HELPERS, ...HELPER_NAMES];
/** Block helpers that change `this`; paths inside them are relative and not checked against the root shape. */
const SCOPE_HELPERS = ['each', 'with'];

function compileOptions(mode: TemplateMode): CompileOptions {
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

export class TemplateRenderer {
  private readonly envs: Record<TemplateMode, Env>;
  private readonly partialNames: Record<TemplateMode, Set<string>> = { html: new Set(), text: new Set() };
  private readonly cache = new Map<string, CompiledTemplate>();

  /**
   * @param readFrontMatter splits a template into its front matter and body: the YAML parser where templates are
   *   read from files (CLI, local stack), a look-up in the build-time manifest in the planner's Lambda bundle
   */
  constructor(
    partials: readonly PartialSource[],
    private readonly readFrontMatter: FrontMatterReader,
  ) {
    this.envs = { html: Handlebars.create(), text: Handlebars.create() };
    registerHelpers(this.envs.html, 'html');
    registerHelpers(this.envs.text, 'text');
    for (const p of partials) this.partialNames[p.mode].add(p.name);
    // Partials may use each other, so names are known before any of them is checked.
    for (const p of partials) {
      const compiled = this.compile(p.file, p.source, p.mode);
      this.envs[p.mode].registerPartial(p.name, (ctx: RenderContext, opts?: RuntimeOptions) => compiled.renderWith(ctx, opts));
    }
  }

  /** How many distinct template versions were compiled (for tests of the cache). */
  get compiledCount(): number {
    return this.cache.size;
  }

  compile(file: string, source: string, mode: TemplateMode): CompiledTemplate & { renderWith(ctx: RenderContext, opts?: RuntimeOptions): string } {
    const hash = sha256Hex(`${mode}\0${source}`);
    const hit = this.cache.get(hash);
    if (hit) return hit as CompiledTemplate & { renderWith(ctx: RenderContext, opts?: RuntimeOptions): string };
    const env = this.envs[mode];
    const { frontMatter, body } = this.readFrontMatter(source, file);
    let ast: hbs.AST.Program;
    try {
      ast = env.parse(body);
    } catch (e) {
      throw invalid(file, (e instanceof Error ? e.message : String(e)).replace(/\n[\s\S]*$/, ''));
    }
    checkNames(ast, file, this.partialNames[mode]);
    const options = compileOptions(mode);
    try {
      // compile() is lazy; precompiling once surfaces unknown helpers now, when the template is loaded.
      env.precompile(body, options);
    } catch (e) {
      throw invalid(file, e instanceof Error ? e.message : String(e));
    }
    const fn = env.compile<RenderContext>(body, options);
    const compiled = {
      file,
      mode,
      hash,
      required: frontMatter.required,
      render: (context: RenderContext) => fn(context),
      renderWith: (context: RenderContext, opts?: RuntimeOptions) => fn(context, opts),
    };
    this.cache.set(hash, compiled);
    return compiled;
  }
}
