// What every CLI command and the local server work with: the same ports the Lambda handlers get.
import type { PresenceConfig } from '../core/config';
import type { Clock, Ledger, Logger, Mailer, Secrets } from '../core/ports';

export interface Runtime {
  ledger: Ledger;
  mailer: Mailer;
  secrets: Secrets;
  clock: Clock;
  logger: Logger;
  config: PresenceConfig;
  /** Folder of the project files: templates/, campaigns/ (the repository root locally, the bundle dir in AWS). */
  assetsDir: string;
  /** The data directory of the local stack (.presence by default). */
  dataDir: string;
  close(): Promise<void>;
}
