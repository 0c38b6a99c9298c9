// The template helpers. They read the reader's locale and time zone from the root context (@root.locale,
// @root.timeZone) and count days from the run time (@root.runAt), so a draft renders the same whenever it is
// rendered. Helpers return plain strings: the HTML environment escapes them like any value; only `breaks` in the
// HTML environment returns markup, built from escaped lines.
import type Handlebars from 'handlebars';
import { languageOf, type Salutation } from '../model';
import { closingOf, contactNameOf, greetingOf, standInLineOf } from './greeting';
import type { RenderContext } from './render-context';
import type { HandlebarsEnvironment } from './template-engine';

type Env = HandlebarsEnvironment;
type HelperOptions = Handlebars.HelperOptions & { data?: { root?: RenderContext } };

export const HELPER_NAMES = ['greeting', 'salutation', 'closing', 'standInLine', 'contactName', 'formatDate', 'formatNumber', 'daysSince', 'timeAgo', 'breaks'] as const;

/** Handlebars passes the options object last; a helper called without arguments gets only it. */
function split(args: unknown[]): { params: unknown[]; options: HelperOptions } {
  const options = args[args.length - 1] as HelperOptions;
  return { params: args.slice(0, -1), options };
}

function rootOf(options: HelperOptions): RenderContext {
  const root = options.data?.root;
  if (!root) throw new Error('helpers need the render context as root');
  return root;
}

const formatterCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = formatterCache.get(key);
  if (!f) {
    f = make();
    formatterCache.set(key, f);
  }
  return f as T;
}

function safeTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (value === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function daysFrom(value: unknown, root: RenderContext): number | undefined {
  const d = toDate(value);
  if (!d) return undefined;
  return Math.max(0, Math.floor((Date.parse(root.runAt) - d.getTime()) / 86_400_000));
}

const DATE_STYLES = ['full', 'long', 'medium', 'short'] as const;
const NUMBER_OPTIONS = ['minimumFractionDigits', 'maximumFractionDigits'] as const;

interface AddresseeLike {
  id?: string;
  salutation?: Salutation;
  title?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  locale?: string;
  formal?: boolean;
}

function addresseeOf(value: unknown, root: RenderContext) {
  const c = (value && typeof value === 'object' ? value : root.contact) as AddresseeLike;
  return {
    id: String(c.id ?? ''),
    salutation: (['ms', 'mr', 'none'].includes(String(c.salutation)) ? c.salutation : 'none') as Salutation,
    title: String(c.title ?? ''),
    firstName: String(c.firstName ?? ''),
    lastName: String(c.lastName ?? ''),
    company: String(c.company ?? ''),
    locale: String(c.locale ?? root.locale),
    formal: c.formal !== false,
  };
}

export function registerHelpers(env: Env, mode: 'html' | 'text'): void {
  /** {{greeting}} or {{greeting contact}}: "Sehr geehrte Frau Dr. Müller", "Liebe Anna", "Dear Ms Smith". */
  const greeting = (...args: unknown[]) => {
    const { params, options } = split(args);
    return greetingOf(addresseeOf(params[0], rootOf(options)));
  };
  env.registerHelper('greeting', greeting);
  env.registerHelper('salutation', greeting);

  /**
   * {{standInLine}}: while the writer stands in for an absent rep, the sentence that says so ("Petra Schneider ist bis
   * einschließlich 12. Januar 2027 nicht im Haus; in dieser Zeit bin ich für Sie da."); empty otherwise.
   */
  env.registerHelper('standInLine', (...args: unknown[]) => {
    const root = rootOf(split(args).options);
    if (!root.standIn) return '';
    const until = cached(`d|${root.locale}|long|UTC`, () => new Intl.DateTimeFormat(root.locale, { dateStyle: 'long', timeZone: 'UTC' })).format(new Date(`${root.standIn.until}T12:00:00Z`));
    return standInLineOf(root.locale, root.formal, root.standIn.name, until);
  });

  /** {{closing}}: the closing formula in the reader's language and register. */
  env.registerHelper('closing', (...args: unknown[]) => {
    const root = rootOf(split(args).options);
    return closingOf(root.locale, root.formal);
  });

  /**
   * {{contactName}} or {{contactName contact}}: "Frau Dr. Müller" / "Ms Smith" in the reader's language (tasks);
   * {{contactName accusative=true}} for the object of a German sentence: "Herrn Weber anrufen".
   */
  env.registerHelper('contactName', (...args: unknown[]) => {
    const { params, options } = split(args);
    const root = rootOf(options);
    return contactNameOf(addresseeOf(params[0], root), root.locale, options.hash.accusative === true);
  });

  /** {{formatDate value style="long"}}: a date in the reader's locale and the rep's time zone; empty for no date. */
  env.registerHelper('formatDate', (...args: unknown[]) => {
    const { params, options } = split(args);
    const root = rootOf(options);
    const d = toDate(params[0]);
    if (!d) return '';
    const style = (DATE_STYLES as readonly string[]).includes(String(options.hash.style)) ? (options.hash.style as (typeof DATE_STYLES)[number]) : 'long';
    const tz = safeTimeZone(root.timeZone);
    return cached(`d|${root.locale}|${style}|${tz}`, () => new Intl.DateTimeFormat(root.locale, { dateStyle: style, timeZone: tz })).format(d);
  });

  /** {{formatNumber value maximumFractionDigits=1}}: a number in the reader's locale; empty for no number. */
  env.registerHelper('formatNumber', (...args: unknown[]) => {
    const { params, options } = split(args);
    const root = rootOf(options);
    const raw = params[0];
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(n)) return '';
    const opts: Intl.NumberFormatOptions = {};
    for (const k of NUMBER_OPTIONS) {
      const v = Number(options.hash[k]);
      if (options.hash[k] !== undefined && Number.isInteger(v) && v >= 0 && v <= 20) opts[k] = v;
    }
    if (opts.minimumFractionDigits !== undefined && opts.maximumFractionDigits !== undefined && opts.minimumFractionDigits > opts.maximumFractionDigits) {
      opts.maximumFractionDigits = opts.minimumFractionDigits;
    }
    if (options.hash.style === 'percent') opts.style = 'percent';
    return cached(`n|${root.locale}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(root.locale, opts)).format(n);
  });

  /** {{daysSince contact.lastTouchAt}}: whole days between the date and the run time; empty for no date. */
  env.registerHelper('daysSince', (...args: unknown[]) => {
    const { params, options } = split(args);
    const days = daysFrom(params[0], rootOf(options));
    return days === undefined ? '' : days;
  });

  /** {{timeAgo contact.lastTouchAt}}: "vor 94 Tagen", "gestern", "94 days ago" in the reader's language. */
  env.registerHelper('timeAgo', (...args: unknown[]) => {
    const { params, options } = split(args);
    const root = rootOf(options);
    const days = daysFrom(params[0], root);
    if (days === undefined) return '';
    const lang = languageOf(root.locale);
    return cached(`r|${lang}`, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })).format(-days, 'day');
  });

  /** {{breaks rep.signature}}: keeps the line breaks of a multi-line value; in HTML each line is escaped, then joined with <br>. */
  env.registerHelper('breaks', (...args: unknown[]) => {
    const { params } = split(args);
    const text = params[0] === undefined || params[0] === null ? '' : String(params[0]);
    if (mode === 'text') return text;
    const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => env.escapeExpression(line));
    return new env.SafeString(lines.join('<br>\n'));
  });
}
