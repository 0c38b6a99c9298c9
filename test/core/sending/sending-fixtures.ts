// A ledger with one rep, contacts and approved email drafts, and the deps sendDraft needs, all in memory.
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../../functions/adapters/memory/memory-mailer';
import { defaultConfig, type PresenceConfig } from '../../../functions/core/config';
import type { Draft } from '../../../functions/core/model';
import { silentLogger, type Logger } from '../../../functions/core/ports';
import { unlimited } from '../../../functions/core/sending/rate-limiter';
import type { SendingDeps } from '../../../functions/core/sending/send-draft';
import { aContact, aDraft, aRep } from '../../support/factories';

export const SIGNING_KEY = Buffer.alloc(32, 7);

export interface World {
  ledger: MemoryLedger;
  mailer: MemoryMailer;
  clock: FixedClock;
  deps: SendingDeps & { ledger: MemoryLedger };
  sleeps: number[];
  logs: Array<{ level: string; message: string; data?: Record<string, unknown> }>;
  approvedDraft(contactId?: string, over?: Partial<Draft>): Promise<Draft>;
}

export async function aWorld(config: Partial<PresenceConfig> = {}): Promise<World> {
  const ledger = new MemoryLedger();
  const mailer = new MemoryMailer();
  const clock = new FixedClock('2026-11-27T09:00:00.000Z');
  const sleeps: number[] = [];
  const logs: World['logs'] = [];
  const logger: Logger = {
    debug: (message, data) => logs.push({ level: 'debug', message, data }),
    info: (message, data) => logs.push({ level: 'info', message, data }),
    warn: (message, data) => logs.push({ level: 'warn', message, data }),
    error: (message, data) => logs.push({ level: 'error', message, data }),
  };
  await ledger.putRep(aRep({ id: 'rep-1', name: 'Petra Schneider', email: 'petra.schneider@example.com' }));
  const deps: SendingDeps & { ledger: MemoryLedger } = {
    ledger,
    mailer,
    clock,
    logger,
    config: { ...defaultConfig, publicBaseUrl: 'https://approve.presence.example', unsubscribeBaseUrl: 'https://u.presence.example', configurationSet: 'presence', ...config },
    limiter: unlimited,
    secrets: { signingKey: async () => SIGNING_KEY },
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  };
  return {
    ledger,
    mailer,
    clock,
    deps,
    sleeps,
    logs,
    async approvedDraft(contactId = 'c-1', over = {}) {
      if (!ledger.contacts.has(contactId)) {
        await ledger.putContact(aContact({ id: contactId, email: `${contactId}@customer.example` }));
      }
      const draft = aDraft({ contactId, status: 'approved', ...over });
      await ledger.putDrafts([draft]);
      return draft;
    },
  };
}

export { silentLogger };
