// Reads templates/**/*.hbs for the composition roots. Apart from FileAssets so that a caller which needs only the
// template text (the local approval site's mails) does not load the campaign parser.
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TemplateFiles } from '../../core/render/template-library';

export async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Every .hbs file under `assetsDir`/templates/, by path relative to it with forward slashes. */
export async function readTemplateFiles(assetsDir: string): Promise<TemplateFiles> {
  const root = join(assetsDir, 'templates');
  const files = new Map<string, string>();
  for (const full of (await walk(root)).sort()) {
    if (!full.endsWith('.hbs')) continue;
    files.set(relative(root, full).split(sep).join('/'), await readFile(full, 'utf8'));
  }
  return files;
}
