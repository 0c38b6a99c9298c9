// The Ledger on one DynamoDB table: one repository per aggregate (contacts, reps, touches, drafts, suppressions,
// tokens, settings, audit, inbox) over the shared table helper (ledger-table.ts). Use cases take the stores they use
// (core/ports.ts); the composition roots build this one object that is all of them, or, for a Lambda function whose
// use cases need a few stores, a ledger of only those repositories (ledgerOf), so its bundle carries no other. All
// DynamoDB details live in the repositories, ledger-table.ts and keys.ts; every conditional write says why it has its
// condition. See docs/data-model.md for the access patterns.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AuditStore,
  ContactStore,
  CoverageStore,
  DeferralStore,
  DraftStore,
  InboxStore,
  Ledger,
  RepStore,
  SettingsStore,
  SuppressionStore,
  TokenStore,
  TouchStore,
} from '../../core/ports';
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
    this.suppress = suppressMovingCoverage(this.suppressions, this.coverage);
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

/**
 * A new suppression takes the address's contacts out of the coverage figures (an 'erased' tombstone replacing an
 * earlier reason changes nothing there): what `suppress` is on a ledger that holds both repositories.
 */
function suppressMovingCoverage(suppressions: SuppressionsRepository, coverage: CoverageRepository): SuppressionStore['suppress'] {
  return async (s) => {
    const before = await suppressions.getSuppression(s.emailHash);
    const isNew = await suppressions.suppress(s);
    if (isNew && !before) await coverage.onSuppressed(s.emailHash);
    return isNew;
  };
}

/** The repository that implements each store of the Ledger port, by DynamoLedger's field names. */
export interface LedgerRepositories {
  contacts: ContactsRepository;
  reps: RepsRepository;
  touches: TouchesRepository;
  drafts: DraftsRepository;
  suppressions: SuppressionsRepository;
  tokens: TokensRepository;
  settings: SettingsRepository;
  auditLog: AuditRepository;
  inbox: InboxRepository;
  deferrals: DeferralsRepository;
  coverage: CoverageRepository;
}

interface LedgerStores {
  contacts: ContactStore;
  reps: RepStore;
  touches: TouchStore;
  drafts: DraftStore;
  suppressions: SuppressionStore;
  tokens: TokenStore;
  settings: SettingsStore;
  auditLog: AuditStore;
  inbox: InboxStore;
  deferrals: DeferralStore;
  coverage: CoverageStore;
}

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The ledger the given repositories make: the intersection of the stores they implement. */
export type LedgerOf<R extends Partial<LedgerRepositories>> = Intersection<{ [K in keyof R & keyof LedgerStores]: LedgerStores[K] }[keyof R & keyof LedgerStores]>;

/**
 * A ledger of only the given repositories, each built by the caller over one LedgerTable: for a Lambda function whose
 * use cases need a few stores (functions/handlers/aws/compose.ts), so that esbuild leaves the other repositories out of
 * its bundle. Its methods are the repositories' own, as on DynamoLedger; suppressions come with the coverage
 * repository, so a new suppression moves the coverage figures here too.
 */
export function ledgerOf<R extends Partial<LedgerRepositories>>(
  repositories: R & (R extends { suppressions: SuppressionsRepository } ? { coverage: CoverageRepository } : unknown),
): LedgerOf<R> {
  const ledger: Partial<Ledger> = {};
  for (const repository of Object.values(repositories) as object[]) delegateTo(ledger, repository);
  if (repositories.suppressions && repositories.coverage) ledger.suppress = suppressMovingCoverage(repositories.suppressions, repositories.coverage);
  return ledger as LedgerOf<R>;
}
