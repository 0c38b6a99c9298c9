// The words of the approval pages in German and English. Mails (the digest, a new link) use the Handlebars
// templates in templates/digest/; these strings are for the HTML pages the approval site renders. The few words the
// mails need as well (dates, channel names, a stand-in's note) are mail-strings.ts, which the pages' strings include.
import type { AskAgainChoice, Language, Suppression } from '../model';
import { contactLabel, deMail, enMail, formatter, type MailStrings } from './mail-strings';

export { contactLabel };

export interface Strings extends MailStrings {
  brand: string;
  draftTitle: string;
  digestTitle: string;
  taskTitle: string;
  campaign: string;
  channel: string;
  to: string;
  from: string;
  subject: string;
  validUntil: string;
  asCustomerSees: string;
  previewNote: string;
  letterDate: string;
  edit: string;
  editHint: string;
  text: string;
  approve: string;
  save: string;
  reject: string;
  rejectReason: string;
  rejectConfirm: string;
  /** The question of the reject form, its choices (the cadence in days when the contact is known) and the date field. */
  askAgain: string;
  askAgainChoice: Record<AskAgainChoice, (cadenceDays: number | undefined) => string>;
  askAgainDate: string;
  /** After a rejection: when presence asks again (`until` already formatted), or that this campaign will not before then. */
  askAgainAnswer: (choice: AskAgainChoice, until: string, campaign: string) => string;
  safetyNote: string;
  saved: string;
  approvedTitle: string;
  approvedBody: (who: string, kind: 'email' | 'letter' | 'task') => string;
  rejectedTitle: string;
  rejectedBody: (who: string) => string;
  doneTitle: string;
  doneBody: (who: string) => string;
  selectedTitle: string;
  selectedBody: (approved: number, skipped: number) => string;
  nothingSelected: string;
  backToList: string;
  digestIntro: (open: number) => string;
  approveSelected: string;
  showText: string;
  status: Record<string, string>;
  taskIntro: string;
  address: string;
  talkingPoints: string;
  note: string;
  noteHint: string;
  markDone: string;
  /** A moment in a sentence: "07.12.2026 um 09:12 Uhr", "7 Dec 2026 at 09:12". */
  at: (iso: string, timeZone: string) => string;
  /** The sticky bar of the draft and review-all pages (its landmark name). */
  decisionBar: string;
  /** The review-all page: a draft's own page, its reject button, and the select-all control. */
  openDraft: string;
  openDraftOf: (who: string) => string;
  rejectOne: string;
  rejectOneOf: (who: string) => string;
  rejectOneHint: string;
  selectAll: string;
  selectNone: string;
  mapLink: string;
  /** A link whose drafts are decided: what became of them. */
  statusTitle: string;
  statusIntro: (drafts: number) => string;
  /** "Freigegeben von Ihnen am 07.12.2026 um 09:12 Uhr"; `by` absent when the decider is not known by name. */
  decidedLine: (action: 'approved' | 'rejected', by: { you: true } | { name: string } | undefined, when: string) => string;
  sentLine: (when: string) => string;
  exportedLine: (when: string) => string;
  doneLine: (when: string) => string;
  sendsFromLine: (when: string) => string;
  /** What a draft's state means for the customer, when there is no moment to name (waiting to send, failed ...). */
  stateLine: Record<string, string>;
  /** The contact's opt-out state on the rep's pages: "Abgemeldet über den Abmeldelink am 05.12.2026". */
  optOutLine: (by: Suppression['reason'] | 'contact', on: string | undefined) => string;
  /** The take-back of an approval within the grace period. */
  takeBack: string;
  takeBackHint: (until: string) => string;
  takenBack: string;
  takenBackLine: (when: string) => string;
  takeBackTooLate: string;
  takeBackAlready: string;
}

