// bench/cold-start's ablation of INIT-built clients (not deployed): the real entry of a function
// (PRESENCE_BENCH_ENTRY, substituted by the bench at bundling) is evaluated by the first invocation instead of at
// import, so the composition root builds its clients and logger on the request path. esbuild keeps the dynamically
// imported module inside the one bundle, evaluated lazily.
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let real: Promise<Handler> | undefined;

export const handler: Handler = async (event, context) => {
  real ??= import('presence-bench-entry').then((m) => m.handler);
  return (await real)(event, context);
};
