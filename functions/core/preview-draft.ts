// previewDraft: what planCampaign would draft for one contact, rendered and not stored. Also says why the
// planner would pass the contact by, so a preview never suggests a mail that would not be drafted.
import { inAudience, mayContact } from './campaigns/audience';
import type { Campaign } from './campaigns/campaign-schema';
import { snoozeHolding } from './contacts/snooze';
import { NotFound, ValidationError } from './errors';
import { draftIdOf, hashEmail, runIdOf } from './ids';
import type { Contact, DraftStatus } from './model';
import type { Ledger } from './ports';
import type { RenderedDraft, TemplateLibrary } from './render/template-library';

export interface DraftPreview extends RenderedDraft {
  draftId: string;
  contactId: string;
  repId: string;
  channel: Contact['channel'];
  locale: string;
  formal: boolean;
  status: Extract<DraftStatus, 'pending_approval' | 'needs_fix'>;
  /** Why a run at this time would not draft this contact; empty when it would. */
  wouldSkip: string[];
}

export async function previewDraft(
  deps: { ledger: Pick<Ledger, 'getContact' | 'getRep' | 'listOpenDraftContactIds' | 'suppressedAmong'>; templates: TemplateLibrary },
  input: { campaign: Campaign; contactId: string; runAt: Date },
): Promise<DraftPreview> {
  const { ledger } = deps;
  const { campaign, runAt } = input;
  const contact = await ledger.getContact(input.contactId);
  if (!contact) throw new NotFound(`There is no contact "${input.contactId}".`);
  const rep = await ledger.getRep(contact.repId);
  if (!rep) throw new NotFound(`Contact ${contact.id} belongs to rep "${contact.repId}", who is not in the ledger.`);
  if (!campaign.audience.channels.includes(contact.channel)) {
    throw new ValidationError(
      `Contact ${contact.id} is reached by ${contact.channel}; campaign ${campaign.id} drafts only for ${campaign.audience.channels.join(', ')}.`,
    );
  }

  const runId = runIdOf(campaign.id, runAt);
  const wouldSkip: string[] = [];
  if (contact.nextDueAt > runAt.toISOString()) wouldSkip.push(`not due until ${contact.nextDueAt.slice(0, 10)}`);
  if (campaign.audience.reps.length > 0 && !campaign.audience.reps.includes(rep.id)) wouldSkip.push(`rep ${rep.id} is not in the audience`);
  if (!inAudience(contact, campaign.audience, runAt)) wouldSkip.push('outside the audience (tags or silentForDays)');
  if (!mayContact(contact)) wouldSkip.push(contact.optedOut ? 'opted out' : `no consent for ${contact.channel}`);
  const snooze = snoozeHolding(contact, runAt, campaign.id);
  if (snooze) wouldSkip.push(`snoozed until ${snooze.until.slice(0, 16).replace('T', ' ')} UTC (${snooze.reason})`);
  if (contact.channel === 'email' && contact.email && (await ledger.suppressedAmong([hashEmail(contact.email)])).size > 0) {
    wouldSkip.push('address is on the suppression list');
  }
  if ((await ledger.listOpenDraftContactIds(rep.id, runId)).has(contact.id)) wouldSkip.push('has an open draft (or one of this run)');

  const rendered = deps.templates.forCampaign(campaign).render({ contact, rep, runAt });
  return {
    ...rendered,
    draftId: draftIdOf(runId, contact.id),
    contactId: contact.id,
    repId: rep.id,
    channel: contact.channel,
    locale: contact.locale,
    formal: contact.formal,
    status: rendered.missing.length > 0 ? 'needs_fix' : 'pending_approval',
    wouldSkip,
  };
}
