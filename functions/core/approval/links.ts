// The URLs of the approval site. Tokens are base64url, so they need no encoding in a path.
import type { PresenceConfig } from '../config';
import type { LinkKind } from './tokens';

const PATHS: Record<LinkKind, string> = { draft: 'd', digest: 'all', task: 'task' };

export function linkUrl(publicBaseUrl: string, kind: LinkKind, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/${PATHS[kind]}/${token}`;
}

/** Mailed links must be plain http(s); a misconfigured base URL fails before anything is sent. */
export function checkPublicBaseUrl(config: Pick<PresenceConfig, 'publicBaseUrl'>): void {
  let url: URL;
  try {
    url = new URL(config.publicBaseUrl);
  } catch {
    throw new Error('publicBaseUrl is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('publicBaseUrl must be an http(s) URL');
  if (url.search || url.hash || url.username || url.password) throw new Error('publicBaseUrl must not carry a query, fragment or credentials');
}
