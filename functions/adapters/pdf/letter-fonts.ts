// The fonts embedded in letters: DejaVu Sans Condensed (regular and bold; about as wide as Arial, so a usual
// company name fits the window), which covers Latin Extended, so names such as
// Łukasz Wąsik, Çelik or Müller print as written. They come from the npm package dejavu-fonts-ttf (Bitstream
// Vera licence, free to embed); a Lambda bundle carries a copy in fonts/ beside the bundled code.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LetterFonts {
  regular: Buffer;
  bold: Buffer;
}

export const LETTER_FONT_FILES = { regular: 'DejaVuSansCondensed.ttf', bold: 'DejaVuSansCondensed-Bold.ttf' } as const;

const loaded = new Map<string, LetterFonts>();

/** The folders looked at, in order: the given one, fonts/ beside this module (bundles), the npm package. */
export function letterFontDirs(dir?: string): string[] {
  const dirs: string[] = [];
  if (dir) dirs.push(dir);
  const here = moduleDir();
  if (here) dirs.push(join(here, 'fonts'));
  try {
    const require = createRequire(here ? join(here, 'x.js') : join(process.cwd(), 'x.js'));
    dirs.push(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch {
    // not installed next to a bundle: the fonts/ copy must be there
  }
  return dirs;
}

/** Reads the fonts once per process; they are shared by every document. */
export function loadLetterFonts(dir?: string): LetterFonts {
  const dirs = letterFontDirs(dir);
  const found = dirs.find((d) => existsSync(join(d, LETTER_FONT_FILES.regular)) && existsSync(join(d, LETTER_FONT_FILES.bold)));
  if (!found) throw new Error(`letter fonts (${Object.values(LETTER_FONT_FILES).join(', ')}) not found in: ${dirs.join(', ')}`);
  let fonts = loaded.get(found);
  if (!fonts) {
    fonts = { regular: readFileSync(join(found, LETTER_FONT_FILES.regular)), bold: readFileSync(join(found, LETTER_FONT_FILES.bold)) };
    loaded.set(found, fonts);
  }
  return fonts;
}

function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined; // a CommonJS bundle has no import.meta.url
  }
}
