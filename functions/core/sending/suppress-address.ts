// Suppression by hand (`presence suppress EMAIL`): a customer asked by phone, or an address is known to be dead.
import { ValidationError } from '../errors';
import { hashEmail } from '../ids';
import { emailSchema } from '../model';
import type { Clock, Ledger } from '../ports';

export async function suppressAddress(
  deps: { ledger: Pick<Ledger, 'audit' | 'suppress'>; clock: Clock },
  input: { email: string; by: string; note?: string },
): Promise<{ newlySuppressed: boolean; emailHash: string }> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) throw new ValidationError('not a valid email address', [{ path: 'email', message: 'give the address as name@domain' }]);
  const emailHash = hashEmail(parsed.data);
  const at = deps.clock.now().toISOString();
  const detail = `by ${input.by}${input.note ? `: ${input.note}` : ''}`.slice(0, 200);
  const newlySuppressed = await deps.ledger.suppress({ emailHash, reason: 'manual', at, detail });
  // the audit names the hash only: the log of who was suppressed must not become a list of addresses
  if (newlySuppressed) await deps.ledger.audit({ at, action: 'suppress', actor: input.by, subject: emailHash });
  return { newlySuppressed, emailHash };
}
