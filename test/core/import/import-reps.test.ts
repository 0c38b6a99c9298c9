import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { importReps } from '../../../functions/core/import/import-reps';
import { collectRejects, type ImportSource } from '../../../functions/core/import/import-source';
import type { Rep } from '../../../functions/core/model';
import { silentLogger } from '../../../functions/core/ports';
import { aRep } from '../../support/factories';

const NOW = '2026-03-02T09:00:00.000Z';
const HEADER = ['id', 'name', 'email', 'phone', 'title', 'locale', 'timeZone', 'signature'];

function source(header: string[], rows: string[][]): ImportSource {
  return { header, headerLine: 1, rows: (async function* () { for (const [i, record] of rows.entries()) yield { line: i + 2, record }; })() };
}

let ledger: MemoryLedger;
let puts: number;
beforeEach(() => {
  ledger = new MemoryLedger();
  puts = 0;
  const put = ledger.putRep.bind(ledger);
  ledger.putRep = (r: Rep, v?: number) => {
    puts++;
    return put(r, v);
  };
});

const run = async (src: ImportSource, dryRun = false) => {
  const rejects = collectRejects();
  const result = await importReps({ ledger, clock: new FixedClock(NOW), logger: silentLogger }, { source: src, rejects, dryRun });
  return { result, rejects: rejects.rejected };
};

const petra = ['ps', 'Petra Schneider', 'petra.schneider@example.com', '+49 89 1234', 'Key Account Managerin', 'de-DE', 'Europe/Berlin', 'Petra Schneider\nKey Account Management'];
const tom = ['th', 'Tom Hughes', 'tom.hughes@example.co.uk', '', 'Account Manager', 'en-GB', 'Europe/London', ''];

describe('importReps', () => {
  it('creates reps, keeps the signature’s line breaks, and changes nothing on the second run', async () => {
    expect((await run(source(HEADER, [petra, tom]))).result).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0, rejectsFile: null });
    expect(ledger.reps.get('ps')).toMatchObject({ name: 'Petra Schneider', locale: 'de-DE', timeZone: 'Europe/Berlin', signature: 'Petra Schneider\nKey Account Management', createdAt: NOW, version: 1 });
    puts = 0;
    expect((await run(source(HEADER, [petra, tom]))).result).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(puts).toBe(0);
  });

  it('updates a changed rep at its stored version', async () => {
    await run(source(HEADER, [petra]));
    const moved = [...petra];
    moved[3] = '+49 89 9999';
    expect((await run(source(HEADER, [moved]))).result.updated).toBe(1);
    expect(ledger.reps.get('ps')).toMatchObject({ phone: '+49 89 9999', version: 2 });
  });

  it('rejects what would break contacts files: duplicate ids and addresses, bad time zones and addresses', async () => {
    await ledger.putRep(aRep({ id: 'old', email: 'taken@example.com' }));
    const { result, rejects } = await run(
      source(['Kürzel', 'Name', 'E-Mail', 'Zeitzone'], [
        ['ps', 'Petra Schneider', 'petra@example.com', 'Europe/Berlin'],
        ['ps', 'Paul Sommer', 'paul@example.com', ''],
        ['jw', 'Jonas Weber', 'Petra@example.com', ''],
        ['mk', 'Mia Klein', 'mia@', 'Berlin'],
        ['', '', '', ''],
        ['nn', 'Nina Neu', 'taken@example.com', ''],
      ]),
    );
    expect(rejects).toEqual([
      { line: 3, reason: 'Kürzel "ps" appears twice in the file (first seen on line 2): keep one row per rep' },
      { line: 4, reason: 'E-Mail "Petra@example.com" appears twice in the file (first seen on line 2): one address per rep' },
      { line: 5, reason: 'E-Mail "mia@" is not a valid address; Zeitzone "Berlin" is not a time zone: use a name such as Europe/Berlin or Europe/Vienna' },
      { line: 6, reason: "Kürzel is empty: every rep needs an id (short, e.g. the initials); Name is empty: fill in the rep's full name; E-Mail is empty: the rep's address receives the drafts to approve" },
      { line: 7, reason: 'E-Mail "taken@example.com" already belongs to rep "old": one address per rep' },
    ]);
    expect(result).toMatchObject({ created: 1, rejected: 5 });
  });

  it('dry run writes nothing', async () => {
    expect((await run(source(HEADER, [petra, tom]), true)).result).toMatchObject({ created: 2 });
    expect(puts).toBe(0);
    expect(ledger.reps.size).toBe(0);
  });
});
