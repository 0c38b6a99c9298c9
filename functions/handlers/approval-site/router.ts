// Routes of the approval site. GET and HEAD only call the read-only views; POST calls the deciding use cases.
//   GET|HEAD|POST /d/{token}      one draft: preview, edit, approve / save / reject; approved: take_back in the grace period
//   GET|HEAD|POST /all/{token}    review all drafts of a digest, approve the ticked ones (GET ?select=all: all ticked)
//   GET|HEAD|POST /all/{token}/{n} the n-th draft of that digest on its own page, through the digest's link
//   GET|HEAD|POST /task/{token}   a visit/call task, report it done
//   POST          /renew          ask for a fresh link (answer is the same whatever happened)
//   GET|HEAD      /healthz        200 when the ledger answers a read, 503 when it does not
// In AWS the pages and the renewal are two functions behind the same HTTP API (POST /renew has its own route), so
// the function that serves the pages cannot send mail; locally one server serves both (SiteParts).
// Each route is wiring: a core use case or view returns data, a page of web/approval renders it, responses.ts answers.
// A GET of a link that no longer opens because its draft(s) were decided shows what became of them
// (viewLinkStatus); every other unusable link keeps the one generic 410 page.
import type { Ledger, Logger as PortLogger } from '../../core/ports';
import { approveDraft } from '../../core/approval/approve-draft';
import { approveSelected } from '../../core/approval/approve-selected';
import { recordTaskDone } from '../../core/approval/record-task-done';
import { rejectDraft } from '../../core/approval/reject-draft';
import { renewLink } from '../../core/approval/resend-link';
import { saveDraftEdit } from '../../core/approval/save-draft-edit';
import { takeBackApproval, takeBackOffer } from '../../core/approval/take-back-approval';
import { formNonce } from '../../core/approval/form-nonce';
import { viewDigest } from '../../core/approval/view-digest';
import { viewDraft } from '../../core/approval/view-draft';
import { viewDecision, viewSelection, type DecisionOutcome } from '../../core/approval/view-outcome';
import { viewTask } from '../../core/approval/view-task';
import { viewLinkStatus } from '../../core/approval/view-link-status';
import type { LinkKind } from '../../core/approval/tokens';
import { linkStatusPage } from '../../web/approval/link-status-page';
import { digestPage } from '../../web/approval/digest-page';
import { draftPage, type DraftNotice } from '../../web/approval/draft-page';
import { taskPage } from '../../web/approval/task-page';
import { decisionPage, selectionPage } from '../../web/approval/result-page';
import { errorPage, renewRequestedPage } from '../../web/approval/status-pages';
import { InvalidToken, ValidationError } from '../../core/errors';
import type { Draft } from '../../core/model';
import type { LinkMailDeps } from '../../core/approval/resend-link';
import type { PageDeps } from './deps';
import type { SiteRequest } from './request';
import { pageResponse, seeOther, textResponse, type SiteResponse } from './responses';

export type RouteName = 'draft' | 'digest' | 'digest-item' | 'task' | 'renew' | 'health' | 'none';

export interface RouteMatch {
  route: RouteName;
  /** The path's token segment, exactly as sent (never logged). */
  token?: string;
  /** digest-item: the draft's place in the digest's list, from 1. */
  item?: number;
}

const ROUTES: Array<{ route: Exclude<RouteName, 'none'>; pattern: RegExp; methods: readonly string[] }> = [
  { route: 'draft', pattern: /^\/d\/([^/]{1,200})$/, methods: ['GET', 'HEAD', 'POST'] },
  { route: 'digest', pattern: /^\/all\/([^/]{1,200})$/, methods: ['GET', 'HEAD', 'POST'] },
  { route: 'digest-item', pattern: /^\/all\/([^/]{1,200})\/([1-9]\d{0,3})$/, methods: ['GET', 'HEAD', 'POST'] },
  { route: 'task', pattern: /^\/task\/([^/]{1,200})$/, methods: ['GET', 'HEAD', 'POST'] },
  { route: 'renew', pattern: /^\/renew$/, methods: ['POST'] },
  { route: 'health', pattern: /^\/healthz$/, methods: ['GET', 'HEAD'] },
];

export function matchRoute(path: string): RouteMatch & { methods: readonly string[] } {
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (m) return { route: r.route, ...(m[1] !== undefined ? { token: m[1] } : {}), ...(m[2] !== undefined ? { item: Number(m[2]) } : {}), methods: r.methods };
  }
  return { route: 'none', methods: [] };
}

const field = (form: URLSearchParams, name: string): string | undefined => form.get(name) ?? undefined;

