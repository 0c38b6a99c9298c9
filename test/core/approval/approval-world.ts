// A small world for approval tests: a memory ledger with one rep, contacts and drafts, a fixed clock, a
// fixed signing key, a mailer and an approval sink that remember what they got, and a logger that keeps
// every line (tests check that no token ever reaches a log).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../../functions/adapters/memory/memory-mailer';
import { loadMailRenderer, type MailRenderer, type MailTemplateSources } from '../../../functions/core/approval/mail-renderer';
import { compilingEngine } from '../../../functions/core/render/compiling-engine';
import { issueLink, type LinkKind } from '../../../functions/core/approval/tokens';
import { defaultConfig, type PresenceConfig } from '../../../functions/core/config';
import type { Draft } from '../../../functions/core/model';
import type { ApprovalSink, Ledger, Logger, Secrets } from '../../../functions/core/ports';
import { aContact, aDraft, aRep } from '../../support/factories';

export const TEMPLATES_DIR = join(import.meta.dirname, '..', '..', '..', 'templates', 'digest');

export function digestTemplateSources(): MailTemplateSources {
  const out: MailTemplateSources = {};
  for (const lang of ['de', 'en']) {
    for (const file of readdirSync(join(TEMPLATES_DIR, lang))) out[`${lang}/${file.replace(/\.hbs$/, '')}`] = readFileSync(join(TEMPLATES_DIR, lang, file), 'utf8');
  }
  return out;
}

export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; data?: Record<string, unknown> }> = [];
  debug(message: string, data?: Record<string, unknown>) {
    this.lines.push({ level: 'debug', message, ...(data ? { data } : {}) });
  }
  info(message: string, data?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, ...(data ? { data } : {}) });
  }
  warn(message: string, data?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, ...(data ? { data } : {}) });
  }
  error(message: string, data?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, ...(data ? { data } : {}) });
  }
  text(): string {
    return JSON.stringify(this.lines);
  }
}

export class RecordingSink implements ApprovalSink {
  readonly calls: string[][] = [];
  async onApproved(draftIds: readonly string[]) {
    this.calls.push([...draftIds]);
  }
  get ids(): string[] {
    return this.calls.flat();
  }
}

export const NOW = '2026-11-27T09:00:00.000Z';
export const fixedSecrets: Secrets = { signingKey: async () => Buffer.alloc(32, 7) };

export interface World {
  ledger: MemoryLedger;
  clock: FixedClock;
  secrets: Secrets;
  logger: RecordingLogger;
  mailer: MemoryMailer;
  approvalSink: RecordingSink;
  config: PresenceConfig;
  mails: MailRenderer;
}

export async function makeWorld(opts: { ledger?: Ledger; locale?: string } = {}): Promise<World & { ledger: MemoryLedger }> {
  const ledger = (opts.ledger ?? new MemoryLedger()) as MemoryLedger;
  await ledger.putRep(aRep({ id: 'rep-1', locale: opts.locale ?? 'de-DE' }));
  await ledger.putRep(aRep({ id: 'rep-2', name: 'Jonas Weber', email: 'jonas.weber@example.com', locale: 'en-GB', timeZone: 'Europe/London' }));
  return {
    ledger,
    clock: new FixedClock(NOW),
    secrets: fixedSecrets,
    logger: new RecordingLogger(),
    mailer: new MemoryMailer(),
    approvalSink: new RecordingSink(),
    config: { ...defaultConfig, publicBaseUrl: 'http://localhost:8787' },
    mails: loadMailRenderer(compilingEngine(), digestTemplateSources()),
  };
}

/** Stores a contact and its draft (defaults: rep-1, email, pending, version 1). */
export async function addDraft(world: Pick<World, 'ledger'>, over: Partial<Draft> & { contactId?: string } = {}): Promise<Draft> {
  const contactId = over.contactId ?? 'c-1';
  if (!(await world.ledger.getContact(contactId))) await world.ledger.putContact(aContact({ id: contactId, repId: over.repId ?? 'rep-1' }));
  const draft = aDraft({ ...over, contactId });
  await world.ledger.putDrafts([draft]);
  return draft;
}

/** Issues a link to drafts as notifyReps would. */
export async function linkTo(world: Pick<World, 'ledger' | 'clock'>, kind: LinkKind, drafts: Draft[], over: { repId?: string; ttlHours?: number } = {}): Promise<string> {
  const { token } = await issueLink(world, {
    kind,
    repId: over.repId ?? drafts[0]!.repId,
    draftIds: drafts.map((d) => d.id),
    ...(kind === 'digest' ? {} : { draftVersion: drafts[0]!.version }),
    ttlHours: over.ttlHours ?? 72,
  });
  return token;
}

/** Everything the ledger holds, for "nothing changed" assertions. */
export function snapshot(ledger: MemoryLedger): string {
  return JSON.stringify({
    drafts: [...ledger.drafts.entries()].sort(),
    tokens: [...ledger.tokens.entries()].sort(),
    contacts: [...ledger.contacts.entries()].sort(),
    touches: [...ledger.touches.entries()].sort(),
    audits: ledger.audits,
  });
}
