import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alreadyPage, confirmPage, donePage, errorPage, invalidPage, UNSUBSCRIBE_CSP } from '../../../functions/web/unsubscribe/page';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('unsubscribe pages', () => {
  it('allow exactly their inline style by its hash, and nothing else', () => {
    for (const page of [confirmPage(), alreadyPage(), donePage(), invalidPage(), errorPage(500)]) {
      const style = /<style>([^<]*)<\/style>/.exec(page.html)![1]!;
      expect(UNSUBSCRIBE_CSP).toContain(`style-src ${sha256(style)};`);
      expect(page.html).not.toMatch(/<script|https?:\/\//);
    }
    expect(UNSUBSCRIBE_CSP.startsWith("default-src 'none';")).toBe(true);
  });

  it('carry their status: 410 for every bad link, the error status as given', () => {
    expect(confirmPage().status).toBe(200);
    expect(invalidPage().status).toBe(410);
    expect(errorPage(405)).toMatchObject({ status: 405 });
    expect(errorPage(405).html).toContain('Nicht gefunden / Not found');
    expect(errorPage(503).html).toContain('Das hat nicht geklappt');
  });

  it('post the one-click body from the confirm page', () => {
    expect(confirmPage().html).toContain('<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">');
  });
});