async function outcomePage(deps: PageDeps, outcome: DecisionOutcome, draft: Draft, listHref?: string, link?: { hash: string; repId: string }): Promise<SiteResponse> {
  // just approved a mail: the page offers to take the approval back while the grace period lasts
  const offer = link ? await takeBackOffer(deps, link, draft) : undefined;
  const takeBack = offer && link ? { ...offer, nonce: await formNonce(deps.secrets, link.hash) } : undefined;
  return pageResponse(decisionPage(await viewDecision(deps, outcome, draft, takeBack), listHref ? { listHref } : {}));
}

/**
 * A GET: the page, or, when the link no longer opens because its draft(s) were decided, what became of them.
 * Any other failure (and a link that never existed or has expired) stays the generic InvalidToken.
 */
async function readOrStatus(deps: PageDeps, link: { token: string; kind: LinkKind; item?: number }, read: () => Promise<SiteResponse>): Promise<SiteResponse> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof InvalidToken)) throw error;
    const status = await viewLinkStatus(deps, link);
    if (!status) throw error;
    return pageResponse(linkStatusPage(status));
  }
}

/** A draft page's POST (approve | save | reject), through the draft's own link or (item) a review-all link. */
async function decideDraft(deps: PageDeps, req: SiteRequest, token: string, item?: number): Promise<SiteResponse> {
  const form = req.form;
  const common = { token, ...(item !== undefined ? { item } : {}), nonce: field(form, 'nonce'), version: field(form, 'version') };
  const listHref = item !== undefined ? listHrefFromItem(token) : undefined;
  switch (form.get('action')) {
    case 'approve': {
      const edit = form.has('subject') || form.has('text') ? { subject: field(form, 'subject'), text: field(form, 'text') } : undefined;
      const { draft, link } = await approveDraft(deps, { ...common, ...(edit ? { edit } : {}) });
      return outcomePage(deps, 'approved', draft, listHref, link);
    }
    case 'take_back': {
      const result = await takeBackApproval(deps, { token, ...(item !== undefined ? { item } : {}), nonce: field(form, 'nonce'), takeBack: field(form, 'takeBack') });
      // the rep goes on with the fresh link (303: a reload does not post again); relative, like every address here
      if (result.outcome === 'taken_back') return seeOther(`${item !== undefined ? '../../d/' : ''}${result.link}?notice=taken_back`);
      const status = await viewLinkStatus(deps, { token, kind: item !== undefined ? 'digest' : 'draft', ...(item !== undefined ? { item } : {}) });
      // taken back before through the list: its draft page opens again
      if (!status) return seeOther(`${item}`);
      return pageResponse(linkStatusPage(status, { notice: result.outcome === 'too_late' ? 'take_back_too_late' : 'take_back_already' }));
    }
    case 'save':
      await saveDraftEdit(deps, { ...common, subject: field(form, 'subject'), text: field(form, 'text') });
      return seeOther(`${req.path}?notice=saved`);
    case 'reject': {
      const { draft } = await rejectDraft(deps, { ...common, reason: field(form, 'reason'), askAgain: field(form, 'askAgain'), askAgainOn: field(form, 'askAgainOn') });
      return outcomePage(deps, 'rejected', draft, listHref);
    }
    default:
      throw new ValidationError('Unknown action.', [{ path: 'action', message: 'unknown' }]);
  }
}

/** The banner a draft page shows after a redirect: saved, or an approval taken back. */
function draftNotice(query: URLSearchParams): { notice?: DraftNotice } {
  const notice = query.get('notice');
  return notice === 'saved' || notice === 'taken_back' ? { notice } : {};
}

// relative addresses, so the pages work under whatever prefix the site is served: from /all/{token} a draft is
// "{token}/{n}", and from /all/{token}/{n} the list is "../{token}"
const itemHrefFromList = (token: string) => (position: number) => `${token}/${position}`;
const listHrefFromItem = (token: string) => `../${token}`;

/** How long /healthz waits for the ledger before it answers 503. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/**
 * The site is healthy when its ledger answers one cheap read (the pause setting, a single GetItem) in time. The
 * answer says nothing about why not; the log gets the error's name only.
 */
async function health(deps: { ledger: Pick<Ledger, 'isPaused'>; logger: PortLogger }): Promise<SiteResponse> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), HEALTH_CHECK_TIMEOUT_MS)));
  try {
    if ((await Promise.race([deps.ledger.isPaused(), timeout])) === 'timeout') {
      deps.logger.error('health check failed', { error: 'timeout' });
      return textResponse(503, 'unavailable\n');
    }
    return textResponse(200, 'ok\n');
  } catch (error) {
    deps.logger.error('health check failed', { error: error instanceof Error ? error.name : 'unknown' });
    return textResponse(503, 'unavailable\n');
  } finally {
    clearTimeout(timer);
  }
}

