// The templates of all campaigns, loaded on demand (compiled, or from their precompiled specs: template-engine.ts),
// and the rendering of one contact's draft.
//
// Layout (paths relative to templates/):
//   partials/greeting.html.hbs, partials/greeting.text.hbs, partials/signature.html.hbs, partials/signature.text.hbs
//   <folder>/<language>/<formal|informal>/email.subject.hbs, email.html.hbs, email.text.hbs   (to the contact)
//   <folder>/<language>/<formal|informal>/letter.subject.hbs, letter.body.hbs                  (to the contact)
//   <folder>/<language>/task.visit.hbs, task.call.hbs                                          (to the rep)
//   partials/opt-out-<language>.{html,text}.hbs, partials/legal-footer-<language>.{html,text}.hbs
//                            (below every mail: the opt-out line and the company's particulars, mail-footer.ts)
// Mails and letters speak the contact's language and register (Sie/Du); tasks speak the rep's language.
import { CHANNEL_NEEDS, missingFields } from '../campaigns/required-fields';
import type { CompanySettings } from '../company/company';
import type { Campaign } from '../campaigns/campaign-schema';
import { ValidationError } from '../errors';
import type { FrontMatterReader } from './front-matter';
import type { TemplateEngine } from './template-engine';
import { languageOf, type Channel, type Contact, type DraftContent, type DraftKind, type Language, type Rep } from '../model';
import { closingOf, greetingOf } from './greeting';
import type { MailFooter } from './mail-footer';
import { renderContextOf, type RenderContext } from './render-context';
import { singleLine, tidyHtml, tidyText } from './sanitize';
import { capSubject } from '../text-safety';
import { TemplateRenderer, type CompiledTemplate, type PartialSource, type TemplateMode } from './template-renderer';

/** Template sources by path relative to templates/, e.g. `crisis-update/de/formal/email.html.hbs`. */
export type TemplateFiles = ReadonlyMap<string, string>;

export const REGISTERS = ['formal', 'informal'] as const;
type Register = (typeof REGISTERS)[number];

const CONTACT_PARTS = {
  email: ['email.subject.hbs', 'email.html.hbs', 'email.text.hbs'],
  letter: ['letter.subject.hbs', 'letter.body.hbs'],
} as const;
const TASK_PART = { visit: 'task.visit.hbs', call: 'task.call.hbs' } as const;
/** The footer below every mail, in this order: the opt-out line, then the legal particulars. */
const FOOTER_PARTIALS = ['opt-out', 'legal-footer'] as const;
const footerPaths = (language: Language) => FOOTER_PARTIALS.flatMap((name) => [`partials/${name}-${language}.text.hbs`, `partials/${name}-${language}.html.hbs`]);

export function kindOf(channel: Channel): DraftKind {
  return channel === 'email' ? 'email' : channel === 'letter' ? 'letter' : 'task';
}

export interface RenderedDraft {
  kind: DraftKind;
  content: DraftContent;
  /** Required fields the contact lacks; non-empty means the draft is `needs_fix`. */
  missing: string[];
}

const modeOf = (path: string): TemplateMode => (path.endsWith('.html.hbs') ? 'html' : 'text');

/** `"region" not defined in [object Object]`: what strict mode says about a value the context lacks. */
const STRICT_MISSING = /^"([^"]+)" not defined in/;

export class CampaignTemplates {
  /**
   * @param company the company's particulars for the mail footer; without them (tests, the bundling step) mails
   *   are drafted without a footer, which no composition root does (they all read settings/company.yaml)
   * @param homeCountry the sender's country (config.homeCountry), as the letter export uses it; without it a letter's
   *   address is checked the stricter way (any country on the contact counts as abroad)
   */
  constructor(
    readonly campaign: Campaign,
    private readonly templates: ReadonlyMap<string, CompiledTemplate>,
    private readonly company?: CompanySettings,
    private readonly homeCountry?: string,
  ) {}

  private get(path: string): CompiledTemplate {
    const t = this.templates.get(path);
    if (!t) throw new ValidationError(`templates/${path} is not loaded for campaign ${this.campaign.id}`);
    return t;
  }

