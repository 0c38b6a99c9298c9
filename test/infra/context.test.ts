import { describe, expect, it } from 'vitest';
import { readPresenceContext } from '../../infra/context';

const base = { senderDomain: 'mail.example.com', senderAddress: 'updates@mail.example.com', homeCountry: 'DE' };
const read = (extra: Record<string, unknown>) => readPresenceContext((key) => ({ ...base, ...extra })[key]);

describe('presence context', () => {
  it('fills defaults and coerces command-line strings (-c key=value) to numbers and booleans', () => {
    const c = read({ sendAsRep: 'true', sendConcurrency: '4', bundle: 'false', sandboxRecipients: 'a@x.example, b@x.example' });
    expect(c.sendAsRep).toBe(true);
    expect(c.sendConcurrency).toBe(4);
    expect(c.bundle).toBe(false);
    expect(c.sandboxRecipients).toEqual(['a@x.example', 'b@x.example']);
    expect(c.linkTtlHours).toBe(72);
    expect(c.approvalGraceSeconds).toBe(120);
    expect(read({ approvalGraceSeconds: '0' }).approvalGraceSeconds).toBe(0);
    expect(() => read({ approvalGraceSeconds: '-1' })).toThrowError(/context approvalGraceSeconds: /);
    expect(c.timeZone).toBe('Europe/Berlin');
    expect(c.account).toBeUndefined();
  });

  it('names every bad key in one error', () => {
    let message = '';
    try {
      read({ senderAddress: 'someone@elsewhere.example', timeZone: 'Mars/Olympus', sendConcurrency: 1, letterExportSchedule: 'cron(0 7 * * MON *)' });
    } catch (e) {
      message = String(e);
    }
    expect(message).toMatch(/context senderAddress: must be an address in senderDomain mail\.example\.com/);
    expect(message).toMatch(/context timeZone: unknown time zone "Mars\/Olympus"/);
    expect(message).toMatch(/context sendConcurrency: /);
    expect(message).toMatch(/context letterExportSchedule: .*exactly one of day-of-month and day-of-week/);
  });

  it('requires the sender domain, address and home country', () => {
    expect(() => readPresenceContext(() => undefined)).toThrowError(/senderDomain[\s\S]*senderAddress[\s\S]*homeCountry/);
  });

  it('accepts an address in a subdomain of the sender domain and rejects a burst below the rate', () => {
    expect(read({ senderAddress: 'x@eu.mail.example.com' }).senderAddress).toBe('x@eu.mail.example.com');
    expect(() => read({ approvalRateLimit: 50, approvalBurstLimit: 10 })).toThrowError(/approvalBurstLimit: must be at least approvalRateLimit/);
  });

  it('reads an optional lower-case receiving domain and names the key when it is not one', () => {
    expect(read({}).receivingDomain).toBeUndefined();
    expect(read({ receivingDomain: '' }).receivingDomain).toBeUndefined();
    expect(read({ receivingDomain: 'in.example.com' }).receivingDomain).toBe('in.example.com');
    for (const bad of ['In.Example.com', 'in example.com', 'replies@in.example.com', 'localhost']) {
      expect(() => read({ receivingDomain: bad }), bad).toThrowError(/context receivingDomain: use a lower-case domain name/);
    }
  });
});
