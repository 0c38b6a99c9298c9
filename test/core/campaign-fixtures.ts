// Shared fixtures of the campaign, render and planner tests: the shipped crisis-update campaign and templates,
// read from disk through the same adapter the composition roots use.
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import type { Campaign } from '../../functions/core/campaigns/campaign-schema';
import { contactSchema, repSchema, type Contact, type ContactInput, type Rep, type RepInput } from '../../functions/core/model';
import type { CampaignTemplates, TemplateLibrary } from '../../functions/core/render/template-library';

/** A Monday 08:00 in Berlin: a crisis-update slot. */
export const RUN_AT = new Date('2026-11-30T07:00:00Z');

export function contactOf(over: Partial<ContactInput> = {}): Contact {
  return contactSchema.parse({
    id: 'c-1',
    repId: 'rep-1',
    salutation: 'ms',
    firstName: 'Anna',
    lastName: 'Müller',
    company: 'Müller Maschinenbau GmbH',
    email: 'anna.mueller@example.com',
    phone: '+49 89 1234567',
    address: { street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: '' },
    nextDueAt: '2026-11-01T00:00:00.000Z',
    lastTouchAt: '2026-08-28T09:00:00.000Z',
    ...over,
  });
}

export function repOf(over: Partial<RepInput> = {}): Rep {
  return repSchema.parse({
    id: 'rep-1',
    name: 'Jan Weber',
    email: 'jan.weber@example.com',
    phone: '+49 30 555 0100',
    title: 'Key Account Manager',
    ...over,
  });
}

export const assets = new FileAssets('.');

let cached: Promise<{ campaign: Campaign; library: TemplateLibrary; templates: CampaignTemplates }> | undefined;
export function crisisUpdate() {
  cached ??= (async () => {
    const campaign = await assets.loadCampaign('crisis-update');
    const library = await assets.loadTemplateLibrary();
    return { campaign, library, templates: library.forCampaign(campaign) };
  })();
  return cached;
}