  private languageFor(locale: string): { language: Language; supported: boolean } {
    const wanted = languageOf(locale);
    const languages = this.campaign.templates.languages;
    return languages.includes(wanted) ? { language: wanted, supported: true } : { language: languages[0]!, supported: false };
  }

  /** The parts and declared fields of one variant, resolved once: rendering runs for every due contact. */
  private readonly variants = new Map<string, { parts: CompiledTemplate[]; required: string[] }>();
  private variant(channel: Channel, language: Language, register: Register) {
    const key = `${channel}|${language}|${register}`;
    let v = this.variants.get(key);
    if (!v) {
      const folder = this.campaign.templates.folder;
      const paths =
        channel === 'visit' || channel === 'call'
          ? [`${folder}/${language}/${TASK_PART[channel]}`]
          : CONTACT_PARTS[channel].map((p) => `${folder}/${language}/${register}/${p}`);
      const parts = paths.map((p) => this.get(p));
      const required = [...CHANNEL_NEEDS[channel], ...this.campaign.templates.required[channel], ...parts.flatMap((p) => p.required)];
      v = { parts, required };
      this.variants.set(key, v);
    }
    return v;
  }

  /** Renders the draft of one contact. Never throws for missing contact data (that is `missing`); throws for template bugs. */
  render(input: { contact: Contact; rep: Rep; runAt: Date; standIn?: { rep: Pick<Rep, 'name'>; until: string } }): RenderedDraft {
    const { contact, rep } = input;
    const channel = contact.channel;
    const kind = kindOf(channel);
    const reader = kind === 'task' ? 'rep' : 'contact';
    const { language, supported } = this.languageFor(reader === 'rep' ? rep.locale : contact.locale);
    const { parts, required } = this.variant(channel, language, contact.formal ? 'formal' : 'informal');

    // the address as the export will print it: home country as configured, country name in the writer's language
    const missing = missingFields(contact, required, { ...(this.homeCountry ? { homeCountry: this.homeCountry } : {}), senderLocale: rep.locale });
    // A contact language without templates: drafted in the campaign's first language, for the rep to fix.
    if (!supported && reader === 'contact') missing.push('locale');

    const context = renderContextOf({
      contact,
      rep,
      campaign: this.campaign,
      runAt: input.runAt,
      reader,
      ...(input.standIn ? { standIn: input.standIn } : {}),
      ...(this.company ? { company: this.company } : {}),
    });
    try {
      const content = this.contentOf(channel, parts, context, contact);
      if (channel === 'email' && this.company) content.footer = this.footerOf(language, context);
      return { kind, content, missing };
    } catch (e) {
      const name = e instanceof Error ? STRICT_MISSING.exec(e.message)?.[1] : undefined;
      // Strict mode names a custom field the contact lacks and no declaration covered: a needs_fix, not a crash.
      if (name !== undefined && !Object.prototype.hasOwnProperty.call(contact.custom, name)) {
        if (!missing.includes(`custom.${name}`)) missing.push(`custom.${name}`);
        return { kind, content: { subject: '', html: '', text: '' }, missing };
      }
      if (missing.length > 0) return { kind, content: { subject: '', html: '', text: '' }, missing };
      throw new Error(`rendering ${parts.map((p) => p.file).join(', ')} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The opt-out line and the legal particulars below the mail, in the mail's language and register. */
  private footerOf(language: Language, ctx: RenderContext): MailFooter {
    const [optText, optHtml, legalText, legalHtml] = footerPaths(language).map((p) => this.get(p).render(ctx)) as [string, string, string, string];
    return { text: tidyText(`${tidyText(optText)}\n\n${tidyText(legalText)}`), html: tidyHtml(`${tidyHtml(optHtml)}\n${tidyHtml(legalHtml)}`) };
  }

  private contentOf(channel: Channel, parts: CompiledTemplate[], ctx: RenderContext, contact: Contact): DraftContent {
    if (channel === 'email') {
      const [subject, html, text] = parts as [CompiledTemplate, CompiledTemplate, CompiledTemplate];
      return { subject: capSubject(singleLine(subject.render(ctx))), html: tidyHtml(html.render(ctx)), text: tidyText(text.render(ctx)) };
    }
    if (channel === 'letter') {
      const [subject, body] = parts as [CompiledTemplate, CompiledTemplate];
      return {
        subject: capSubject(singleLine(subject.render(ctx))),
        html: '',
        text: tidyText(body.render(ctx)),
        salutation: singleLine(`${greetingOf(contact)},`),
        closing: singleLine(closingOf(contact.locale, contact.formal)),
      };
    }
    const text = tidyText(parts[0]!.render(ctx));
    // The first line is the to-do's headline in lists and digests.
    return { subject: capSubject(singleLine(text.split('\n')[0] ?? '')), html: '', text };
  }
}

export class TemplateLibrary {
  readonly renderer: TemplateRenderer;
  private readonly byCampaign = new Map<string, CampaignTemplates>();

  /**
   * @param readFrontMatter, engine see TemplateRenderer
   * @param company settings/company.yaml: with it every mail gets the footer (opt-out line, legal particulars)
   */
  constructor(
    private readonly files: TemplateFiles,
    readFrontMatter: FrontMatterReader,
    engine: TemplateEngine,
    private readonly company?: CompanySettings,
  ) {
    const partials: PartialSource[] = [];
    for (const [path, source] of files) {
      const m = /^partials\/([a-z][a-z0-9-]*)\.(html|text)\.hbs$/.exec(path);
      if (m) partials.push({ name: m[1]!, mode: m[2] as TemplateMode, file: `templates/${path}`, source });
    }
    this.renderer = new TemplateRenderer(partials, readFrontMatter, engine);
  }

  /** Paths a campaign needs, for every language, register and channel it drafts for. */
  static pathsFor(campaign: Campaign): string[] {
    const { folder, languages } = campaign.templates;
    const out: string[] = [];
    for (const language of languages) {
      for (const channel of campaign.audience.channels) {
        if (channel === 'visit' || channel === 'call') out.push(`${folder}/${language}/${TASK_PART[channel]}`);
        else for (const register of REGISTERS) for (const p of CONTACT_PARTS[channel]) out.push(`${folder}/${language}/${register}/${p}`);
      }
    }
    return out;
  }

  /**
   * The compiled templates of a campaign (`homeCountry`: config.homeCountry, for the letters' address check). Every file it needs must exist and compile; all problems are reported
   * at once. Compiled templates are shared by content hash, so asking again (or after an unrelated change) is cheap.
   */
  forCampaign(campaign: Campaign, opts: { homeCountry?: string } = {}): CampaignTemplates {
    const paths = TemplateLibrary.pathsFor(campaign);
    // every mail carries the footer: its partials are as required as the campaign's own parts
    if (this.company && campaign.audience.channels.includes('email')) paths.push(...campaign.templates.languages.flatMap(footerPaths));
    const key = `${campaign.id}\0${opts.homeCountry ?? ''}\0${JSON.stringify(campaign)}\0${paths.map((p) => this.files.get(p) ?? '').join('\0')}`;
    const hit = this.byCampaign.get(key);
    if (hit) return hit;
    const problems: Array<{ path: string; message: string }> = [];
    const compiled = new Map<string, CompiledTemplate>();
    for (const path of paths) {
      const source = this.files.get(path);
      if (source === undefined) {
        problems.push({ path: `templates/${path}`, message: 'missing' });
        continue;
      }
      try {
        compiled.set(path, this.renderer.compile(`templates/${path}`, source, modeOf(path)));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problems.push({ path: `templates/${path}`, message: e.message.replace(`templates/${path}: `, '') });
      }
    }
    if (problems.length > 0) {
      throw new ValidationError(
        `campaign ${campaign.id}: templates not usable:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`,
        problems,
      );
    }
    const templates = new CampaignTemplates(campaign, compiled, this.company, opts.homeCountry);
    this.byCampaign.set(key, templates);
    return templates;
  }
}
