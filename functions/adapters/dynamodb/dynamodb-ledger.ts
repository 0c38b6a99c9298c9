// The Ledger on one DynamoDB table: one repository per aggregate (contacts, reps, touches, drafts, suppressions,
// tokens, settings, audit, inbox) over the shared table helper (ledger-table.ts). Use cases take the stores they use
// (core/ports.ts); the composition roots build this one object that is all of them. All DynamoDB details live in the
// repositories, ledger-table.ts and keys.ts; every conditional write says why it has its condition. See
// docs/data-model.md for the access patterns.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Ledger } from '../../core/ports';
import { AuditRepository } from './audit-repository';
import { ContactsRepository } from './contacts-repository';
import { CoverageRepository } from './coverage-repository';
import { DraftsRepository } from './drafts-repository';
import { InboxRepository } from './inbox-repository';
import { DeferralsRepository } from './deferrals-repository';
import { LedgerTable, type CapacityMeter, type LedgerTableOptions } from './ledger-table';
import { RepsRepository } from './reps-repository';
import { SettingsRepository } from './settings-repository';
import { SuppressionsRepository } from './suppressions-repository';
import { TokensRepository } from './tokens-repository';
import { TouchesRepository } from './touches-repository';

export { BatchIncomplete, CapacityMeter } from './ledger-table';
export type DynamoLedgerOptions = LedgerTableOptions;

// The class gets the stores' methods by delegation (below); this declaration gives it their types.
export interface DynamoLedger extends Ledger {}

export class DynamoLedger {
  readonly table: LedgerTable;
  readonly contacts: ContactsRepository;
  readonly reps: RepsRepository;
  readonly touches: TouchesRepository;
  readonly drafts: DraftsRepository;
  readonly suppressions: SuppressionsRepository;
  readonly tokens: TokensRepository;
  readonly settings: SettingsRepository;
  readonly auditLog: AuditRepository;
  readonly inbox: InboxRepository;
  readonly deferrals: DeferralsRepository;
  readonly coverage: CoverageRepository;

  constructor(doc: DynamoDBDocumentClient, tableName: string, options: DynamoLedgerOptions = {}) {
    this.table = new LedgerTable(doc, tableName, options);
    this.coverage = new CoverageRepository(this.table);
    this.contacts = new ContactsRepository(this.table, this.coverage);
    this.reps = new RepsRepository(this.table);
    this.touches = new TouchesRepository(this.table, this.coverage);
    this.drafts = new DraftsRepository(this.table, this.coverage);
    this.suppressions = new SuppressionsRepository(this.table);
    this.tokens = new TokensRepository(this.table);
    this.settings = new SettingsRepository(this.table);
    this.auditLog = new AuditRepository(this.table);
    this.inbox = new InboxRepository(this.table);
    this.deferrals = new DeferralsRepository(this.table);
    for (const repository of [this.contacts, this.reps, this.touches, this.drafts, this.suppressions, this.tokens, this.settings, this.auditLog, this.inbox, this.deferrals, this.coverage]) {
      delegateTo(this, repository);
    }
    // a new suppression takes the address's contacts out of the coverage figures (an 'erased' tombstone replacing an
    // earlier reason changes nothing there)
    const suppress = this.suppress;
    this.suppress = async (s) => {
      const before = await this.suppressions.getSuppression(s.emailHash);
      const isNew = await suppress(s);
      if (isNew && !before) await this.coverage.onSuppressed(s.emailHash);
      return isNew;
    };
  }

  /** Read and write units consumed through this ledger (with meterCapacity). */
  get capacity(): CapacityMeter {
    return this.table.capacity;
  }
}

/** Puts the repository's methods on the ledger, bound to the repository. */
function delegateTo(target: object, repository: object): void {
  const proto = Object.getPrototypeOf(repository) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const method = proto[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    Object.defineProperty(target, name, { value: (method as (...args: unknown[]) => unknown).bind(repository), enumerable: false, writable: true, configurable: true });
  }
}
