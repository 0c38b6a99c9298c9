// What became of a draft, in the rep's words and time zone: decided by whom and when, sent (or exported, or
// reported done) when. Shown on the page of a used link and beside the decided drafts of a review-all list.
import type { Strings } from '../../core/approval/messages';
import type { Decider } from '../../core/approval/view-link-status';
import type { Draft } from '../../core/model';

export function draftStateLines(t: Strings, draft: Draft, decidedBy: Decider | undefined, timeZone: string): string[] {
  const lines: string[] = [];
  if (draft.decision) lines.push(t.decidedLine(draft.decision.action, decidedBy, t.at(draft.decision.at, timeZone)));
  else if (draft.approvalTakenBack) lines.push(t.takenBackLine(t.at(draft.approvalTakenBack.at, timeZone)));
  if (draft.status === 'sent' && draft.sentAt) lines.push(t.sentLine(t.at(draft.sentAt, timeZone)));
  else if (draft.status === 'exported' && draft.exportedAt) lines.push(t.exportedLine(t.at(draft.exportedAt, timeZone)));
  else if (draft.status === 'done') lines.push(t.doneLine(t.at(draft.updatedAt, timeZone)));
  else if (draft.status === 'approved' && draft.sendAfter) lines.push(t.sendsFromLine(t.at(draft.sendAfter, timeZone)));
  else if (draft.status === 'rejected' && draft.decision?.askAgain) lines.push(t.askAgainAnswer(draft.decision.askAgain.choice, t.date(draft.decision.askAgain.until, timeZone), draft.campaignId));
  else {
    const state = t.stateLine[draft.status === 'approved' && draft.kind === 'letter' ? 'approved_letter' : draft.status];
    if (state) lines.push(state);
  }
  return lines;
}

/** The badge class of a state: ok (approved and on its way or through), no (stopped), plain (waiting). */
export function stateBadge(status: Draft['status']): 'ok' | 'no' | '' {
  if (['approved', 'sending', 'sent', 'exported', 'done'].includes(status)) return 'ok';
  if (['rejected', 'failed', 'expired', 'recalled', 'withdrawn'].includes(status)) return 'no';
  return '';
}
