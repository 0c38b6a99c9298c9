// The ports a composition root builds, declared once. Each use case and handler takes the slice it uses
// (`Pick<PresenceDeps, 'ledger' | 'clock'>`), so a Lambda bundle builds only the clients its function calls.
import type { PresenceConfig } from './config';
import type { Clock, HolidayCalendar, Ledger, Logger, Mailer, Secrets } from './ports';

export interface PresenceDeps {
  ledger: Ledger;
  mailer: Mailer;
  secrets: Secrets;
  clock: Clock;
  logger: Logger;
  config: PresenceConfig;
  /** Public holidays, for send windows (functions/core/calendar/); the composition roots always set it. */
  holidays?: HolidayCalendar;
}
