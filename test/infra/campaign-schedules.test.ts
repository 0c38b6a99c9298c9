import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCampaignSchedules } from '../../infra/campaign-schedules';
import { FIXTURE_CAMPAIGNS } from './synth-app';

describe('campaign schedules read at synth', () => {
  it('reads expression, time zone and rate anchor of every campaign file, sorted by file', () => {
    expect(readCampaignSchedules(FIXTURE_CAMPAIGNS)).toEqual([
      { campaignId: 'fortnightly-check', expression: 'rate(14 days)', timeZone: 'UTC', startAt: new Date('2026-01-05T07:00:00Z') },
      { campaignId: 'weekly-update', expression: 'cron(0 8 ? * MON *)', timeZone: 'Europe/Berlin' },
    ]);
  });

  it('has no schedules when there is no campaigns folder', () => {
    expect(readCampaignSchedules(join(tmpdir(), 'presence-no-such-folder'))).toEqual([]);
  });

  it('fails the synth on a campaign file EventBridge would reject, naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'presence-campaigns-'));
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\nname: Broken\ntemplates:\n  folder: crisis-update\nschedule:\n  expression: cron(0 8 * * MON *)\n',
    );
    expect(() => readCampaignSchedules(dir)).toThrowError(/campaigns\/broken\.yaml: schedule\.expression: .*exactly one of day-of-month and day-of-week/);
  });
});
