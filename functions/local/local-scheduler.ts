// The local stand-in for EventBridge Scheduler: the campaigns' own cron/rate expressions and time zones, checked
// every few seconds. A slot older than the catch-up window is never fired late (functions/core/schedule.ts,
// slotToFire); the last fired slot per campaign is kept in <data dir>/scheduler.json so a restart does not replay.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { slotToFire, type Schedule } from '../core/schedule';
import type { Logger } from '../core/ports';

export interface ScheduledCampaign {
  id: string;
  schedule: Schedule;
}

export interface LocalScheduler {
  stop(): Promise<void>;
  /** One check now (tests and start-up). */
  tick(): Promise<void>;
}

export function startLocalScheduler(opts: {
  dataDir: string;
  campaigns: ScheduledCampaign[];
  now?: () => Date;
  intervalMs?: number;
  logger: Logger;
  /** Runs one slot: the same work as the plan-campaign Lambda for `{ campaignId, scheduledTime }`. */
  fire: (campaignId: string, scheduledTime: Date) => Promise<void>;
}): LocalScheduler {
  const file = join(opts.dataDir, 'scheduler.json');
  const now = opts.now ?? (() => new Date());
  const lastFired = load(file);
  let running: Promise<void> | undefined;
  let stopped = false;

  const tick = async () => {
    for (const c of opts.campaigns) {
      if (stopped) return;
      const last = lastFired[c.id] ? new Date(lastFired[c.id]!) : undefined;
      const decision = slotToFire(c.schedule, { now: now(), ...(last ? { lastFired: last } : {}) });
      if (decision.skipped > 0) opts.logger.info(`scheduler: ${c.id}: ${decision.skipped} slot(s) missed outside the catch-up window, not fired late`);
      if (!decision.fire) continue;
      // remember first: a failing run is not retried in a loop every tick (the cloud retries by its policy)
      lastFired[c.id] = decision.fire.toISOString();
      save(file, lastFired);
      try {
        await opts.fire(c.id, decision.fire);
      } catch (error) {
        opts.logger.error(`scheduler: ${c.id} at ${decision.fire.toISOString()} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const timer = setInterval(() => {
    running ??= tick().finally(() => (running = undefined));
  }, opts.intervalMs ?? 15_000);
  timer.unref();

  return {
    tick: async () => {
      while (running) await running;
      running = tick().finally(() => (running = undefined));
      await running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}

function load(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function save(file: string, state: Record<string, string>): void {
  writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}
