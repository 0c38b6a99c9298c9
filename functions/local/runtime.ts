// What every CLI command and the local server work with: the ports of the local composition root (local-runtime.ts)
// plus where its files are. The Lambda handlers get the same ports (core/deps.ts) from the AWS composition root.
import type { PresenceDeps } from '../core/deps';

export interface Runtime extends PresenceDeps {
  /** Folder of the project files: templates/, campaigns/ (the repository root locally, the bundle dir in AWS). */
  assetsDir: string;
  /** The data directory of the local stack (.presence by default). */
  dataDir: string;
  close(): Promise<void>;
}
