import { describe, expect, it } from 'vitest';
import { createMailRenderer } from '../../../functions/core/approval/compile-mail-templates';
import { mailRendererWhenFirstUsed, type MailRenderer } from '../../../functions/core/approval/mail-renderer';
import { digestTemplateSources } from './approval-world';

const model = { repName: 'Anna', title: 'Ihre Entwürfe', url: 'https://approve.example/d/t', isTask: false, isDigest: true, expiresAt: '30.11.2026, 09:00' };

describe('mailRendererWhenFirstUsed', () => {
  it('loads the templates at the first mail, once, and renders as the loaded renderer does', async () => {
    const real = createMailRenderer(digestTemplateSources());
    let loads = 0;
    const lazy = mailRendererWhenFirstUsed(async () => {
      loads += 1;
      return real;
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([lazy.render('link', 'de', model), lazy.render('link', 'en', model)]);
    expect(loads).toBe(1);
    expect(a).toEqual(await real.render('link', 'de', model));
    expect(b.subject).toBe((await real.render('link', 'en', model)).subject);
    await lazy.render('link', 'de', model);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load: the next mail tries again', async () => {
    const real = createMailRenderer(digestTemplateSources());
    let loads = 0;
    const lazy: MailRenderer = mailRendererWhenFirstUsed(async () => {
      loads += 1;
      if (loads === 1) throw new Error('presence-templates.mjs is missing');
      return real;
    });
    await expect(lazy.render('link', 'de', model)).rejects.toThrow('presence-templates.mjs is missing');
    expect((await lazy.render('link', 'de', model)).html).toContain('https://approve.example/d/t');
    expect(loads).toBe(2);
  });
});
