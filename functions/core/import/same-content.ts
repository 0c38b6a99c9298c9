// "Re-importing the same file changes nothing": a record is rewritten only when its content differs from
// the stored one. Bookkeeping (version, updatedAt) is not content; absent and undefined are the same.

const BOOKKEEPING = new Set(['version', 'updatedAt']);

export function sameContent(a: object, b: object): boolean {
  return canonical(a, true) === canonical(b, true);
}

function canonical(value: unknown, top = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([k, v]) => v !== undefined && !(top && BOOKKEEPING.has(k)))
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
