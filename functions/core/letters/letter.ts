// The letter model: everything one printed letter says, in the order the page and the merge file need it.
// Built from the approved draft (its words are what the rep approved), the contact and the rep.
import { languageOf, type Contact, type Draft, type Language, type Rep } from '../model';
import type { CompanySettings } from '../company/company';
import { recipientAddressOf, type RecipientAddress } from './address-lines';
import { letterFooterLines } from './letter-footer';

export interface Letter {
  draftId: string;
  contactId: string;
  campaignId: string;
  repId: string;
  /** The letter's language (from the draft's locale): page numbers, labels, defaults. */
  language: Language;
  /** Small line at the top of the window, so the post can return the letter. */
  returnLine: string;
  /** The information block beside the window: rep's name, title, phone, email (empty ones left out). */
  senderLines: string[];
  recipient: RecipientAddress;
  /** The date written in the contact's locale, in the rep's time zone. */
  date: string;
  subject: string;
  salutation: string;
  body: string;
  closing: string;
  repName: string;
  repTitle: string;
  /** The company's particulars at the foot of every page (settings/company.yaml); empty without settings. */
  footerLines: string[];
}

export interface LetterContext {
  homeCountry: string;
  /** config.letterReturnAddress (the export refuses without one); the rep's name when not given. */
  returnAddress?: string;
  /** config.company: the footer's particulars. */
  company?: CompanySettings;
  /** The export time; the letter is dated with it, unless datedOn says otherwise. */
  at: Date;
  /** The day (YYYY-MM-DD) the letter is dated: the next business day when exported on a weekend or holiday. */
  datedOn?: string;
}

// A batch dates every letter with the same instant: one formatted date per locale and time zone is enough.
const dateFormats = new Map<string, { format: Intl.DateTimeFormat; at?: number; text?: string }>();

export function formatLetterDate(at: Date, locale: string, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let entry = dateFormats.get(key);
  if (!entry) {
    entry = { format: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }) };
    dateFormats.set(key, entry);
  }
  if (entry.at !== at.getTime()) {
    entry.at = at.getTime();
    entry.text = entry.format.format(at);
  }
  return entry.text!;
}

export function buildLetter(draft: Draft, contact: Contact, rep: Rep, ctx: LetterContext): Letter {
  const language = languageOf(draft.locale);
  const phoneLabel = language === 'de' ? 'Telefon' : 'Phone';
  return {
    draftId: draft.id,
    contactId: contact.id,
    campaignId: draft.campaignId,
    repId: rep.id,
    language,
    returnLine: oneLine(ctx.returnAddress?.trim() || rep.name),
    senderLines: [rep.name, rep.title, rep.phone && `${phoneLabel} ${rep.phone}`, rep.email].map(oneLine).filter(Boolean),
    recipient: recipientAddressOf(contact, { homeCountry: ctx.homeCountry, letterLocale: draft.locale, senderLocale: rep.locale }),
    // a day is a day everywhere: noon UTC, read in UTC
    date: ctx.datedOn ? formatLetterDate(new Date(`${ctx.datedOn}T12:00:00Z`), contact.locale, 'UTC') : formatLetterDate(ctx.at, contact.locale, rep.timeZone),
    subject: oneLine(draft.content.subject),
    salutation: oneLine(draft.content.salutation ?? defaultSalutation(contact, language)),
    body: draft.content.text.replace(/\r\n?/g, '\n').trim(),
    closing: oneLine(draft.content.closing ?? defaultClosing(contact, language)),
    repName: oneLine(rep.name),
    repTitle: oneLine(rep.title),
    footerLines: ctx.company ? letterFooterLines(ctx.company, language).map(oneLine) : [],
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Used only when a draft carries no greeting of its own (older drafts, hand-made ones). */
export function defaultSalutation(contact: Contact, language: Language): string {
  const first = contact.firstName.trim();
  const last = contact.lastName.trim();
  const title = contact.title.trim();
  const titled = [title, last].filter(Boolean).join(' ');
  if (language === 'de') {
    if (!contact.formal && first) {
      return contact.salutation === 'ms' ? `Liebe ${first},` : contact.salutation === 'mr' ? `Lieber ${first},` : `Hallo ${first},`;
    }
    if (last && contact.salutation === 'ms') return `Sehr geehrte Frau ${titled},`;
    if (last && contact.salutation === 'mr') return `Sehr geehrter Herr ${titled},`;
    if (last) return `Guten Tag ${[first, last].filter(Boolean).join(' ')},`;
    return 'Sehr geehrte Damen und Herren,';
  }
  if (!contact.formal && first) return `Dear ${first},`;
  if (last && title) return `Dear ${titled},`;
  if (last && contact.salutation === 'ms') return `Dear Ms ${last},`;
  if (last && contact.salutation === 'mr') return `Dear Mr ${last},`;
  if (last) return `Dear ${[first, last].filter(Boolean).join(' ')},`;
  return 'Dear Sir or Madam,';
}

export function defaultClosing(contact: Contact, language: Language): string {
  if (language === 'de') return contact.formal ? 'Mit freundlichen Grüßen' : 'Viele Grüße';
  return contact.formal ? 'Kind regards' : 'Best wishes';
}
