// The words the mails to a rep need besides their Handlebars templates (templates/digest/): dates and moments in the
// rep's time zone, channel names, a stand-in's note, a fresh link's title, in German and English. Apart from the
// pages' strings (messages.ts, which include these) so that the functions that only mail carry no page strings.
import type { Channel, Contact, Language } from '../model';

export interface MailStrings {
  /** A draft a deputy writes while the contact's rep is away: "für Petra Schneider, abwesend bis 12.01.2027". */
  standInFor: (repName: string, until: string) => string;
  /** What a fresh "review all" link is for, in the new-link mail. */
  digestLinkTitle: (drafts: number) => string;
  dateTime: (iso: string, timeZone: string) => string;
  date: (iso: string, timeZone: string) => string;
  phone: string;
  channels: Record<Channel, string>;
}

/** A date formatter in a rep's time zone (the pages' strings build theirs with it too). */
export function formatter(locale: string, style: Intl.DateTimeFormatOptions) {
  return (iso: string, timeZone: string): string => {
    try {
      return new Intl.DateTimeFormat(locale, { ...style, timeZone }).format(new Date(iso));
    } catch {
      // an unknown time zone on a rep record must not break the page or the mail
      return new Intl.DateTimeFormat(locale, { ...style, timeZone: 'UTC' }).format(new Date(iso));
    }
  };
}

export const deMail: MailStrings = {
  standInFor: (repName, until) => `für ${repName}, abwesend bis ${until}`,
  digestLinkTitle: (n) => (n === 1 ? '1 Entwurf' : `${n} Entwürfe`),
  dateTime: formatter('de-DE', { dateStyle: 'medium', timeStyle: 'short' }),
  date: formatter('de-DE', { dateStyle: 'long' }),
  phone: 'Telefon',
  channels: { email: 'E-Mail', letter: 'Brief', visit: 'Besuch', call: 'Anruf' },
};

export const enMail: MailStrings = {
  standInFor: (repName, until) => `for ${repName}, away until ${until}`,
  digestLinkTitle: (n) => (n === 1 ? '1 draft' : `${n} drafts`),
  dateTime: formatter('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
  date: formatter('en-GB', { dateStyle: 'long' }),
  phone: 'Phone',
  channels: { email: 'Email', letter: 'Letter', visit: 'Visit', call: 'Call' },
};

export function mailStringsFor(language: Language): MailStrings {
  return language === 'en' ? enMail : deMail;
}

/** "Dr. Anna Müller (Müller GmbH)", or whichever parts exist; the contact id when nothing else is known. */
export function contactLabel(contact: Contact | undefined, fallback: string): string {
  if (!contact) return fallback;
  const person = [contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ').trim();
  if (person && contact.company) return `${person} (${contact.company})`;
  return person || contact.company || fallback;
}
