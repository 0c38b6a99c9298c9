// The planner and renew-link (the approval site's new-link form) render templates precompiled at bundling time (infra/build-templates.ts, run by
// afterBundlingCommands) with the Handlebars runtime only; the CLI, the local stack and the other tests compile them
// from source. Both paths must give byte-identical drafts and mails, the same template versions, and a template the
// CLI rejects must fail the build, naming file and line.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { ManifestAssets } from '../../functions/adapters/templates/manifest-assets';
import { loadPrecompiledTemplates, PRECOMPILED_TEMPLATES_FILE, type PrecompiledTemplates } from '../../functions/adapters/templates/precompiled-templates';
import { loadMailRenderer, mailTemplateFile, mailTemplateSourcesFrom, type MailRenderer } from '../../functions/core/approval/mail-renderer';
import { compilingEngine } from '../../functions/core/render/compiling-engine';
import { notifyReps } from '../../functions/core/approval/notify-reps';
import { resendLink } from '../../functions/core/approval/resend-link';
import { sha256Hex } from '../../functions/core/ids';
import type { Contact } from '../../functions/core/model';
import { splitFrontMatter } from '../../functions/core/render/front-matter';
import { precompiledEngine } from '../../functions/core/render/precompiled-engine';
import { TemplateLibrary, type CampaignTemplates } from '../../functions/core/render/template-library';
import { TemplateRenderer } from '../../functions/core/render/template-renderer';
import { PROJECT_ROOT } from '../../infra/bundling';
import { addDraft, makeWorld } from '../core/approval/approval-world';
import { RUN_AT, contactOf, repOf } from '../core/campaign-fixtures';
import { runAfterBundling, withEditedAssets } from '../support/bundling';
import { aContact } from '../support/factories';

const modeOf = (path: string) => (path.endsWith('.html.hbs') ? 'html' : 'text');
const files = new FileAssets(PROJECT_ROOT);

