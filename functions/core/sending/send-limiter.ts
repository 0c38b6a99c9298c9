// The limiter a composition root builds once: the provider's own maximum send rate when it tells (SES
// GetAccount), the configured rate otherwise (the local emulator, or a failed lookup). `share` divides the rate
// when several senders run at once (e.g. Lambda concurrency), so that together they stay under it.
import type { PresenceConfig } from '../config';
import type { Logger, Mailer } from '../ports';
import { PacedRateLimiter, realTimer, type RateLimiter, type Timer } from './rate-limiter';

export async function createSendLimiter(
  deps: { mailer: Mailer; config: PresenceConfig; logger: Logger },
  opts: { share?: number; useProviderRate?: boolean; timer?: Timer } = {},
): Promise<RateLimiter> {
  let rate = deps.config.maxSendRate;
  if (opts.useProviderRate !== false) {
    try {
      const quota = await deps.mailer.quota();
      if (quota.maxSendRate > 0) rate = quota.maxSendRate;
    } catch (error) {
      deps.logger.warn('send rate: provider quota unavailable, using the configured rate', { rate, error: error instanceof Error ? error.name : 'unknown' });
    }
  }
  const share = Math.max(1, opts.share ?? 1);
  return new PacedRateLimiter(Math.max(1, rate / share), opts.timer ?? realTimer);
}
