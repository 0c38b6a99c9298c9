import { describe, expect, it } from 'vitest';
import { loadMailRenderer, mailRendererWhenFirstUsed, type MailRenderer } from '../../../functions/core/approval/mail-renderer';
import { ValidationError } from '../../../functions/core/errors';
import { compilingEngine } from '../../../functions/core/render/compiling-engine';
import { digestTemplateSources } from './approval-world';

const model = { repName: 'Anna', title: 'Ihre Entwürfe', url: 'https://approve.example/d/t', isTask: false, isDigest: true, expiresAt: '30.11.2026, 09:00' };

describe('mailRendererWhenFirstUsed', () => {
  it('loads the templates at the first mail, once, and renders as the loaded renderer does', async () => {
    const real = loadMailRenderer(compilingEngine(), digestTemplateSources());
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
    const real = loadMailRenderer(compilingEngine(), digestTemplateSources());
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

describe('loadMailRenderer with the compiling engine', () => {
  it('names every missing mail template file, and loads nothing', () => {
    const sources = digestTemplateSources();
    delete sources['de/digest.html'];
    delete sources['en/link.subject'];
    let error: unknown;
    try {
      loadMailRenderer(compilingEngine(), sources);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('mail templates missing: templates/digest/de/digest.html.hbs, templates/digest/en/link.subject.hbs');
  });

  it('fails at load on a broken mail template, naming its file', () => {
    const sources = { ...digestTemplateSources(), 'en/digest.text': 'Hello {{#if repName}}' };
    expect(() => loadMailRenderer(compilingEngine(), sources)).toThrow(/^templates\/digest\/en\/digest\.text\.hbs: /);
  });

  it('escapes in the HTML part only, and leaves an absent optional value empty (mails are not strict)', async () => {
    const sources = { ...digestTemplateSources(), 'en/link.html': '<p>{{repName}}{{notThere}}</p>', 'en/link.text': '{{repName}}{{notThere}}' };
    const mail = await loadMailRenderer(compilingEngine(), sources).render('link', 'en', { ...model, repName: 'A & <B>' });
    expect(mail.html).toBe('<p>A &amp; &lt;B&gt;</p>');
    expect(mail.text).toBe('A & <B>\n');
  });
});
