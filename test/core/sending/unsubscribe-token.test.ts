import { describe, expect, it } from 'vitest';
import { InvalidToken } from '../../../functions/core/errors';
import { hashEmail } from '../../../functions/core/ids';
import { signUnsubscribeToken, unsubscribeUrlOf, verifyUnsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';

const key = Buffer.alloc(32, 1);
const claim = { contactId: 'c-1.a_b', emailHash: hashEmail('anna@example.com') };

describe('unsubscribe tokens', () => {
  it('round-trips and carries no address', () => {
    const token = signUnsubscribeToken(key, claim);
    expect(verifyUnsubscribeToken(key, token)).toEqual(claim);
    expect(token).not.toContain('anna');
    expect(unsubscribeUrlOf('https://u.example/', token)).toBe(`https://u.example/u/${token}`);
  });

  it('rejects tampered, foreign and malformed tokens alike', () => {
    const token = signUnsubscribeToken(key, claim);
    const [v, c, h, m] = token.split('~') as [string, string, string, string];
    const other = hashEmail('someone-else@example.com');
    const bad = [
      [v, 'c-2', h, m].join('~'),
      [v, c, other, m].join('~'),
      [v, c, h, m.slice(0, -2) + (m.endsWith('AA') ? 'BB' : 'AA')].join('~'),
      [v, c, h].join('~'),
      ['u2', c, h, m].join('~'),
      '',
      'x'.repeat(400),
    ];
    for (const t of bad) expect(() => verifyUnsubscribeToken(key, t)).toThrow(InvalidToken);
    expect(() => verifyUnsubscribeToken(Buffer.alloc(32, 2), token)).toThrow(InvalidToken);
  });
});