function moment(locale: string, dateStyle: Intl.DateTimeFormatOptions, joint: (date: string, time: string) => string) {
  const date = formatter(locale, dateStyle);
  const time = formatter(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (iso: string, timeZone: string): string => joint(date(iso, timeZone), time(iso, timeZone));
}

const OPT_OUT_DE: Record<Suppression['reason'] | 'contact', string> = { contact: 'laut CRM-Datei', unsubscribe: 'über den Abmeldelink', bounce: 'die Adresse ist unzustellbar (Bounce)', complaint: 'Spam-Beschwerde', manual: 'von Hand gesperrt', erased: 'gelöscht (DSGVO)' };
const OPT_OUT_EN: Record<Suppression['reason'] | 'contact', string> = { contact: 'in the CRM file', unsubscribe: 'through the unsubscribe link', bounce: 'the address bounced', complaint: 'complained (spam)', manual: 'suppressed by hand', erased: 'erased (GDPR)' };

const de: Strings = {
  ...deMail,
  brand: 'presence',
  draftTitle: 'Entwurf freigeben',
  digestTitle: 'Alle Entwürfe prüfen',
  taskTitle: 'Aufgabe',
  campaign: 'Kampagne',
  channel: 'Kanal',
  to: 'An',
  from: 'Von',
  subject: 'Betreff',
  validUntil: 'Link gültig bis',
  asCustomerSees: 'So sieht es der Kunde',
  previewNote: 'Bilder werden in der Vorschau nicht geladen.',
  letterDate: 'Datum',
  edit: 'Text bearbeiten',
  editHint: 'Leerzeilen trennen Absätze. Adressen im Text werden nicht zu Links. „Freigeben“ gibt den Text in diesen Feldern frei.',
  text: 'Text',
  approve: 'Freigeben',
  save: 'Änderungen speichern',
  reject: 'Ablehnen …',
  rejectReason: 'Grund (optional)',
  rejectConfirm: 'Entwurf ablehnen',
  askAgain: 'Wann soll presence wieder fragen?',
  askAgainChoice: {
    'next-cadence': (days) => (days ? `Beim nächsten regulären Termin (in ${days === 1 ? '1 Tag' : `${days} Tagen`})` : 'Beim nächsten regulären Termin'),
    'two-weeks': () => 'In 2 Wochen',
    month: () => 'In einem Monat',
    date: () => 'An einem bestimmten Tag:',
    'not-in-campaign': () => 'In dieser Kampagne nicht mehr (ein Jahr lang)',
  },
  askAgainDate: 'Tag, ab dem presence wieder fragt',
  askAgainAnswer: (choice, until, campaign) =>
    choice === 'not-in-campaign' ? `In der Kampagne ${campaign} fragt presence bis zum ${until} nicht mehr nach.` : `presence fragt ab dem ${until} wieder nach.`,
  safetyNote: 'Dieser Link gehört nur Ihnen. Das Öffnen allein ändert nichts – erst ein Klick auf einen Knopf entscheidet.',
  saved: 'Ihre Änderungen sind gespeichert. Der Entwurf wartet weiter auf Ihre Freigabe.',
  approvedTitle: 'Freigegeben',
  approvedBody: (who, kind) =>
    kind === 'letter'
      ? `Der Brief an ${who} ist freigegeben und geht mit dem nächsten Briefversand hinaus. Genau dieser Text wird gedruckt.`
      : `Der Entwurf für ${who} ist freigegeben und geht in Kürze hinaus. Genau dieser Text wird verschickt.`,
  rejectedTitle: 'Abgelehnt',
  rejectedBody: (who) => `Der Entwurf für ${who} ist abgelehnt und wird nicht verschickt.`,
  doneTitle: 'Erledigt',
  doneBody: (who) => `Der Kontakt mit ${who} ist eingetragen. Danke!`,
  selectedTitle: 'Auswahl freigegeben',
  selectedBody: (approved, skipped) =>
    `${approved === 1 ? '1 Entwurf ist' : `${approved} Entwürfe sind`} freigegeben.` +
    (skipped ? ` ${skipped === 1 ? '1 Entwurf wurde' : `${skipped} Entwürfe wurden`} nicht freigegeben, weil ${skipped === 1 ? 'er' : 'sie'} inzwischen geändert oder entschieden ${skipped === 1 ? 'wurde' : 'wurden'}.` : ''),
  nothingSelected: 'Sie haben keinen Entwurf ausgewählt. Es wurde nichts freigegeben.',
  backToList: 'Zurück zur Liste',
  digestIntro: (open) => (open === 1 ? '1 Entwurf wartet auf Ihre Freigabe.' : `${open} Entwürfe warten auf Ihre Freigabe.`) + ' Freigegeben werden nur die angehakten.',
  approveSelected: 'Ausgewählte freigeben',
  showText: 'Text anzeigen',
  status: { approved: 'freigegeben', rejected: 'abgelehnt', sent: 'verschickt', sending: 'wird verschickt', expired: 'abgelaufen', recalled: 'zurückgezogen', withdrawn: 'zurückgenommen', exported: 'exportiert', needs_fix: 'unvollständig', pending_approval: 'wartet', done: 'erledigt', failed: 'fehlgeschlagen', possibly_sent: 'vielleicht verschickt' },
  taskIntro: 'Melden Sie hier, wenn der Kontakt stattgefunden hat.',
  address: 'Adresse',
  talkingPoints: 'Gesprächspunkte',
  note: 'Notiz (optional)',
  noteHint: 'Kurz, ohne vertrauliche Details.',
  markDone: 'Als erledigt melden',
  at: moment('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric' }, (d, t) => `${d} um ${t} Uhr`),
  decisionBar: 'Entscheidung',
  openDraft: 'Öffnen',
  openDraftOf: (who) => `Entwurf für ${who} öffnen`,
  rejectOne: 'Ablehnen',
  rejectOneOf: (who) => `Entwurf für ${who} ablehnen`,
  rejectOneHint: '„Ablehnen“ in der Liste fragt beim nächsten regulären Termin wieder nach; für einen Grund oder einen anderen Zeitpunkt öffnen Sie den Entwurf.',
  selectAll: 'Alle auswählen',
  selectNone: 'Auswahl aufheben',
  mapLink: 'Karte (OpenStreetMap)',
  statusTitle: 'Schon entschieden',
  statusIntro: (n) => `Dieser Link ist schon benutzt. So steht es um ${n === 1 ? 'den Entwurf' : `die ${n} Entwürfe`}:`,
  decidedLine: (action, by, when) => `${action === 'approved' ? 'Freigegeben' : 'Abgelehnt'}${by ? ` von ${'you' in by ? 'Ihnen' : by.name}` : ''} am ${when}`,
  sentLine: (when) => `Verschickt am ${when}`,
  exportedLine: (when) => `Für den Briefversand exportiert am ${when}`,
  doneLine: (when) => `Als erledigt gemeldet am ${when}`,
  sendsFromLine: (when) => `Geht im Versandfenster hinaus, ab ${when}`,
  stateLine: { approved: 'Wartet auf den Versand.', sending: 'Wird gerade verschickt.', possibly_sent: 'Ob der Versand geklappt hat, wird noch geklärt.', failed: 'Der Versand ist fehlgeschlagen.', approved_letter: 'Wartet auf den nächsten Briefversand.', pending_approval: 'Wartet auf Ihre Freigabe.', expired: 'Abgelaufen, ohne Entscheidung.', recalled: 'Zurückgezogen.', withdrawn: 'Zurückgenommen: der Kunde wird jetzt von jemand anderem betreut.', needs_fix: 'Unvollständig.' },
  optOutLine: (by, on) => `Keine Mails mehr an diesen Kontakt: abgemeldet, ${OPT_OUT_DE[by]}${on ? ` am ${on}` : ''}.`,
  takeBack: 'Freigabe zurücknehmen',
  takeBackHint: (until) => `Bis ${until} können Sie die Freigabe zurücknehmen, einmal; danach wird die Mail verschickt.`,
  takenBack: 'Freigabe zurückgenommen. Der Entwurf wartet wieder auf Sie: Sie können ihn bearbeiten und neu freigeben. Ein zweites Mal lässt sich die Freigabe nicht zurücknehmen.',
  takenBackLine: (when) => `Freigabe zurückgenommen am ${when}`,
  takeBackTooLate: 'Zu spät zum Zurücknehmen: die Mail wird schon verschickt oder ist verschickt.',
  takeBackAlready: 'Diese Freigabe ist schon zurückgenommen.',
};