/** A further page served by the same function (the manager dashboard): every path under `prefix`. */
export interface ExtraRoute {
  prefix: string;
  handle(req: SiteRequest): Promise<SiteResponse>;
}

/** What one function serves: the pages (drafts, digests, tasks), the link renewal, or both; the rest is 404. */
export interface SiteParts {
  pages?: PageDeps;
  /** The site answers /healthz from whichever part it serves: a read of the pause switch. */
  renew?: LinkMailDeps & { ledger: Pick<Ledger, 'isPaused'> };
}

/** The routes of the pages (drafts, digests, tasks), given a match of one of them. */
type PageRoutes = (deps: PageDeps, req: SiteRequest, match: RouteMatch) => Promise<SiteResponse>;

/** Every route of the site, for the parts one function serves; the rest is 404. */
export function routeSiteRequest(parts: SiteParts, req: SiteRequest, extraRoutes: readonly ExtraRoute[] = []): Promise<SiteResponse> {
  return routeParts(parts, req, extraRoutes, routePages);
}

/**
 * POST /renew and /healthz only, the pages answering 404 as in routeSiteRequest without pages: for the function that
 * serves the renewal alone (renew-link), so that its bundle carries none of the pages' use cases and views.
 */
export function routeRenewRequest(parts: Pick<SiteParts, 'renew'>, req: SiteRequest): Promise<SiteResponse> {
  return routeParts(parts, req, [], undefined);
}

async function routeParts(parts: SiteParts, req: SiteRequest, extraRoutes: readonly ExtraRoute[], pageRoutes: PageRoutes | undefined): Promise<SiteResponse> {
  const match = matchRoute(req.path);
  if (match.route === 'none') {
    const extra = extraRoutes.find((r) => req.path === r.prefix || req.path.startsWith(`${r.prefix}/`));
    return extra ? extra.handle(req) : pageResponse(errorPage(404));
  }
  if (!match.methods.includes(req.method)) {
    const res = pageResponse(errorPage(405));
    res.headers['allow'] = match.methods.join(', ');
    return res;
  }
  const form = req.form;
  if (match.route === 'health') {
    const deps = parts.pages ?? parts.renew;
    return deps ? health(deps) : pageResponse(errorPage(404));
  }
  if (match.route === 'renew') {
    const deps = parts.renew;
    if (!deps) return pageResponse(errorPage(404));
    try {
      await renewLink(deps, { token: field(form, 'link') ?? '' });
    } catch (error) {
      // the answer must not differ: a failure is logged, the page stays the same
      deps.logger.error('link renewal failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
    return pageResponse(renewRequestedPage());
  }
  const deps = parts.pages;
  if (!deps || !pageRoutes) return pageResponse(errorPage(404));
  return pageRoutes(deps, req, match);
}

async function routePages(deps: PageDeps, req: SiteRequest, match: RouteMatch): Promise<SiteResponse> {
  const form = req.form;
  const token = match.token ?? '';
  const reading = req.method !== 'POST';
  switch (match.route) {

    case 'draft': {
      if (reading) return readOrStatus(deps, { token, kind: 'draft' }, async () => pageResponse(draftPage(await viewDraft(deps, { token }), draftNotice(req.query))));
      return decideDraft(deps, req, token);
    }

    case 'digest-item': {
      const item = match.item!;
      if (reading) {
        const listHref = listHrefFromItem(token);
        return readOrStatus(deps, { token, kind: 'digest', item }, async () => pageResponse(draftPage(await viewDraft(deps, { token, item }), { listHref, ...draftNotice(req.query) })));
      }
      return decideDraft(deps, req, token, item);
    }

    case 'digest': {
      if (reading) {
        const opts = { itemHref: itemHrefFromList(token), selectAll: req.query.get('select') === 'all' };
        return readOrStatus(deps, { token, kind: 'digest' }, async () => pageResponse(digestPage(await viewDigest(deps, { token }), opts)));
      }
      const selected = form.getAll('pick');
      const result = await approveSelected(deps, { token, nonce: field(form, 'nonce'), selected });
      return pageResponse(selectionPage(await viewSelection(deps, result, selected.length)));
    }

    case 'task': {
      if (reading) return readOrStatus(deps, { token, kind: 'task' }, async () => pageResponse(taskPage(await viewTask(deps, { token }))));
      const { draft } = await recordTaskDone(deps, { token, nonce: field(form, 'nonce'), note: field(form, 'note') });
      return outcomePage(deps, 'done', draft);
    }

    default:
      // routeParts answers every other route before the pages are asked
      return pageResponse(errorPage(404));
  }
}
