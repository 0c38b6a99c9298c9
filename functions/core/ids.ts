// Identifiers and time keys shared by the core and the adapters.
import { createHash, randomBytes } from 'node:crypto';

/** `crisis-update@20261127T0800Z`: one per campaign and scheduled slot, so duplicate events share it. */
export function runIdOf(campaignId: string, runAt: Date): string {
  const stamp = runAt.toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
  return `${campaignId}@${stamp}`;
}

export function draftIdOf(runId: string, contactId: string): string {
  return `${runId}~${contactId}`;
}

export function parseDraftId(draftId: string): { runId: string; contactId: string; campaignId: string } | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)@(\d{8}T\d{4}Z)~([A-Za-z0-9][A-Za-z0-9._-]{0,63})$/.exec(draftId);
  if (!m) return undefined;
  return { campaignId: m[1]!, runId: `${m[1]}@${m[2]}`, contactId: m[3]! };
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export function hashEmail(email: string): string {
  return sha256Hex(email.trim().toLowerCase());
}

export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

/** ISO 8601 week, e.g. 2026-W48 (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeekOf(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function addDays(iso: string | Date, days: number): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(t + days * 86_400_000).toISOString();
}

export function daysBetween(fromIso: string, to: Date): number {
  return Math.floor((to.getTime() - Date.parse(fromIso)) / 86_400_000);
}
