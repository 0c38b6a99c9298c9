// What a template sees. Every key is always present (null when the contact has no value) because templates are
// compiled with `strict: true`: a misspelt variable throws instead of printing nothing, and a value that is
// merely absent is handled by {{#if}} in the template or by a required-field declaration.
import { daysBetween } from '../ids';
import type { CompanySettings } from '../company/company';
import { languageOf, type Contact, type Rep } from '../model';
import { UNSUBSCRIBE_MARKER } from './mail-footer';

export interface RenderContext {
  contact: {
    id: string;
    salutation: Contact['salutation'];
    title: string;
    firstName: string;
    lastName: string;
    company: string;
    email: string;
    phone: string;
    address: { street: string; postalCode: string; city: string; country: string };
    locale: string;
    language: string;
    formal: boolean;
    channel: string;
    cadenceDays: number;
    tags: string[];
    custom: Record<string, string>;
    lastTouchAt: string | null;
    lastTouchChannel: string | null;
    /** Whole days since the last touch at the run time; null when never touched. */
    daysSilent: number | null;
  };
  rep: {
    id: string;
    name: string;
    email: string;
    phone: string;
    title: string;
    signature: string;
    locale: string;
    language: string;
    timeZone: string;
  };
  campaign: { id: string; name: string };
  /**
   * While the contact's rep is away and `rep` (the writer) stands in: the absent rep's name and last day away (a
   * day, YYYY-MM-DD); null otherwise. The stand-in partial says so in the reader's language.
   */
  standIn: { name: string; until: string } | null;
  /**
   * The company behind the mail (settings/company.yaml), for the legal-footer partials; null only where a template
   * library was made without settings (tests, the bundling step's precompiling).
   */
  company: {
    name: string;
    street: string;
    postalCode: string;
    city: string;
    country: string;
    seat: string;
    registerCourt: string;
    registerNumber: string;
    /** The names, joined: "Julia Beispiel, Markus Muster". */
    managingDirectors: string;
    vatId: string;
  } | null;
  /** Where the contact's one-click unsubscribe link goes: a marker, replaced when the mail is sent (mail-footer.ts). */
  unsubscribeUrl: string;
  /** The scheduled time of the run (ISO); daysSince and timeAgo count from here, not from the wall clock. */
  runAt: string;
  /** The reader of this part: the contact for mails and letters, the rep for tasks. Helpers format for them. */
  locale: string;
  language: string;
  formal: boolean;
  timeZone: string;
}

/** The keys a template may name under each root object; checked when a template is loaded. */
export const CONTEXT_KEYS = {
  contact: [
    'id', 'salutation', 'title', 'firstName', 'lastName', 'company', 'email', 'phone', 'address', 'locale', 'language',
    'formal', 'channel', 'cadenceDays', 'tags', 'custom', 'lastTouchAt', 'lastTouchChannel', 'daysSilent',
  ],
  'contact.address': ['street', 'postalCode', 'city', 'country'],
  rep: ['id', 'name', 'email', 'phone', 'title', 'signature', 'locale', 'language', 'timeZone'],
  campaign: ['id', 'name'],
  standIn: ['name', 'until'],
  company: ['name', 'street', 'postalCode', 'city', 'country', 'seat', 'registerCourt', 'registerNumber', 'managingDirectors', 'vatId'],
  root: ['contact', 'rep', 'campaign', 'standIn', 'company', 'unsubscribeUrl', 'runAt', 'locale', 'language', 'formal', 'timeZone'],
} as const;

export function renderContextOf(input: {
  contact: Contact;
  rep: Rep;
  campaign: { id: string; name: string };
  runAt: Date;
  /** Whose language the part is written in. */
  reader: 'contact' | 'rep';
  /** The absent rep the writer (`rep`) stands in for, and their last day away. */
  standIn?: { rep: Pick<Rep, 'name'>; until: string };
  company?: CompanySettings;
}): RenderContext {
  const { contact: c, rep: r } = input;
  const readerLocale = input.reader === 'contact' ? c.locale : r.locale;
  return {
    contact: {
      id: c.id,
      salutation: c.salutation,
      title: c.title,
      firstName: c.firstName,
      lastName: c.lastName,
      company: c.company,
      email: c.email,
      phone: c.phone,
      address: { street: c.address.street, postalCode: c.address.postalCode, city: c.address.city, country: c.address.country },
      locale: c.locale,
      language: languageOf(c.locale),
      formal: c.formal,
      channel: c.channel,
      cadenceDays: c.cadenceDays,
      tags: [...c.tags],
      // fromEntries defines own properties, so even a key named __proto__ stays a plain value
      custom: Object.fromEntries(Object.entries(c.custom)),
      lastTouchAt: c.lastTouchAt ?? null,
      lastTouchChannel: c.lastTouchChannel ?? null,
      daysSilent: c.lastTouchAt ? Math.max(0, daysBetween(c.lastTouchAt, input.runAt)) : null,
    },
    rep: {
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      title: r.title,
      signature: signatureBelowName(r.name, r.signature),
      locale: r.locale,
      language: languageOf(r.locale),
      timeZone: r.timeZone,
    },
    campaign: { id: input.campaign.id, name: input.campaign.name },
    standIn: input.standIn ? { name: input.standIn.rep.name, until: input.standIn.until } : null,
    company: input.company ? companyContextOf(input.company) : null,
    unsubscribeUrl: UNSUBSCRIBE_MARKER,
    runAt: input.runAt.toISOString(),
    locale: readerLocale,
    language: languageOf(readerLocale),
    formal: input.reader === 'contact' ? c.formal : true,
    timeZone: r.timeZone,
  };
}

/**
 * The rep's signature block as it goes below their name: the signature partial prints the name itself, and reps
 * (and CRM exports) often start their block with it, so leading lines that repeat the name are left out.
 */
export function signatureBelowName(name: string, signature: string): string {
  const wanted = name.trim().toLocaleLowerCase();
  if (wanted === '') return signature;
  let rest = signature;
  for (;;) {
    const end = rest.search(/\r?\n|$/);
    if (rest.slice(0, end).trim().toLocaleLowerCase() !== wanted) return rest;
    rest = rest.slice(end).replace(/^\r?\n/, '');
  }
}

function companyContextOf(c: CompanySettings): NonNullable<RenderContext['company']> {
  return {
    name: c.name,
    street: c.address.street,
    postalCode: c.address.postalCode,
    city: c.address.city,
    country: c.address.country,
    seat: c.seat,
    registerCourt: c.registerCourt,
    registerNumber: c.registerNumber,
    managingDirectors: c.managingDirectors.join(', '),
    vatId: c.vatId ?? '',
  };
}
