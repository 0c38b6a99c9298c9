// The AWS SDK clients as the Lambda bundles take them: a copy of each client package whose schema modules write their
// property keys as literals, so esbuild can drop the schemas of the operations a function never calls.
//
// Why: since the SDK describes operations as schemas (dist-es/schemas/schemas_0.js), every operation and shape is one
// exported constant, and esbuild drops the unused ones only if their initializers are free of side effects. The
// generated code writes many keys as computed keys, `{ [_h]: ["POST", "/v2/email/outbound-emails", 200] }`, with
// `const _h = "http"` at the top of the file; esbuild does not prove a computed key free of side effects (converting
// the key to a string may call code), so it keeps every such constant and all the shapes it reaches. For SES v2 that is
// the schemas of all its operations, about 43 kB of each bundle that sends mail, where two operations are used.
//
// The copy is the same code with each `[_name]:` key written as the string that `const _name = "..."` in the same file
// holds, which is the same object at run time (test/infra/sdk-schemas.test.ts compares every exported schema of both).
// A computed key whose name is not such a string constant stops the build with the file and the name, so an SDK
// update that changes the generated code cannot slip through unnoticed. NodejsFunction runs esbuild's command line,
// which takes no plugins; the copies are made before bundling and reached through esbuild aliases
// (infra/bundling.ts).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The clients the functions bundle (functions/handlers/aws/compose.ts). */
export const SCHEMA_INLINED_CLIENTS = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sesv2', '@aws-sdk/client-sqs'] as const;

const STRING_CONST = /^const (_[A-Za-z0-9]+) = ("(?:[^"\\]|\\.)*");$/gm;
const COMPUTED_KEY = /([{,]\s*)\[(_[A-Za-z0-9]+)\]:/g;

/** Rewrites the computed keys of one generated schema module as literal keys; `file` names it in errors. */
export function inlineSchemaKeys(source: string, file: string): { text: string; keys: number } {
  const constants = new Map<string, string>();
  for (const m of source.matchAll(STRING_CONST)) constants.set(m[1]!, m[2]!);
  let keys = 0;
  const text = source.replace(COMPUTED_KEY, (_all, before: string, name: string) => {
    const literal = constants.get(name);
    if (literal === undefined) {
      throw new Error(`${file}: the computed key [${name}] is not a string constant of that file; infra/sdk-schemas.ts cannot inline it (did the SDK's generated code change?)`);
    }
    keys += 1;
    return `${before}${literal}:`;
  });
  const left = /\[(_[A-Za-z0-9]+)\]:/.exec(text);
  if (left) throw new Error(`${file}: the computed key [${left[1]}] is in a place infra/sdk-schemas.ts does not rewrite (did the SDK's generated code change?)`);
  return { text, keys };
}

/**
 * Makes (once per package version) the inlined copy of each client under `cacheDir` and returns esbuild aliases from
 * the package name to its copy. The copy lies inside the project's node_modules, so the client's own imports
 * (@smithy/*, @aws-sdk/core ...) resolve to the same files as everyone else's.
 */
export function inlinedSdkClients(projectRoot: string, cacheDir: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const pkg of SCHEMA_INLINED_CLIENTS) {
    const source = join(projectRoot, 'node_modules', pkg);
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string };
    if (existsSync(join(source, 'node_modules'))) {
      throw new Error(`${pkg} has its own node_modules; infra/sdk-schemas.ts copies only dist-es and would lose them`);
    }
    // named <scope>+<name>@<version>: packageOfInput reads the name back
    const target = join(cacheDir, `${pkg.replace('/', '+')}@${manifest.version}`);
    if (!existsSync(join(target, 'package.json'))) makeCopy(source, target);
    aliases[pkg] = target;
  }
  return aliases;
}

function makeCopy(source: string, target: string): void {
  // built beside the target and renamed into place, so a bundling run that starts at the same moment never sees half
  const work = `${target}.${process.pid}.tmp`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(join(source, 'dist-es'), join(work, 'dist-es'), { recursive: true });
  const schemas = join(work, 'dist-es', 'schemas');
  for (const name of readdirSync(schemas).filter((f) => f.endsWith('.js'))) {
    const file = join(schemas, name);
    writeFileSync(file, inlineSchemaKeys(readFileSync(file, 'utf8'), `${source}/dist-es/schemas/${name}`).text);
  }
  cpSync(join(source, 'package.json'), join(work, 'package.json'));
  try {
    renameSync(work, target);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(join(target, 'package.json'))) throw error;
  }
}

/**
 * The package an esbuild metafile input belongs to (`@scope/name` or `name`), the client copies named as the packages
 * they copy; a project file gives undefined.
 */
export function packageOfInput(path: string): string | undefined {
  const copy = /node_modules\/\.cache\/[^/]+\/(@[^/+]+)\+([^/@]+)@[^/]+\//.exec(path);
  if (copy) return `${copy[1]}/${copy[2]}`;
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
}
