// `npx tsx bench/letter-export-reads.ts` (or `npm run bench -- letter-export-reads`): what the letter export reads
// while many approved emails wait (issue 18). DynamoDB Local (in memory, started here) holds 50,000 approved letter
// drafts with their contacts and 100,000 approved email drafts; exportLetters (functions/core/export-letters.ts) runs
// its real listing code path against a ledger that asks for the consumed capacity of every call.
//   Baseline: the letters' own read units, measured by DynamoDB Local before the emails are written: the status
//   index's partitions read raw with Query, in pages of the export's size, while they hold the letters and nothing
//   else; and the letters' contacts read raw with BatchGetItem. Goal: the export reads at most 1.1x that.
// The export runs with its files stubbed (no PDF or merge file is drawn: the layout and the address check still run)
// and its recording step dropped (the drafts are not marked exported, no touches are written): reads only.
// BENCH_LETTER_READS_LETTERS=5000 runs a smaller ledger (emails: twice the letters).
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { DynamoLedger } from '../functions/adapters/dynamodb/dynamodb-ledger';
import * as K from '../functions/adapters/dynamodb/keys';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { loadLetterFonts } from '../functions/adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../functions/adapters/pdf/pdf-text-measure';
import { FixedClock } from '../functions/adapters/memory/fixed-clock';
import { defaultConfig } from '../functions/core/config';
import { exportLetters, type ExportLettersDeps } from '../functions/core/export-letters';
import { draftIdOf, runIdOf } from '../functions/core/ids';
import { contactSchema, repSchema, type Channel, type Contact, type Draft } from '../functions/core/model';
import { silentLogger, type LetterSink } from '../functions/core/ports';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { LOCAL_REGION, localCredentials } from '../functions/local/local-clients';
import { freePort } from '../functions/local/ports';
import { itemBytes, meteredDocumentClient } from './support/partition-write-meter';
import { batchWriteAll } from './support/raw-batch-write';

export interface BenchResult {
  title: string;
  command: string;
  markdown: string;
  goalsMet?: boolean;
}

const GOAL = 1.1;
const AT = new Date('2026-12-07T09:00:00Z');
const CAMPAIGN = 'crisis-update';
const RUN_ID = runIdOf(CAMPAIGN, new Date('2026-11-30T07:00:00Z'));
const REPS = 20;
const PAGE = 500;
const TABLE = 'bench-letter-reads';

const f = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function contactOf(i: number, channel: Channel): Contact {
  return contactSchema.parse({
    id: `${channel === 'letter' ? 'l' : 'm'}${String(i).padStart(7, '0')}`,
    repId: `rep-${i % REPS}`,
    salutation: ['ms', 'mr', 'none'][i % 3],
    firstName: ['Anna', 'Jonas', 'Emma', 'Mehmet'][i % 4],
    lastName: ['Müller', 'Schneider', 'Weiß', 'Öztürk', 'Fischer'][i % 5],
    company: i % 3 === 0 ? '' : `Kunde ${i} GmbH`,
    email: `kontakt${i}@kunde${i % 997}.example`,
    address: { street: `Hauptstraße ${1 + (i % 180)}`, postalCode: '10115', city: 'Berlin', country: '' },
    locale: 'de-DE',
    channel,
    nextDueAt: '2026-11-01T00:00:00.000Z',
    version: 1,
  });
}

const TEXT = [
  'wie Sie wissen, ändern sich unsere Lieferwege in den nächsten Wochen. Ich möchte Ihnen persönlich sagen, was das für Ihre Bestellungen heißt.',
  'Alle Aufträge bis zum 15. Dezember gehen wie gewohnt raus; danach liefern wir aus dem Lager in Hamburg, ein bis zwei Tage später als bisher.',
  'Wenn Sie Fragen haben, rufen Sie mich gern an.',
].join('\n\n');

function draftOf(c: Contact): Draft {
  const kind = c.channel === 'letter' ? 'letter' : 'email';
  return {
    id: draftIdOf(RUN_ID, c.id),
    campaignId: CAMPAIGN,
    runId: RUN_ID,
    contactId: c.id,
    repId: c.repId,
    channel: c.channel,
    kind,
    locale: 'de-DE',
    status: 'approved',
    content: {
      subject: 'Lieferfähigkeit im Dezember: was sich für Sie ändert',
      html: kind === 'email' ? `<p>${TEXT.replace(/\n\n/g, '</p><p>')}</p>` : '',
      text: TEXT,
      ...(kind === 'letter' ? { salutation: 'Guten Tag,', closing: 'Mit freundlichen Grüßen' } : {}),
    },
    missing: [],
    createdAt: '2026-11-30T07:00:00.000Z',
    updatedAt: '2026-11-30T09:00:00.000Z',
    expiresAt: '2026-12-14T07:00:00.000Z',
    version: 2,
  } as Draft;
}

