// Streaming helpers: rows are taken a chunk at a time (one batched read per chunk), and writes are run a
// few at a time so a 100 000-row file neither floods the table nor sits idle on one request.

export async function* chunked<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of source) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** Runs `fn` on every item with at most `limit` running at once; rejects with the first failure. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** A gate for `limit` calls at once, shared by everything that goes through it (reads and writes of several chunks). */
export function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (active >= limit) await new Promise<void>((go) => waiting.push(go));
    else active++;
    try {
      return await fn();
    } finally {
      // hand the place straight to the next in line, so nobody overtakes it
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
