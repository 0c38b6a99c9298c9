import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../../functions/core/campaigns/run-campaign';
import { parseCampaign } from '../../../functions/core/campaigns/parse-campaign';
import { ValidationError } from '../../../functions/core/errors';
import { aContact } from '../../support/factories';
import { makeWorld, NOW } from '../approval/approval-world';
import { crisisUpdate } from '../campaign-fixtures';

/** A run of the shipped crisis-update campaign at the world's clock, with one due contact of rep-1. */
async function runWith(drafts: Record<string, number>) {
  const w = await makeWorld();
  await w.ledger.putContact(aContact({ id: 'c-1', repId: 'rep-1', nextDueAt: '2026-11-01T00:00:00.000Z' }));
  const { campaign, library } = await crisisUpdate();
  const result = await runCampaign({ ...w, templates: library }, { campaign: { ...campaign, drafts: { ...campaign.drafts, ...drafts } }, runAt: new Date(NOW) });
  return { w, result };
}

describe('runCampaign: link lifetime', () => {
  it('gives the digest links the campaign’s lifetime', async () => {
    const { w, result } = await runWith({ linkValidForHours: 24 });
    expect(result.digestsSent).toBe(1);
    // NOW is 2026-11-27 09:00 UTC: 24 h later is 10:00 in Berlin on the 28th
    expect(w.mailer.sent[0]!.text).toContain('Die Links gelten bis 28.11.2026, 10:00');
    const [token] = [...w.ledger.tokens.values()].filter((t) => t.kind === 'draft');
    expect(token?.expiresAt).toBe('2026-11-28T09:00:00.000Z');
  });

  it('uses the configured lifetime when the campaign sets none, and never outlives the drafts', async () => {
    const { w } = await runWith({});
    expect(w.config.linkTtlHours).toBe(72);
    expect(w.mailer.sent[0]!.text).toContain('Die Links gelten bis 30.11.2026, 10:00');
    // drafts that expire after one day cap a week-long link
    const short = await runWith({ linkValidForHours: 168, expiresAfterDays: 1 });
    expect(short.w.mailer.sent[0]!.text).toContain('Die Links gelten bis 28.11.2026, 10:00');
  });

  it('rejects a lifetime out of range in the campaign file, naming the field', () => {
    const yaml = [
      'id: short-links',
      'name: Short links',
      'templates: { folder: crisis-update }',
      'schedule: { expression: "cron(0 8 ? * MON *)", timeZone: Europe/Berlin }',
      'drafts: { linkValidForHours: 0 }',
    ].join('\n');
    let error: unknown;
    try {
      parseCampaign(yaml, 'campaigns/short-links.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain('drafts.linkValidForHours');
  });
});
