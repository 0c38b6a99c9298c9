import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { issueManagerLink } from '../../../functions/core/coverage/manager-link';
import { DEFAULT_SILENT, DEFAULT_WEEKS, viewDashboard } from '../../../functions/core/coverage/view-dashboard';
import { InvalidToken, NotFound, ValidationError } from '../../../functions/core/errors';
import { NOW, handLedger } from './hand-ledger';

const config = { publicBaseUrl: 'https://approve.presence.example' };

async function world() {
  const ledger = await handLedger();
  return { ledger, clock: new FixedClock(NOW), config };
}

describe('viewDashboard', () => {
  it('is the coverage report as data, with the defaults when the query says nothing', async () => {
    const report = await viewDashboard(await world(), {}, { requireToken: false });
    expect(report.weeks).toHaveLength(DEFAULT_WEEKS);
    expect(report.reps.map((r) => r.repId)).toEqual(['rep-a', 'rep-b', 'rep-c']);
    expect(report.silentContacts.length).toBeLessThanOrEqual(DEFAULT_SILENT);
    expect(report.total).toMatchObject({ contacts: 9, covered: 4, silent: 5 });
  });

  it('reads rep, weeks and silent from the query', async () => {
    const report = await viewDashboard(await world(), { rep: 'rep-a', weeks: '4', silent: '1' }, { requireToken: false });
    expect(report.repId).toBe('rep-a');
    expect(report.weeks).toHaveLength(4);
    expect(report.silentContacts).toHaveLength(1);
    expect(report.silentCount).toBe(3);
  });

  it('limits a rep-scoped manager link to its rep, whatever the query asks', async () => {
    const w = await world();
    const link = await issueManagerLink(w, { ttlHours: 1, repId: 'rep-b' });
    const report = await viewDashboard(w, { t: new URL(link.url).searchParams.get('t')!, rep: 'rep-a' }, { requireToken: true });
    expect(report.repId).toBe('rep-b');
    expect(report.reps.map((r) => r.repId)).toEqual(['rep-b']);
  });

  it('says what is wrong with typed errors, not statuses', async () => {
    const w = await world();
    await expect(viewDashboard(w, {}, { requireToken: true })).rejects.toBeInstanceOf(InvalidToken);
    await expect(viewDashboard(w, { weeks: 'abc' }, { requireToken: false })).rejects.toBeInstanceOf(ValidationError);
    await expect(viewDashboard(w, { silent: '-1' }, { requireToken: false })).rejects.toBeInstanceOf(ValidationError);
    await expect(viewDashboard(w, { rep: '<script>' }, { requireToken: false })).rejects.toBeInstanceOf(ValidationError);
    await expect(viewDashboard(w, { rep: 'nobody' }, { requireToken: false })).rejects.toBeInstanceOf(NotFound);
  });
});
