// The campaign files decide the schedules: at synth, every campaigns/<id>.yaml is read with the same parser the
// planner and the local scheduler use, so AWS fires exactly the slots `presence up` fires locally. A broken
// campaign file fails the synth with the file and field named, instead of deploying a schedule that never fires.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCampaign } from '../functions/core/campaigns/parse-campaign';

export interface CampaignSchedule {
  campaignId: string;
  /** cron(...) or rate(...) in EventBridge Scheduler syntax. */
  expression: string;
  /** IANA time zone the cron fields are read in. */
  timeZone: string;
  /** Anchor of rate(...) schedules: EventBridge Scheduler counts rate slots from the schedule's start date. */
  startAt?: Date;
}

export function readCampaignSchedules(campaignsDir: string): CampaignSchedule[] {
  let files: string[];
  try {
    files = readdirSync(campaignsDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return files.map((file) => {
    const campaign = parseCampaign(readFileSync(join(campaignsDir, file), 'utf8'), `campaigns/${file}`);
    return {
      campaignId: campaign.id,
      expression: campaign.schedule.expression.trim(),
      timeZone: campaign.schedule.timeZone,
      ...(campaign.schedule.startAt ? { startAt: new Date(campaign.schedule.startAt) } : {}),
    };
  });
}
