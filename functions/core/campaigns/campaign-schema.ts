// The campaign file (campaigns/<id>.yaml): who is addressed, with which templates, when, and how long a draft
// waits for approval. Objects are strict so a misspelt key is an error, not a silently ignored setting.
import * as z from 'zod';
import { CHANNELS, LANGUAGES, idSchema, type Channel, type Language } from '../model';
import { scheduleExpressionProblem, timeZoneProblem } from '../schedule';
import { sendWindowSchema } from '../calendar/send-window-schema';
import { requiredFieldProblem } from './required-fields';

const channelList = CHANNELS.join(', ').replace(/, (\w+)$/, ' or $1');

export const campaignChannelSchema = z.enum(CHANNELS, {
  error: (issue) => `unknown channel ${JSON.stringify(issue.input)}; use ${channelList}`,
});

const languageSchema = z.enum(LANGUAGES, {
  error: (issue) => `unknown language ${JSON.stringify(issue.input)}; use ${LANGUAGES.join(' or ')}`,
});

const requiredFieldSchema = z.string().superRefine((field, ctx) => {
  const problem = requiredFieldProblem(field);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const unique = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).superRefine((list, ctx) => {
    const seen = new Set<unknown>();
    list.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `${what} ${JSON.stringify(v)} is listed twice` });
      seen.add(v);
    });
  });

export const audienceSchema = z.strictObject({
  /** Channels this campaign drafts for; contacts preferring another channel are left out. */
  channels: unique(campaignChannelSchema, 'channel').min(1, 'name at least one channel').default([...CHANNELS]),
  /** Contacts with at least one of these tags; empty: every contact. */
  tags: unique(z.string().trim().min(1, 'a tag cannot be empty'), 'tag').default([]),
  /** Only the contacts of these reps; empty: every rep. */
  reps: unique(idSchema, 'rep').default([]),
  /**
   * Narrows the due contacts to those silent for at least this many days (never touched counts as silent).
   * Without it a contact is in the audience as soon as its cadence makes it due.
   */
  silentForDays: z.number().int().min(1).max(3650).optional(),
});
export type Audience = z.infer<typeof audienceSchema>;

const perChannelRequired = z.strictObject(
  Object.fromEntries(CHANNELS.map((c) => [c, unique(requiredFieldSchema, 'field').default([])])) as Record<
    Channel,
    z.ZodDefault<ReturnType<typeof unique<typeof requiredFieldSchema>>>
  >,
);

export const templatesSchema = z.strictObject({
  /** Folder under templates/: <folder>/<language>/<formal|informal>/<part>.hbs, tasks in <folder>/<language>/. */
  folder: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use a folder name of lower-case letters, digits and dashes'),
  languages: unique(languageSchema, 'language').min(1, 'name at least one language').default([...LANGUAGES]),
  /** Fields every draft of a channel needs, on top of the channel's own needs and the templates' front matter. */
  required: perChannelRequired.default({ email: [], letter: [], visit: [], call: [] }),
});

export const scheduleSchema = z.strictObject({
  expression: z.string().superRefine((value, ctx) => {
    const problem = scheduleExpressionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  timeZone: z
    .string()
    .default('Europe/Berlin')
    .superRefine((value, ctx) => {
      const problem = timeZoneProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Anchor of rate(...) schedules; cron schedules ignore it. */
  startAt: z.iso.datetime({ offset: true, error: 'use an ISO time such as 2026-01-05T08:00:00+01:00' }).optional(),
});

export const draftsSettingsSchema = z.strictObject({
  /** An unapproved draft expires after this many days (the next run may draft the contact again). */
  expiresAfterDays: z.number().int().min(1).max(90).default(7),
  /**
   * How long the approval links in the reps' digests of this campaign stay valid, in hours (default: the configured
   * link lifetime, 72 h). A link never outlives the drafts it opens.
   */
  linkValidForHours: z.number().int().min(1).max(720).optional(),
});

const nameSchema = z.string().trim().min(1, 'name is required');

/** The campaign's name per language (a rep's digest subject is in the rep's language); `name` for the others. */
const namesSchema = z.strictObject(
  Object.fromEntries(LANGUAGES.map((l) => [l, nameSchema.optional()])) as Record<Language, z.ZodOptional<typeof nameSchema>>,
);

export const campaignSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  names: namesSchema.optional(),
  description: z.string().default(''),
  audience: audienceSchema.default({ channels: [...CHANNELS], tags: [], reps: [] }),
  templates: templatesSchema,
  schedule: scheduleSchema,
  drafts: draftsSettingsSchema.default({ expiresAfterDays: 7 }),
  /**
   * When approved mails may go out, on the customer's wall clock (docs/calendar.md). Without it an approved mail
   * goes out at once.
   */
  sendWindow: sendWindowSchema.optional(),
});
export type Campaign = z.infer<typeof campaignSchema>;
export type CampaignInput = z.input<typeof campaignSchema>;
