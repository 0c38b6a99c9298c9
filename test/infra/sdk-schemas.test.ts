// The SDK client copies the bundles use (infra/sdk-schemas.ts): the same schemas at run time, fewer in a bundle.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, SDK_COPIES_DIR, esbuildBuildOptions } from '../../infra/bundling';
import { SCHEMA_INLINED_CLIENTS, inlineSchemaKeys, inlinedSdkClients, packageOfInput } from '../../infra/sdk-schemas';

/** Every export of a schema module as text; a thunk is shown as the name of the export it returns. */
function describeExports(mod: Record<string, unknown>): Map<string, string> {
  const names = new Map<unknown, string>(Object.entries(mod).map(([k, v]) => [v, k]));
  const replacer = (_key: string, value: unknown) => {
    if (typeof value !== 'function') return value;
    let target: unknown;
    try {
      target = (value as () => unknown)();
    } catch {
      return `[function ${value.name}]`; // an error class
    }
    return names.has(target) ? `-> ${names.get(target)}` : `[function ${value.name} -> ${JSON.stringify(target)}]`;
  };
  return new Map(Object.entries(mod).map(([k, v]) => [k, JSON.stringify(v, replacer)]));
}

describe('SDK clients with inlined schema keys', () => {
  const aliases = inlinedSdkClients(PROJECT_ROOT, SDK_COPIES_DIR);

  it.each(SCHEMA_INLINED_CLIENTS)('%s: every exported schema of the copy equals the original', async (pkg) => {
    const schemaFiles = readdirSync(join(PROJECT_ROOT, 'node_modules', pkg, 'dist-es', 'schemas')).filter((f) => f.endsWith('.js'));
    expect(schemaFiles.length).toBeGreaterThan(0);
    for (const file of schemaFiles) {
      const original = (await import(pathToFileURL(join(PROJECT_ROOT, 'node_modules', pkg, 'dist-es', 'schemas', file)).href)) as Record<string, unknown>;
      const copy = (await import(pathToFileURL(join(aliases[pkg]!, 'dist-es', 'schemas', file)).href)) as Record<string, unknown>;
      const before = describeExports(original);
      const after = describeExports(copy);
      expect(before.size).toBeGreaterThan(10);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [name, text] of before) expect(after.get(name), `${pkg} ${file} ${name}`).toBe(text);
    }
  });

  it('names a metafile input of a copy by the package it copies', () => {
    for (const [pkg, dir] of Object.entries(aliases)) {
      expect(packageOfInput(`${dir}/dist-es/schemas/schemas_0.js`.replace(`${PROJECT_ROOT}/`, ''))).toBe(pkg);
    }
    expect(packageOfInput('node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(packageOfInput('node_modules/handlebars/dist/cjs/handlebars.runtime.js')).toBe('handlebars');
    expect(packageOfInput('functions/core/ids.ts')).toBeUndefined();
  });

  it('writes the computed keys of a schema module as the string constants they name', () => {
    const source = ['const _h = "http";', 'const _e = "error";', 'export var A$ = [9, n0, _A, { [_h]: ["POST", "/a", 200] }, 0, 0];', 'export var B$ = [-3, n0, _B,\n  { [_e]: _c,\n    [_h]: 400 }, [], []];'].join('\n');
    const { text, keys } = inlineSchemaKeys(source, 'schemas_0.js');
    expect(keys).toBe(3);
    expect(text).toContain('{ "http": ["POST", "/a", 200] }');
    expect(text).toContain('{ "error": _c,\n    "http": 400 }');
    expect(text).not.toMatch(/\[_[a-z]\]/);
  });

  it('stops on a computed key it cannot prove to be a string, naming the file and the key', () => {
    expect(() => inlineSchemaKeys('const _h = "http";\nexport var A$ = [9, { [_x]: 1 }];', 'dist-es/schemas/schemas_0.js')).toThrow(
      /dist-es\/schemas\/schemas_0\.js: the computed key \[_x\] is not a string constant/,
    );
    expect(() => inlineSchemaKeys('const _h = "http";\nexport var A$ = f([_h]: 1);', 'schemas_1.js')).toThrow(/schemas_1\.js: the computed key \[_h\] is in a place/);
  });

  it('leaves the schemas of SES operations a function never calls out of its bundle', async () => {
    const result = await build({ ...esbuildBuildOptions('send-approved', '/tmp/presence-sdk-schemas-test/index.mjs'), write: false });
    const bundle = result.outputFiles![0]!.text;
    // SendEmail is called; the contact-list operations are not
    expect(bundle).toContain('/v2/email/outbound-emails');
    expect(bundle).not.toContain('/v2/email/contact-lists');
    const sesSchemaBytes = Object.entries(Object.values(result.metafile!.outputs)[0]!.inputs)
      .filter(([path]) => path.includes('client-sesv2') && path.includes('/schemas/'))
      .reduce((sum, [, v]) => sum + v.bytesInOutput, 0);
    expect(sesSchemaBytes).toBeGreaterThan(0);
    expect(sesSchemaBytes).toBeLessThan(15_000);
  }, 60_000);
});
