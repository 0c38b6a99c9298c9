// Reading esbuild's metafile: which package an input of a bundle belongs to, for the bundle tests and the
// cold-start bench's "largest parts" column.

/** The package an esbuild metafile input belongs to (`@scope/name` or `name`); a project file gives undefined. */
export function packageOfInput(path: string): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
}
