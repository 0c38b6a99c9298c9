// Types of scripts/build-cli.mjs (plain JavaScript, so the bin runs it without a TypeScript loader), for the tests.
import type { Metafile } from 'esbuild';

export const PROJECT_ROOT: string;
export const CLI_DIST_DIR: string;
export const CLI_BUNDLE_FILE: string;
export const CLI_METAFILE: string;
export const CLI_EXTERNAL_PACKAGES: readonly string[];
export function cliBundleInputs(root?: string): string[];
export function cliBundleIsStale(options?: { bundle?: string; inputs?: readonly string[] }): boolean;
export function buildCli(options?: { root?: string; outDir?: string }): Promise<{ metafile: Metafile; warnings: string[] }>;
export function ensureCliBundle(options?: { outDir?: string; inputs?: readonly string[]; build?: () => Promise<unknown> }): Promise<boolean>;
