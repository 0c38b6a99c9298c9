// Shared steps of every decision: the conditional write's outcome, and the hand-over to sending.
import { DraftConflict, InvalidToken, ValidationError } from '../errors';
import type { Draft, DraftContent } from '../model';
import type { ApprovalSink, DraftStore, Logger } from '../ports';
import { normaliseSubject, normaliseText, type DraftEdit } from './edit-input';
import { textToHtml } from './text-to-html';

/** The only state a rep decides from. needs_fix drafts lack data; the rep cannot approve them. */
export const DECIDABLE_FROM = ['pending_approval'] as const;

/** The form carries the draft version the rep saw; anything but a whole number is a broken form. */
export function parseVersion(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : typeof raw === 'number' ? raw : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError('The form does not name the draft version. Open the link again.', [{ path: 'version', message: 'missing' }]);
  return n;
}

/**
 * A conditional draft write lost (someone decided or edited first). If the draft is closed now, the link is as
 * dead as a reused one (InvalidToken, the same generic answer); if it is still open, it changed under the rep
 * (DraftConflict).
 */
export async function explainLostWrite(ledger: Pick<DraftStore, 'getDraft'>, draftId: string): Promise<never> {
  const now = await ledger.getDraft(draftId);
  if (!now || now.status !== 'pending_approval') throw new InvalidToken('used');
  throw new DraftConflict('The draft was changed meanwhile. Open it again to see the current version.');
}

/** True when the edit changes the words (compared in the same normal form the form produces). */
export function editChanges(content: DraftContent, edit: DraftEdit): boolean {
  return normaliseSubject(content.subject) !== edit.subject || normaliseText(content.text) !== edit.text;
}

/** The content after a rep's edit: subject and text as typed, the HTML part rebuilt from the text. */
export function editedContent(draft: Draft, edit: DraftEdit): DraftContent {
  // letters have no HTML part unless their renderer made one; mails always get one
  const html = draft.kind === 'email' || draft.content.html ? textToHtml({ subject: edit.subject, text: edit.text, locale: draft.locale }) : '';
  return { ...draft.content, subject: edit.subject, text: edit.text, html };
}

/** Hands approved drafts to sending. The approval is stored already, so a failing sink is logged, not rethrown:
 * the draft stays `approved` and the sender's sweep (or `presence send`) picks it up. */
export async function handOver(sink: ApprovalSink, logger: Logger, draftIds: readonly string[]): Promise<void> {
  if (draftIds.length === 0) return;
  try {
    await sink.onApproved(draftIds);
  } catch (error) {
    logger.error('approved drafts could not be handed to sending', { count: draftIds.length, error: error instanceof Error ? error.name : 'unknown' });
  }
}
