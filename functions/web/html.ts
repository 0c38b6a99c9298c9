// A tiny HTML builder for the pages of the web layer: every interpolated value is escaped (by the project's one
// escaper, core/escape-html.ts) unless it is already SafeHtml (the output of another `html` template). Attributes
// are always written in double quotes, where that escaping is sufficient.
import { escapeHtml } from '../core/escape-html';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks trusted markup (only for constants and builder output; never for data). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
