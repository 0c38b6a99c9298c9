// The generated customers the benches plan for: German and English, formal and informal, with and without company,
// title or first name, in the channel mix of a sales team (mostly mail, some letters, a few visits and calls).
import { contactSchema, type Channel, type Contact } from '../../functions/core/model';

export const FIRST_NAMES = ['Anna', 'Jonas', 'Emma', 'Mehmet', 'Sophie', 'Jörg', 'Aylin', 'Thomas', 'Mia', 'Paul', ''];
export const LAST_NAMES = ['Müller', 'Schneider', 'Weiß', 'Öztürk', "O'Brien", 'Fischer', 'Becker', 'Hoffmann', 'Smith', 'Koch'];
export const CHANNEL_MIX: Channel[] = ['email', 'email', 'email', 'email', 'email', 'email', 'letter', 'letter', 'visit', 'call'];

/** Contact i; the caller says whose it is and when it was last touched and falls due. */
export function benchContact(
  i: number,
  at: { repId: string; lastTouchAt: string; nextDueAt: string; firstNames?: readonly string[] },
): Contact {
  const first = at.firstNames ?? FIRST_NAMES;
  return contactSchema.parse({
    id: `k${String(i).padStart(7, '0')}`,
    repId: at.repId,
    salutation: ['ms', 'mr', 'none'][i % 3],
    title: i % 11 === 0 ? 'Dr.' : '',
    firstName: first[i % first.length],
    lastName: LAST_NAMES[(i * 7) % LAST_NAMES.length],
    company: i % 3 === 0 ? '' : `${LAST_NAMES[i % LAST_NAMES.length]} GmbH ${i}`,
    email: `kontakt${i}@kunde${i % 997}.example`,
    phone: `+49 30 ${1_000_000 + i}`,
    address: { street: `Hauptstraße ${1 + (i % 180)}`, postalCode: '10115', city: 'Berlin', country: '' },
    locale: i % 4 === 1 ? 'en-GB' : 'de-DE',
    formal: i % 4 !== 2,
    // not i % 10: in a bench where every tenth contact is due, the due ones still cover all four channels
    channel: CHANNEL_MIX[Math.floor(i / 7) % CHANNEL_MIX.length],
    cadenceDays: 30,
    tags: i % 5 === 0 ? ['key-account'] : [],
    lastTouchAt: at.lastTouchAt,
    nextDueAt: at.nextDueAt,
    createdAt: at.lastTouchAt,
    updatedAt: at.lastTouchAt,
    version: 1,
  });
}