describe('precompiled templates of the planner', () => {
  const out = mkdtempSync(join(tmpdir(), 'presence-precompiled-'));
  let specs: PrecompiledTemplates;
  let compiled: CampaignTemplates;
  let precompiled: CampaignTemplates;

  beforeAll(async () => {
    const run = runAfterBundling('plan-reps', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    specs = await loadPrecompiledTemplates(out);
    const campaign = await files.loadCampaign('crisis-update');
    compiled = (await files.loadTemplateLibrary()).forCampaign(campaign);
    precompiled = (await new ManifestAssets(out).loadTemplateLibrary()).forCampaign(campaign);
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('holds a spec for every draft template and partial under templates/, keyed by its template version, and every mail', async () => {
    const all = await files.loadTemplateFiles();
    const draftPaths = [...all.keys()].filter((p) => !p.startsWith('digest/'));
    expect(draftPaths.length).toBeGreaterThan(20);
    for (const path of draftPaths) {
      const hash = sha256Hex(`${modeOf(path)}\0${all.get(path)!}`);
      expect(specs.specs[hash]?.file, path).toBe(`templates/${path}`);
    }
    // the mails by their file, in the same record: one template machinery
    const mailKeys = Object.keys(mailTemplateSourcesFrom(all)).map(mailTemplateFile);
    for (const key of mailKeys) expect(specs.specs[key]?.file, key).toBe(`templates/${key}`);
    expect(Object.keys(specs.specs)).toHaveLength(draftPaths.length + mailKeys.length);
    // code, not data: the specs are functions the runtime calls, no source to compile in the container
    const first = Object.values(specs.specs)[0]!.spec as { main?: unknown };
    expect(typeof first.main).toBe('function');
  });

  it('records the same template versions as the compile path (the hash a draft records)', async () => {
    const all = await files.loadTemplateFiles();
    const viaFiles = await files.loadTemplateLibrary();
    const viaSpecs = await new ManifestAssets(out).loadTemplateLibrary();
    for (const path of TemplateLibrary.pathsFor(await files.loadCampaign('crisis-update'))) {
      const source = all.get(path)!;
      const a = viaFiles.renderer.compile(`templates/${path}`, source, modeOf(path));
      const b = viaSpecs.renderer.compile(`templates/${path}`, source, modeOf(path));
      expect(b.hash, path).toBe(a.hash);
      expect(b.required, path).toEqual(a.required);
    }
  });

  // every channel, language and register, the rep's language for tasks, and values that must be escaped in HTML
  const hostile = { firstName: '<script>alert(1)</script>', lastName: '{{constructor}}', company: `O'Brien & <Co>\u0007` };
  const cases: Array<{ name: string; contact: Contact; repLocale: string }> = [];
  for (const channel of ['email', 'letter', 'visit', 'call'] as const) {
    for (const locale of ['de-DE', 'en-GB']) {
      for (const formal of [true, false]) {
        cases.push({ name: `${channel} ${locale} ${formal ? 'formal' : 'informal'}`, contact: contactOf({ channel, locale, formal }), repLocale: locale });
        cases.push({ name: `${channel} ${locale} ${formal ? 'formal' : 'informal'}, hostile values`, contact: contactOf({ channel, locale, formal, ...hostile }), repLocale: locale });
      }
    }
  }
  cases.push({ name: 'informal without first name (needs_fix)', contact: contactOf({ formal: false, firstName: undefined }), repLocale: 'de-DE' });
  cases.push({ name: 'never touched, no company, US contact', contact: contactOf({ lastTouchAt: undefined, company: undefined, locale: 'en-US' }), repLocale: 'en-GB' });

  it.each(cases)('renders $name exactly as the compiled templates do', ({ contact, repLocale }) => {
    const rep = repOf({ locale: repLocale, signature: 'Vertrieb <Süd>\nTel. 1 & 2' });
    const input = { contact, rep, runAt: RUN_AT };
    const want = compiled.render(input);
    expect(precompiled.render(input)).toEqual(want);
    expect(want.content.subject.length + want.content.text.length).toBeGreaterThan(0);
  });

  it('escapes a contact name in HTML and leaves it unescaped but cleaned in the text part, as compiled', () => {
    const input = { contact: contactOf({ formal: false, ...hostile }), rep: repOf({ signature: 'Vertrieb <Süd>\nTel. 1 & 2' }), runAt: RUN_AT };
    const { content } = precompiled.render(input);
    expect(content.html).toContain('Liebe &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(content.html).not.toContain('<script>');
    expect(content.html).toContain('O&#x27;Brien &amp; &lt;Co&gt;');
    expect(content.html).toContain('Vertrieb &lt;Süd&gt;<br>\nTel. 1 &amp; 2');
    expect(content.text).toContain('Liebe <script>alert(1)</script>,');
    expect(content.text).toContain(`O'Brien & <Co> gerade`);
    expect(content.text).not.toContain('\u0007');
    // template syntax in a value is printed, never evaluated
    const letter = precompiled.render({ ...input, contact: contactOf({ channel: 'letter', ...hostile }) });
    expect(letter.content.salutation).toBe('Sehr geehrte Frau {{constructor}},');
  });

  it('a template the bundle was not built with is a build fault, not rendered from elsewhere', async () => {
    const renderer = new TemplateRenderer([], splitFrontMatter, precompiledEngine(specs.specs, specs.runtime));
    expect(() => renderer.compile('templates/x/new.hbs', 'Hallo {{contact.firstName}}', 'text')).toThrow(
      'templates/x/new.hbs (text) is not among the precompiled templates as given; rebuild the bundle',
    );
  });
});

describe('precompiled mail templates', () => {
  /** The mails notifyReps and resendLink render, with the models they render them with. */
  async function realMailModels() {
    const calls: Array<Parameters<MailRenderer['render']>> = [];
    const compile = loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(await files.loadTemplateFiles()));
    const recording: MailRenderer = { render: (...args) => (calls.push(args), compile.render(...args)) };
    for (const locale of ['de-DE', 'en-GB']) {
      const w = await makeWorld({ locale });
      const world = { ...w, mails: recording };
      await w.ledger.putContact(aContact({ id: 'c-2', firstName: 'Bernd', lastName: 'Kraus', company: 'Kraus & Söhne <KG>', salutation: 'mr', title: '' }));
      await w.ledger.putContact(aContact({ id: 'c-3', firstName: '<b>Clara</b>', lastName: 'Lang', company: 'Lang AG', phone: '+49 30 1234567' }));
      await w.ledger.putContact(aContact({ id: 'c-4', firstName: 'Dora', lastName: 'Meier', company: 'Meier OHG' }));
      const mail = await addDraft(w, { contactId: 'c-1', content: { subject: 'Wir sind <für> Sie da', html: '<p>x</p>', text: 'x' } });
      await addDraft(w, { contactId: 'c-2', channel: 'letter', kind: 'letter', content: { subject: 'Ihre Lieferungen & mehr', html: '', text: 'y' } });
      const call = await addDraft(w, { contactId: 'c-3', channel: 'call', kind: 'task', content: { subject: '', html: '', text: 'anrufen' } });
      await addDraft(w, { contactId: 'c-4', status: 'needs_fix', missing: ['contact.email'] });
      await notifyReps(world, { runId: mail.runId, campaignName: 'Krisen-Update <Q4>' });
      await resendLink(world, { draftId: mail.id });
      await resendLink(world, { draftId: call.id });
    }
    return calls;
  }

  it('render the digest and new-link mails of both languages exactly as compiled ones (link renewal and planner)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'presence-precompiled-site-'));
    try {
      const run = runAfterBundling('renew-link', out);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const { specs: siteSpecs, runtime } = await loadPrecompiledTemplates(out);
      // the site sends mails only: no draft templates in its module
      expect(Object.keys(siteSpecs).every((k) => k.startsWith('digest/'))).toBe(true);
      const compile = loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(await files.loadTemplateFiles()));
      const viaSpecs = loadMailRenderer(precompiledEngine(siteSpecs, runtime));
      const calls = await realMailModels();
      expect(calls.map(([name, language]) => `${language}/${name}`).sort()).toEqual(['de/digest', 'de/link', 'de/link', 'en/digest', 'en/link', 'en/link']);
      for (const [name, language, model] of calls) expect(await viaSpecs.render(name, language, model), `${language}/${name}`).toEqual(await compile.render(name, language, model));
      const digest = await viaSpecs.render(...calls.find(([name, language]) => name === 'digest' && language === 'de')!);
      expect(digest.html).toContain('Kraus &amp; Söhne &lt;KG&gt;');
      expect(digest.text).toContain('Kraus & Söhne <KG>');
      expect(digest.subject).toContain('Krisen-Update <Q4>');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('building the precompiled templates', () => {
  it('fails on a template with an unknown variable, naming the file and line', () => {
    const edit = (s: string) => s.replace('{{> signature}}', '{{contact.nickname}}\n{{> signature}}');
    withEditedAssets('templates/crisis-update/de/formal/email.text.hbs', edit, (input, out) => {
      const line = readFileSync(join(input, 'templates', 'crisis-update/de/formal/email.text.hbs'), 'utf8').replace(/^---[\s\S]*?\n---\n/, '').split('\n').findIndex((l) => l.includes('nickname')) + 1;
      expect(line).toBeGreaterThan(1);
      const r = runAfterBundling('plan-reps', out, input);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`templates/crisis-update/de/formal/email.text.hbs: unknown variable "contact.nickname" (line ${line})`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(out, PRECOMPILED_TEMPLATES_FILE))).toBe(false);
    });
  }, 60_000);

  it('fails on a broken mail template for the link renewal, naming the file', () => {
    withEditedAssets('templates/digest/en/link.text.hbs', (s) => `${s}\n{{#if}}\n`, (input, out) => {
      const r = runAfterBundling('renew-link', out, input);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('templates/digest/en/link.text.hbs: Parse error');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }, 60_000);
});