const en: Strings = {
  ...enMail,
  brand: 'presence',
  draftTitle: 'Approve draft',
  digestTitle: 'Review all drafts',
  taskTitle: 'Task',
  campaign: 'Campaign',
  channel: 'Channel',
  to: 'To',
  from: 'From',
  subject: 'Subject',
  validUntil: 'Link valid until',
  asCustomerSees: 'What the customer will see',
  previewNote: 'Images are not loaded in the preview.',
  letterDate: 'Date',
  edit: 'Edit the text',
  editHint: 'Blank lines separate paragraphs. Addresses in the text do not become links. “Approve” approves the words in these fields.',
  text: 'Text',
  approve: 'Approve',
  save: 'Save changes',
  reject: 'Reject …',
  rejectReason: 'Reason (optional)',
  rejectConfirm: 'Reject draft',
  askAgain: 'When should presence ask again?',
  askAgainChoice: {
    'next-cadence': (days) => (days ? `At the next cadence (in ${days === 1 ? '1 day' : `${days} days`})` : 'At the next cadence'),
    'two-weeks': () => 'In 2 weeks',
    month: () => 'In a month',
    date: () => 'On a date:',
    'not-in-campaign': () => 'Not in this campaign (for a year)',
  },
  askAgainDate: 'The day from which presence asks again',
  askAgainAnswer: (choice, until, campaign) =>
    choice === 'not-in-campaign' ? `The campaign ${campaign} will not ask again before ${until}.` : `presence will ask again from ${until}.`,
  safetyNote: 'This link is yours alone. Opening it changes nothing – only pressing a button decides.',
  saved: 'Your changes are saved. The draft is still waiting for your approval.',
  approvedTitle: 'Approved',
  approvedBody: (who, kind) =>
    kind === 'letter'
      ? `The letter to ${who} is approved and goes out with the next letter batch. Exactly this text will be printed.`
      : `The draft for ${who} is approved and will go out shortly. Exactly this text will be sent.`,
  rejectedTitle: 'Rejected',
  rejectedBody: (who) => `The draft for ${who} is rejected and will not be sent.`,
  doneTitle: 'Done',
  doneBody: (who) => `Your contact with ${who} is recorded. Thank you!`,
  selectedTitle: 'Selection approved',
  selectedBody: (approved, skipped) =>
    `${approved === 1 ? '1 draft is' : `${approved} drafts are`} approved.` +
    (skipped ? ` ${skipped === 1 ? '1 draft was' : `${skipped} drafts were`} not approved because ${skipped === 1 ? 'it was' : 'they were'} changed or decided meanwhile.` : ''),
  nothingSelected: 'You did not select any draft. Nothing was approved.',
  backToList: 'Back to the list',
  digestIntro: (open) => (open === 1 ? '1 draft is waiting for your approval.' : `${open} drafts are waiting for your approval.`) + ' Only the ticked ones are approved.',
  approveSelected: 'Approve selected',
  showText: 'Show text',
  status: { approved: 'approved', rejected: 'rejected', sent: 'sent', sending: 'sending', expired: 'expired', recalled: 'recalled', withdrawn: 'withdrawn', exported: 'exported', needs_fix: 'incomplete', pending_approval: 'waiting', done: 'done', failed: 'failed', possibly_sent: 'possibly sent' },
  taskIntro: 'Report here once the contact has taken place.',
  address: 'Address',
  talkingPoints: 'Talking points',
  note: 'Note (optional)',
  noteHint: 'Short, no confidential details.',
  markDone: 'Mark as done',
  at: moment('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }, (d, t) => `${d} at ${t}`),
  decisionBar: 'Decision',
  openDraft: 'Open',
  openDraftOf: (who) => `Open the draft for ${who}`,
  rejectOne: 'Reject',
  rejectOneOf: (who) => `Reject the draft for ${who}`,
  rejectOneHint: '“Reject” in the list asks again at the next cadence; to give a reason or another time, open the draft.',
  selectAll: 'Select all',
  selectNone: 'Clear selection',
  mapLink: 'Map (OpenStreetMap)',
  statusTitle: 'Already decided',
  statusIntro: (n) => `This link has been used. This is where ${n === 1 ? 'the draft stands' : `the ${n} drafts stand`}:`,
  decidedLine: (action, by, when) => `${action === 'approved' ? 'Approved' : 'Rejected'}${by ? ` by ${'you' in by ? 'you' : by.name}` : ''} on ${when}`,
  sentLine: (when) => `Sent on ${when}`,
  exportedLine: (when) => `Exported for the letter batch on ${when}`,
  doneLine: (when) => `Reported done on ${when}`,
  sendsFromLine: (when) => `Goes out in the send window, from ${when}`,
  stateLine: { approved: 'Waiting to be sent.', sending: 'Being sent right now.', possibly_sent: 'Whether it was sent is being checked.', failed: 'Sending failed.', approved_letter: 'Waiting for the next letter batch.', pending_approval: 'Waiting for your approval.', expired: 'Expired without a decision.', recalled: 'Recalled.', withdrawn: 'Withdrawn: someone else looks after this customer now.', needs_fix: 'Incomplete.' },
  optOutLine: (by, on) => `No more mail to this contact: opted out, ${OPT_OUT_EN[by]}${on ? ` on ${on}` : ''}.`,
  takeBack: 'Take approval back',
  takeBackHint: (until) => `Until ${until} you can take the approval back, once; then the mail is sent.`,
  takenBack: 'Approval taken back. The draft is waiting for you again: you can edit it and approve it anew. It cannot be taken back a second time.',
  takenBackLine: (when) => `Approval taken back on ${when}`,
  takeBackTooLate: 'Too late to take it back: the mail is being sent or has been sent.',
  takeBackAlready: 'This approval has already been taken back.',
};

export function stringsFor(language: Language): Strings {
  return language === 'en' ? en : de;
}
