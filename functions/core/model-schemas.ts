// The zod schemas of the domain model. Every entity that crosses a port is validated with these schemas,
// so adapters and use cases can trust the shapes they receive. Import them through model.ts.
import * as z from 'zod';
import { sendWindowSchema } from './calendar/send-window-schema';
import { ASK_AGAIN_CHOICES, CHANNELS, DRAFT_KINDS, DRAFT_STATUSES, ID_PATTERN, ID_RULE, MAX_SNOOZE_REASON_LENGTH, SUPPRESSION_REASONS, TOKEN_KINDS, TOUCH_SOURCES } from './domain';

export const channelSchema = z.enum(CHANNELS);

export const localeSchema = z
  .string()
  .regex(/^(de|en)(-[A-Z]{2})?$/, 'use de, en or a regional form such as de-AT or en-GB');
export type Locale = z.infer<typeof localeSchema>;

/** See ID_PATTERN in domain.ts. */
export const idSchema = z.string().regex(ID_PATTERN, ID_RULE);

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>(),;:"\\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/, 'not a valid email address');

/** Gender form of the salutation: ms -> Frau / Ms, mr -> Herr / Mr, none -> neutral greeting. */
export const salutationSchema = z.enum(['ms', 'mr', 'none']);
export type Salutation = z.infer<typeof salutationSchema>;

export const addressSchema = z.object({
  street: z.string().default(''),
  postalCode: z.string().default(''),
  city: z.string().default(''),
  /** ISO 3166-1 alpha-2; empty means the sender's country (domestic). */
  country: z.string().default(''),
});
export type Address = z.infer<typeof addressSchema>;

/** Consent per channel. Absent means allowed (existing business relationship); false means do not use. */
export const consentSchema = z.object({
  email: z.boolean().default(true),
  letter: z.boolean().default(true),
  call: z.boolean().default(true),
  visit: z.boolean().default(true),
});
export type Consent = z.infer<typeof consentSchema>;

export const isoTimeSchema = z.iso.datetime({ offset: true });

/**
 * A rep's absence: the days from `from` to `until` (both included, YYYY-MM-DD in the rep's time zone). With a
 * `deputy` (and without `hold`) the deputy gets the rep's drafts and sends them as themself; otherwise the rep's
 * customers are not drafted until the rep is back.
 */
export const absenceSchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  deputy: idSchema.optional(),
  hold: z.boolean().default(false),
  /** When it was set, and by whom (`cli:<user>`, `import`). */
  at: isoTimeSchema.optional(),
  by: z.string().optional(),
});
export type Absence = z.infer<typeof absenceSchema>;

export const repSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1, 'name is required'),
  email: emailSchema,
  phone: z.string().default(''),
  /** Job title printed under the signature, e.g. "Key Account Manager". */
  title: z.string().default(''),
  signature: z.string().default(''),
  locale: localeSchema.default('de-DE'),
  timeZone: z.string().default('Europe/Berlin'),
  /**
   * Where the rep works, for public holidays: ISO 3166-2 (`DE-BY`), a country alone (`DE`), or with a sub-region of
   * the holiday library (`DE-BY-A`, Augsburg). Absent: the rep's calendar knows weekends only.
   */
  region: z.string().optional(),
  /** The rep is away (functions/core/reps/absence.ts): a deputy stands in, or the rep's customers are held. */
  away: absenceSchema.optional(),
  version: z.number().int().nonnegative().default(0),
  createdAt: isoTimeSchema.optional(),
  updatedAt: isoTimeSchema.optional(),
});
export type Rep = z.infer<typeof repSchema>;
export type RepInput = z.input<typeof repSchema>;

/**
 * "Not before": the planner passes the contact by until `until` (functions/core/contacts/snooze.ts). Set by hand
 * (`presence contacts snooze`), by a rep's rejection on the approval page (reason `rejected`), or by an automatic
 * reply (reason `away`). With `campaignId` it holds for that campaign only ("not in this campaign").
 */
export const snoozeSchema = z.object({
  until: isoTimeSchema,
  /** Why: `rejected`, `away`, `manual`, or a short text of a person's own. */
  reason: z.string().min(1).max(MAX_SNOOZE_REASON_LENGTH),
  /** When the snooze was set, and by whom (`rep:<id>`, `cli:<user>`). */
  at: isoTimeSchema,
  by: z.string().optional(),
  campaignId: idSchema.optional(),
});
export type Snooze = z.infer<typeof snoozeSchema>;

export const contactSchema = z.object({
  id: idSchema,
  salutation: salutationSchema.default('none'),
  /** Academic title as written before the name: "Dr.", "Prof. Dr.". */
  title: z.string().default(''),
  firstName: z.string().default(''),
  lastName: z.string().default(''),
  company: z.string().default(''),
  email: z.union([emailSchema, z.literal('')]).default(''),
  phone: z.string().default(''),
  address: addressSchema.default({ street: '', postalCode: '', city: '', country: '' }),
  /**
   * Where the customer is, for public holidays and send windows: ISO 3166-2 (`DE-BY`) or with a sub-region of the
   * holiday library (`DE-BY-A`). Absent: the country's national holidays (address.country, else the home country).
   */
  region: z.string().optional(),
  /** IANA time zone the customer reads mail in. Absent: the country's, when it keeps one time, else the rep's. */
  timeZone: z.string().optional(),
  locale: localeSchema.default('de-DE'),
  /** true: Sie / formal English; false: Du / first-name terms. */
  formal: z.boolean().default(true),
  channel: channelSchema.default('email'),
  cadenceDays: z.number().int().min(1).max(3650).default(30),
  repId: idSchema,
  tags: z.array(z.string()).default([]),
  custom: z.record(z.string(), z.string()).default({}),
  consent: consentSchema.default({ email: true, letter: true, call: true, visit: true }),
  /** The contact asked not to be contacted at all (any channel). */
  optedOut: z.boolean().default(false),
  lastTouchAt: isoTimeSchema.optional(),
  lastTouchChannel: channelSchema.optional(),
  /**
   * When the contact becomes due again: lastTouchAt + cadence, or the import time for never-touched contacts. A
   * rejection "at the next cadence" moves it to the rejection + cadence, as a touch at that moment would.
   */
  nextDueAt: isoTimeSchema,
  /** Absent on contacts that were never snoozed (and on every contact written before snoozes existed). */
  snooze: snoozeSchema.optional(),
  version: z.number().int().nonnegative().default(0),
  createdAt: isoTimeSchema.optional(),
  updatedAt: isoTimeSchema.optional(),
});
export type Contact = z.infer<typeof contactSchema>;
export type ContactInput = z.input<typeof contactSchema>;

