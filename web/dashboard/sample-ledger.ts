// Sample data for the dashboard: five reps of different diligence, about 300 contacts with their touch history
// over 200 days, recorded through ledger.recordTouch so the weekly statistics are kept as in production.
// Deterministic (seeded), so the screenshot in docs/ and the browser test see the same picture.
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { addDays } from '../../functions/core/ids';
import { contactSchema, repSchema, type Channel } from '../../functions/core/model';

export const SAMPLE_NOW = '2026-11-27T09:00:00.000Z';

const REPS = [
  { id: 'anna', name: 'Anna Berg', diligence: 0.93, contacts: 62 },
  { id: 'ben', name: 'Ben Kraus', diligence: 0.8, contacts: 75 },
  { id: 'cora', name: 'Cora Lenz', diligence: 0.62, contacts: 58 },
  { id: 'david', name: 'David Roth', diligence: 0.2, contacts: 66 },
  { id: 'eva', name: 'Eva Stein', diligence: 0.86, contacts: 48 },
];
const FIRST = ['Jonas', 'Lea', 'Felix', 'Mia', 'Paul', 'Emma', 'Lukas', 'Hanna', 'Max', 'Lina', 'Tim', 'Sara', 'Noah', 'Clara'];
const LAST = ['Hoffmann', 'Wagner', 'Becker', 'Schulz', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Braun', 'Zimmermann'];
const FIRMS = ['Maschinenbau', 'Logistik', 'Elektro', 'Holzbau', 'Medizintechnik', 'Druckerei', 'Kältetechnik', 'Metallbau', 'Solartechnik'];
const CITIES = ['Kassel', 'Erfurt', 'Freiburg', 'Bremen', 'Passau', 'Aachen', 'Rostock', 'Ulm'];
const CADENCES = [14, 30, 30, 30, 60, 90];
const CHANNELS_BY_WEIGHT: Channel[] = ['email', 'email', 'email', 'email', 'letter', 'visit', 'call', 'call'];

/** mulberry32: a tiny seeded generator, enough for sample data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function sampleLedger(seed = 7): Promise<MemoryLedger> {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const ledger = new MemoryLedger();
  const now = Date.parse(SAMPLE_NOW);
  let touchNo = 0;
  for (const rep of REPS) {
    await ledger.putRep(repSchema.parse({ id: rep.id, name: rep.name, email: `${rep.id}@presence.example` }));
    for (let i = 0; i < rep.contacts; i++) {
      const createdAt = new Date(now - (40 + Math.floor(rnd() * 200)) * 86_400_000).toISOString();
      const cadenceDays = pick(CADENCES);
      const channel = pick(CHANNELS_BY_WEIGHT);
      const first = pick(FIRST);
      const last = pick(LAST);
      const id = `${rep.id}-${String(i + 1).padStart(3, '0')}`;
      await ledger.putContact(
        contactSchema.parse({
          id,
          firstName: first,
          lastName: last,
          company: `${last} ${pick(FIRMS)} GmbH`,
          email: `${first}.${last}.${i}@kunde.example`.toLowerCase(),
          address: { street: 'Industriestraße 4', postalCode: '34117', city: pick(CITIES), country: 'DE' },
          channel,
          cadenceDays,
          repId: rep.id,
          createdAt,
          nextDueAt: createdAt,
        }),
      );
      // a few contacts nobody ever reached
      if (rnd() < 0.05) continue;
      let at = Date.parse(createdAt) + rnd() * cadenceDays * 86_400_000;
      while (at < now) {
        const touchChannel = rnd() < 0.75 ? channel : pick(CHANNELS_BY_WEIGHT);
        await ledger.recordTouch({
          touch: { id: `s${++touchNo}`, contactId: id, repId: rep.id, channel: touchChannel, at: new Date(at).toISOString(), source: 'manual' },
        });
        const onTime = rnd() < rep.diligence;
        const factor = onTime ? 0.55 + rnd() * 0.45 : 1.15 + rnd() * 1.6;
        at = Date.parse(addDays(new Date(at), cadenceDays * factor));
      }
    }
  }
  return ledger;
}
