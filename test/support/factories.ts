// Builders for valid domain objects in tests; each takes overrides.
import { contactSchema, repSchema, type Contact, type ContactInput, type Draft, type Rep, type RepInput } from '../../functions/core/model';
import { draftIdOf, runIdOf } from '../../functions/core/ids';
import type { ImportSource } from '../../functions/core/import/import-source';

export function aRep(over: Partial<RepInput> = {}): Rep {
  return repSchema.parse({ id: 'rep-1', name: 'Petra Schneider', email: 'petra.schneider@example.com', ...over });
}

export function aContact(over: Partial<ContactInput> = {}): Contact {
  return contactSchema.parse({
    id: 'c-1',
    salutation: 'ms',
    title: 'Dr.',
    firstName: 'Anna',
    lastName: 'Müller',
    company: 'Müller GmbH',
    email: 'anna.mueller@example.com',
    address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    repId: 'rep-1',
    cadenceDays: 30,
    nextDueAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });
}

export function aDraft(over: Partial<Draft> & { contactId?: string; campaignId?: string; runAt?: string } = {}): Draft {
  const campaignId = over.campaignId ?? 'crisis-update';
  const runId = over.runId ?? runIdOf(campaignId, new Date(over.runAt ?? '2026-11-27T08:00:00Z'));
  const contactId = over.contactId ?? 'c-1';
  const { runAt: _ignored, ...rest } = over;
  return {
    id: draftIdOf(runId, contactId),
    campaignId,
    runId,
    contactId,
    repId: 'rep-1',
    channel: 'email',
    kind: 'email',
    locale: 'de-DE',
    status: 'pending_approval',
    content: { subject: 'Kurzes Update', html: '<p>Hallo</p>', text: 'Hallo' },
    missing: [],
    createdAt: '2026-11-27T08:00:00.000Z',
    updatedAt: '2026-11-27T08:00:00.000Z',
    expiresAt: '2026-11-30T08:00:00.000Z',
    version: 1,
    ...rest,
  };
}

/** An import source from lines of `;`-separated cells, the first being the header (line numbers as in a file). */
export function importRows(lines: readonly string[]): ImportSource {
  const [header, ...rest] = lines;
  return {
    header: header!.split(';'),
    headerLine: 1,
    rows: (async function* () {
      let line = 1;
      for (const r of rest) yield { line: ++line, record: r.split(';') };
    })(),
  };
}