export const touchSchema = z.object({
  id: z.string().min(1),
  contactId: idSchema,
  at: isoTimeSchema,
  channel: channelSchema,
  repId: idSchema,
  campaignId: z.string().optional(),
  draftId: z.string().optional(),
  note: z.string().optional(),
  source: z.enum(TOUCH_SOURCES),
  /** SES message id for sent mails. */
  messageId: z.string().optional(),
});
export type Touch = z.infer<typeof touchSchema>;

export const draftStatusSchema = z.enum(DRAFT_STATUSES);

/** The words of a draft. email: subject, html, text. letter: subject, text (body), salutation, closing. task: text. */
export const draftContentSchema = z.object({
  subject: z.string().default(''),
  html: z.string().default(''),
  text: z.string().default(''),
  /** Letters: the greeting line and the closing formula, kept apart for the merge file. */
  salutation: z.string().optional(),
  closing: z.string().optional(),
  /**
   * Mails: the opt-out line and the legal footer, rendered with the draft and shown in its preview, but not part of
   * the words a rep edits (core/render/mail-footer.ts); the unsubscribe link is filled in when the mail is sent.
   */
  footer: z.object({ text: z.string(), html: z.string() }).optional(),
});
export type DraftContent = z.infer<typeof draftContentSchema>;

export const decisionSchema = z.object({
  action: z.enum(['approved', 'rejected']),
  by: z.string(),
  at: isoTimeSchema,
  /** The draft version the decision was made on. */
  version: z.number().int(),
  reason: z.string().optional(),
  /** A rejection's answer to "when should presence ask again?", and the moment it resolved to. */
  askAgain: z.object({ choice: z.enum(ASK_AGAIN_CHOICES), until: isoTimeSchema }).optional(),
});

export const draftSchema = z.object({
  id: z.string().min(1),
  campaignId: idSchema,
  runId: z.string().min(1),
  contactId: idSchema,
  repId: idSchema,
  channel: channelSchema,
  kind: z.enum(DRAFT_KINDS),
  locale: localeSchema,
  status: draftStatusSchema,
  content: draftContentSchema,
  /** Required template fields the contact lacks (status needs_fix), or the address problems of a letter. */
  missing: z.array(z.string()).default([]),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  expiresAt: isoTimeSchema,
  version: z.number().int().nonnegative(),
  decision: decisionSchema.optional(),
  /** The rep took the approval back within the grace period (once per draft): who, when, and when it was approved. */
  approvalTakenBack: z.object({ by: z.string(), at: isoTimeSchema, approvedAt: isoTimeSchema }).optional(),
  /** Who last edited the words, when, and at which version. */
  editedBy: z.string().optional(),
  claimedAt: isoTimeSchema.optional(),
  sentAt: isoTimeSchema.optional(),
  messageId: z.string().optional(),
  exportedAt: isoTimeSchema.optional(),
  failure: z.string().optional(),
  /** Why the draft was withdrawn (status withdrawn): 'reassigned' when its contact moved to another rep. */
  withdrawnReason: z.string().optional(),
  /**
   * The rep standing in while the contact's rep (repId) is away: gets the draft in their digest, approves it and
   * sends it as themself (functions/core/reps/absence.ts). Absent: the rep writes.
   */
  deputyId: idSchema.optional(),
  /** The campaign's send window, copied when the draft was made (email drafts only). */
  sendWindow: sendWindowSchema.optional(),
  /** An approved mail outside its send window waits until this moment; the sweep hands it to a sender then. */
  sendAfter: isoTimeSchema.optional(),
});
export type Draft = z.infer<typeof draftSchema>;

export const suppressionSchema = z.object({
  /** SHA-256 of the normalised address: no personal data is needed to keep someone out. */
  emailHash: z.string().regex(/^[0-9a-f]{64}$/),
  reason: z.enum(SUPPRESSION_REASONS),
  at: isoTimeSchema,
  detail: z.string().optional(),
});
export type Suppression = z.infer<typeof suppressionSchema>;

export const tokenRecordSchema = z.object({
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(TOKEN_KINDS),
  repId: z.string(),
  /** draft: one draft id; digest: every draft of the digest; task: the task draft. */
  draftIds: z.array(z.string()).default([]),
  /** For draft tokens: the draft version the link was issued for; an edit by someone else kills it. */
  draftVersion: z.number().int().optional(),
  createdAt: isoTimeSchema,
  expiresAt: isoTimeSchema,
  usedAt: isoTimeSchema.optional(),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;