/** Read units per kind of request, from the ConsumedCapacity DynamoDB Local returns. */
class ReadMeter {
  readonly units = { listing: 0, contacts: 0, reps: 0, other: 0 };
  queries = 0;
  observe(command: unknown, out: unknown): void {
    const consumed = (out as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
    const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
    if (command instanceof QueryCommand && command.input.IndexName === K.GSI2) {
      this.units.listing += units;
      this.queries++;
    } else if (command instanceof BatchGetCommand) this.units.contacts += units;
    else if (command instanceof GetCommand) this.units.reps += units;
    else this.units.other += units;
  }
}


/** Files that take every byte and keep none: the bench measures reads, not drawing. */
const nullSink: LetterSink = {
  async open(_batchId, file) {
    return { stream: new Writable({ write: (_c, _e, cb) => cb() }), done: async () => `null:${file.name}` };
  },
};

/** Raw Query of the status index's approved partitions, pages of PAGE: the read units of what they hold. */
async function rawStatusReads(doc: DynamoDBDocumentClient): Promise<{ units: number; items: number }> {
  let units = 0;
  let items = 0;
  for (let shard = 0; shard < K.DRAFT_SHARDS; shard++) {
    let start: Record<string, unknown> | undefined;
    do {
      const out: QueryCommandOutput = await doc.send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: K.GSI2,
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': K.draftStatusPartition('approved', shard) },
          Limit: PAGE,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      units += out.ConsumedCapacity?.CapacityUnits ?? 0;
      items += out.Items?.length ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
  }
  return { units, items };
}

async function rawContactReads(doc: DynamoDBDocumentClient, ids: string[]): Promise<number> {
  let units = 0;
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Array<Record<string, unknown>> = ids.slice(i, i + 100).map((id) => K.contactKey(id));
    while (keys.length) {
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: keys } }, ReturnConsumedCapacity: 'TOTAL' }));
      units += (out.ConsumedCapacity ?? []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      keys = (out.UnprocessedKeys?.[TABLE]?.Keys ?? []) as Array<Record<string, unknown>>;
    }
  }
  return units;
}

