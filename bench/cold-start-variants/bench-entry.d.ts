// The entry built-at-first-call.ts wraps: an esbuild alias the bench sets to a function's real Lambda entry.
declare module 'presence-bench-entry' {
  export const handler: (event: unknown, context: unknown) => Promise<unknown>;
}
