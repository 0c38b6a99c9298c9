// The deployment settings of one presence installation, read from CDK context (cdk.json defaults, `-c key=value`
// on the command line). Values from the command line arrive as strings, so numbers and booleans are coerced; every
// problem names the context key, so a wrong value fails the synth with a sentence instead of a broken stack.
import { z } from 'zod';
import { emailSchema } from '../functions/core/model';
import { scheduleExpressionProblem, timeZoneProblem } from '../functions/core/schedule';

const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.string()),
);
const scheduleExpression = z.string().superRefine((value, ctx) => {
  const problem = scheduleExpressionProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const timeZone = z.string().superRefine((value, ctx) => {
  const problem = timeZoneProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const presenceContextSchema = z
  .object({
    /** The domain verified in SES (DKIM); mail goes out from an address in it. */
    senderDomain: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i, 'use a domain name such as mail.example.com'),
    /** The From address of digests and, unless sendAsRep, of customer mails. Must be in senderDomain. */
    senderAddress: emailSchema,
    /** Send customer mails From the rep's own address (each rep address must be in senderDomain or listed in extraSenderIdentities). */
    sendAsRep: bool.default(false),
    /** Further verified SES identities (addresses or domains) the senders may use, e.g. reps' own domains. */
    extraSenderIdentities: list.default([]),
    /**
     * While the account is in the SES sandbox, SES also authorizes the send against each recipient's verified
     * identity; list those test recipients here. Leave empty in production.
     */
    sandboxRecipients: list.default([]),
    /** ISO 3166-1 alpha-2 country of the sender (letters abroad get a country line). */
    homeCountry: z.string().regex(/^[A-Z]{2}$/, 'use an ISO country code such as DE'),
    /** Lifetime of approval links when the campaign does not set one. */
    linkTtlHours: int(1, 24 * 30).default(72),
    /** Alarms (dead-letter queues, function errors) mail this address; none when empty. */
    alarmEmail: z.union([emailSchema, z.literal('')]).default(''),
    /** Time zone of the fixed schedules (letter export); campaigns carry their own. */
    timeZone: timeZone.default('Europe/Berlin'),
    /** When approved letters are exported to S3 (EventBridge Scheduler expression, read in timeZone). */
    letterExportSchedule: scheduleExpression.default('cron(0 7 ? * MON-FRI *)'),
    /** How often stale `sending` claims are moved to `possibly_sent`. */
    claimSweepSchedule: scheduleExpression.default('rate(15 minutes)'),
    /**
     * Concurrent senders. Each sender keeps to the account's SES rate divided by this number, so together they
     * never exceed it. 2 is the lowest maximum concurrency an SQS event source accepts.
     */
    sendConcurrency: int(2, 100).default(2),
    /**
     * Seconds an approved mail waits before it is sent, so the rep can take the approval back on the draft's page.
     * The send queue delays its message by it (SQS allows at most 900 s); the sender itself never sends earlier.
     */
    approvalGraceSeconds: int(0, 3600).default(120),
    /** Approval site: steady requests per second and burst, per account and stage (HTTP API throttling). */
    approvalRateLimit: int(1, 10_000).default(20),
    approvalBurstLimit: int(1, 5_000).default(40),
    /** Unsubscribe endpoint: concurrent executions reserved (and capped) for it; excess requests get 429. */
    unsubscribeConcurrency: int(1, 1000).default(5),
    /** Days exported letter batches stay in the bucket before they expire. */
    letterRetentionDays: int(1, 3650).default(90),
    /** Days function and API logs are kept. */
    logRetentionDays: int(1, 3653).default(30),
    /**
     * Bundle the functions with esbuild (default). The infra assertion tests set it to false so they do not bundle
     * seven functions per synth; `npm run synth` and deploys always bundle.
     */
    bundle: bool.default(true),
    /**
     * The domain SES receives mail on (replies, auto-replies, the rep's BCC), e.g. in.example.com: its MX record
     * points at SES in the deploy region (docs/deploy.md). Without it no receiving resources are synthesised and
     * replies go to the rep (Reply-To). An empty value (`-c receivingDomain=`) means none.
     */
    receivingDomain: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'use a lower-case domain name such as in.example.com')
        .optional(),
    ),
    /** Optional fixed environment; without it the stacks are environment-agnostic and synth needs no AWS account. */
    account: z.string().regex(/^\d{12}$/, 'use a 12-digit AWS account id').optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'use a region such as eu-central-1').optional(),
  })
  .superRefine((c, ctx) => {
    const domain = c.senderAddress.split('@')[1]!.toLowerCase();
    if (domain !== c.senderDomain.toLowerCase() && !domain.endsWith(`.${c.senderDomain.toLowerCase()}`)) {
      ctx.addIssue({ code: 'custom', path: ['senderAddress'], message: `must be an address in senderDomain ${c.senderDomain}` });
    }
    if (c.approvalBurstLimit < c.approvalRateLimit) {
      ctx.addIssue({ code: 'custom', path: ['approvalBurstLimit'], message: 'must be at least approvalRateLimit' });
    }
  });

export type PresenceContext = z.infer<typeof presenceContextSchema>;

const KEYS = Object.keys(presenceContextSchema.shape) as Array<keyof PresenceContext>;

/** Reads and validates the context of `node` (an App or any construct). Throws with every problem, one per line. */
export function readPresenceContext(tryGetContext: (key: string) => unknown): PresenceContext {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = presenceContextSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `context ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid presence context:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
