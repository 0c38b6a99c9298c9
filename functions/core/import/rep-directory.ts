// The "Betreuer" cell of a contacts file names the rep the way the CRM does: the rep's id, email address or
// full name. The directory answers all three from the reps in the ledger, loaded once per import.
import type { Rep } from '../model';
import { foldKey } from './fold-key';

export interface RepDirectory {
  /** The rep id for an id, email or unique full name; undefined when no rep (or more than one) fits. */
  resolve(ref: string): string | undefined;
}

export function repDirectory(reps: readonly Rep[]): RepDirectory {
  const byId = new Map<string, string>();
  const byLowerId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  const byName = new Map<string, string | null>();
  for (const rep of reps) {
    byId.set(rep.id, rep.id);
    byLowerId.set(rep.id.toLowerCase(), rep.id);
    byEmail.set(rep.email.trim().toLowerCase(), rep.id);
    const name = foldKey(rep.name);
    // two reps of the same name: the name alone cannot say which one
    byName.set(name, byName.has(name) ? null : rep.id);
  }
  return {
    resolve(ref) {
      const text = ref.trim();
      if (!text) return undefined;
      if (text.includes('@')) return byEmail.get(text.toLowerCase());
      return byId.get(text) ?? byLowerId.get(text.toLowerCase()) ?? byName.get(foldKey(text)) ?? undefined;
    },
  };
}