export async function run(): Promise<BenchResult & { data: Record<string, unknown> }> {
  const letters = Math.max(100, Number(process.env.BENCH_LETTER_READS_LETTERS ?? 50_000));
  const emails = 2 * letters;
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTable(client, TABLE);
    const reps = Array.from({ length: REPS }, (_, r) => repSchema.parse({ id: `rep-${r}`, name: `Rep ${r}`, email: `rep${r}@presence.example`, version: 1 }));
    const letterContacts = Array.from({ length: letters }, (_, i) => contactOf(i, 'letter'));
    const letterItems = letterContacts.map((c) => {
      const d = draftOf(c);
      return { ...K.draftKeys(d), type: 'draft', ...d };
    });
    await batchWriteAll(doc, TABLE, [...reps.map((r) => ({ ...K.repKeys(r), type: 'rep', ...r })), ...letterContacts.map((c) => ({ ...K.contactKeys(c), type: 'contact', ...c })), ...letterItems], 16);
    // the letters' own read units: the approved partitions while they hold the letters alone, and their contacts
    const own = await rawStatusReads(doc);
    const ownContacts = await rawContactReads(doc, letterContacts.map((c) => c.id));
    const letterBytes = letterItems.reduce((n, i) => n + itemBytes(i), 0);
    process.stderr.write(`bench letter-export-reads: ${f(letters)} letters alone: ${f(own.units, 1)} read units (${f(own.items)} items), contacts ${f(ownContacts, 1)}\n`);

    // then the emails waiting beside them
    const emailItems: Array<Record<string, unknown>> = [];
    for (let i = 0; i < emails; i++) {
      const d = draftOf(contactOf(i, 'email'));
      emailItems.push({ ...K.draftKeys(d), type: 'draft', ...d });
    }
    await batchWriteAll(doc, TABLE, emailItems, 16);
    const all = await rawStatusReads(doc);
    emailItems.length = 0;
    process.stderr.write(`bench letter-export-reads: ${f(emails)} emails written; the approved partitions now read ${f(all.units, 1)} units\n`);

    const meter = new ReadMeter();
    const ledger = new DynamoLedger(meteredDocumentClient(doc, meter), TABLE, { meterCapacity: true });
    let dropped = 0;
    // reads only: the recording step (drafts marked exported, touches written) is dropped and counted
    const readsOnly: ExportLettersDeps['ledger'] = {
      listDrafts: (q) => ledger.listDrafts(q),
      getContacts: (ids) => ledger.getContacts(ids),
      getRep: (id) => ledger.getRep(id),
      updateDraft: async () => {
        dropped++;
        return undefined as never;
      },
      recordTouch: async () => {
        dropped++;
        return undefined as never;
      },
    };
    const e0 = performance.now();
    const result = await exportLetters(
      {
        ledger: readsOnly,
        clock: new FixedClock(AT.toISOString()),
        logger: silentLogger,
        sink: nullSink,
        writePdf: () => ({ addLetter: async () => undefined, end: async () => undefined }),
        writeCsv: () => ({ addRow: async () => undefined, end: async () => undefined }),
        measure: pdfTextMeasure(loadLetterFonts()),
        config: { ...defaultConfig, letterReturnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg' },
      },
      { pageSize: PAGE },
    );
    const exportMs = performance.now() - e0;
    process.stderr.write(`bench letter-export-reads: export listed ${f(result.letters)} letters in ${f(exportMs / 1000, 1)} s: ${JSON.stringify(meter.units)}\n`);

    const listingRatio = meter.units.listing / Math.max(1e-9, own.units);
    const exportReads = meter.units.listing + meter.units.contacts + meter.units.reps + meter.units.other;
    const ownReads = own.units + ownContacts;
    const wholeRatio = exportReads / Math.max(1e-9, ownReads);
    const met = { listing: listingRatio <= GOAL, whole: wholeRatio <= GOAL, all: result.letters + result.needsFix.length + result.skipped.length === letters };
    const markdown = [
      '| reads | read units | note |',
      '|---|---:|---|',
      `| letters' own: the approved partitions of the status index read raw while they hold the ${f(letters)} letters alone | ${f(own.units, 1)} | ${f(own.items)} items, about ${f(letterBytes / Math.max(1, letters))} bytes each (${f(letterBytes / 4096 / 2, 1)} units by size alone) |`,
      `| the same partitions read raw after ${f(emails)} approved emails joined them (what a listing without the kind would read) | ${f(all.units, 1)} | ${f(all.items)} items |`,
      `| export: listing the approved letters (status index, ${f(meter.queries)} queries) | ${f(meter.units.listing, 1)} | ${f(result.letters)} letters printed, ${f(result.needsFix.length)} to fix, ${f(result.skipped.length)} skipped |`,
      `| letters' contacts read raw (BatchGetItem, 100 a request) | ${f(ownContacts, 1)} | |`,
      `| export: contacts (BatchGetItem) / reps (GetItem) / other | ${f(meter.units.contacts, 1)} / ${f(meter.units.reps, 1)} / ${f(meter.units.other, 1)} | |`,
      '',
      '| goal | value | goal | met |',
      '|---|---:|---:|---|',
      `| export's listing reads / letters' own reads | ${f(listingRatio, 3)} | ≤ ${GOAL} | ${met.listing ? 'yes' : 'no'} |`,
      `| all the export's reads / letters' own reads and their contacts' | ${f(wholeRatio, 3)} | ≤ ${GOAL} | ${met.whole ? 'yes' : 'no'} |`,
      '',
      `Read units as DynamoDB Local returns them (ReturnConsumedCapacity TOTAL, eventually consistent reads), pages of ${PAGE}. The export`,
      'is exportLetters itself over the DynamoDB ledger: its listing (status approved, kind letter), its contact and rep reads, the',
      'address check and the layout of every letter. Left out, so the bench measures reads: the PDF and merge file are stubbed',
      `(nothing drawn), and the recording step is dropped (${f(dropped)} calls: drafts marked exported, touches written).`,
      `The baseline is strong: the same requests, raw, over exactly the letters. The export took ${f(exportMs / 1000, 1)} s.`,
    ].join('\n');
    return {
      title: 'Letter export reads beside waiting emails (issue 18)',
      command: 'npx tsx bench/letter-export-reads.ts',
      markdown,
      goalsMet: met.listing && met.whole && met.all,
      data: { letters, emails, own, all, ownContacts, units: meter.units, exportMs, result: { letters: result.letters, needsFix: result.needsFix.length, skipped: result.skipped.length } },
    };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const result = await run();
  process.stdout.write(`## ${result.title}\n\n${result.markdown}\n`);
}
