// The coverage aggregate on DynamoDB Local: every writer of a contact moves it in its own transaction, so after the
// scenario (touches, a move, snoozes, opt-outs, suppressions, an erasure) it agrees exactly with a recount from the
// contacts and with the memory ledger's figures.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import * as K from '../../../functions/adapters/dynamodb/keys';
import { coverage, coverageFromContacts } from '../../../functions/core/coverage/coverage';
import { recountCoverage } from '../../../functions/core/coverage/recount';
import { freshTable, type TestTable } from '../../support/local-aws';
import { clock, scenario } from '../../core/coverage/scenario';

let t: TestTable;
const figures = (r: Awaited<ReturnType<typeof coverage>>) => ({ reps: r.reps, total: r.total, touchesPerWeek: r.touchesPerWeek });

beforeAll(async () => {
  t = await freshTable('coverage-aggregate');
  await scenario(t.ledger);
});

describe('coverage aggregate on DynamoDB Local', () => {
  it('gives the memory ledger figures, and those of a count from the contacts', async () => {
    const dynamo = await coverage({ ledger: t.ledger, clock }, { weeks: 4 });
    expect(figures(dynamo)).toEqual(figures(await coverage({ ledger: await scenario(new MemoryLedger()), clock }, { weeks: 4 })));
    expect({ reps: dynamo.reps, total: dynamo.total }).toEqual({
      reps: (await coverageFromContacts({ ledger: t.ledger, clock }, { weeks: 4 })).reps,
      total: (await coverageFromContacts({ ledger: t.ledger, clock }, { weeks: 4 })).total,
    });
    expect(dynamo.total).toMatchObject({ contacts: 6, covered: 4, silent: 1, snoozed: 1, optedOut: 5 });
  });

  it('agrees exactly with a recount, and a recount written in its place agrees again', async () => {
    expect(await recountCoverage({ ledger: t.ledger, clock }, { write: false, weeks: 8 })).toMatchObject({ agreed: true, differences: [], weekDifferences: 0 });
    expect((await recountCoverage({ ledger: t.ledger, clock }, { write: true, weeks: 8 })).agreed).toBe(true);
    expect((await recountCoverage({ ledger: t.ledger, clock }, { write: false, weeks: 8 })).agreed).toBe(true);
  }, 60_000);

  it('keeps one summary item per rep in the sharded coverage partitions', async () => {
    const item = await t.ledger.table.getItem<Record<string, unknown>>(K.coverageSummaryKey('rep-b'));
    expect(item).toMatchObject({ repId: 'rep-b', contacts: 4, optedOut: 0 });
  });
});
