// A campaign's name as a person of a language reads it: `names.<language>` when the file gives one, `name` otherwise.
import type { Language } from '../model';
import type { Campaign } from './campaign-schema';

export function campaignNameIn(campaign: Pick<Campaign, 'name' | 'names'>, language: Language): string {
  return campaign.names?.[language] ?? campaign.name;
}
