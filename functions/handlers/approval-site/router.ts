// Routes of the approval site. GET and HEAD only call the read-only views; POST calls the deciding use cases.
//   GET|HEAD|POST /d/{token}      one draft: preview, edit, approve / save / reject
//   GET|HEAD|POST /all/{token}    review all drafts of a digest, approve the ticked ones
//   GET|HEAD|POST /task/{token}   a visit/call task, report it done
//   POST          /renew          ask for a fresh link (answer is the same whatever happened)
//   GET|HEAD      /healthz        200 when the ledger answers a read, 503 when it does not
// In AWS the pages and the renewal are two functions behind the same HTTP API (POST /renew has its own route), so
// the function that serves the pages cannot send mail; locally one server serves both (SiteParts).
// Each route is wiring: a core use case or view returns data, a page of web/approval renders it, responses.ts answers.
import type { Ledger, Logger as PortLogger } from '../../core/ports';
import { approveDraft } from '../../core/approval/approve-draft';
import { approveSelected } from '../../core/approval/approve-selected';
import { recordTaskDone } from '../../core/approval/record-task-done';
import { rejectDraft } from '../../core/approval/reject-draft';
import { renewLink } from '../../core/approval/resend-link';
import { saveDraftEdit } from '../../core/approval/save-draft-edit';
import { viewDigest } from '../../core/approval/view-digest';
import { viewDraft } from '../../core/approval/view-draft';
import { viewDecision, viewSelection, type DecisionOutcome } from '../../core/approval/view-outcome';
import { viewTask } from '../../core/approval/view-task';
import { digestPage } from '../../web/approval/digest-page';
import { draftPage } from '../../web/approval/draft-page';
import { taskPage } from '../../web/approval/task-page';
import { decisionPage, selectionPage } from '../../web/approval/result-page';
import { errorPage, renewRequestedPage } from '../../web/approval/status-pages';
import { ValidationError } from '../../core/errors';
import type { Draft } from '../../core/model';
import type { LinkMailDeps } from '../../core/approval/resend-link';
import type { PageDeps } from './deps';
import type { SiteRequest } from './request';
import { pageResponse, seeOther, textResponse, type SiteResponse } from './responses';

export type RouteName = 'draft' | 'digest' | 'task' | 'renew' | 'health' | 'none';

export interface RouteMatch {
  route: RouteName;
  /** The path's token segment, exactly as sent (never logged). */
  token?: string;
}

const ROUTES: Array<{ route: Exclude<RouteName, 'none'>; pattern: RegExp; methods: readonly string[] }> = [
  { route: 'draft', pattern: /^\/d\/([^/]{1,200})$/, methods: ['GET', 'HEAD', 'POST'] },
  { route: 'digest', pattern: /^\/all\/([^/]{1,200})$/, methods: ['GET', 'HEAD', 'POST'] },
  { route: 'task', pattern: /^\/task\/([^/]{1,200})$/, methods: ['GET', 'HEAD', 'POST'] },
  { route: 'renew', pattern: /^\/renew$/, methods: ['POST'] },
  { route: 'health', pattern: /^\/healthz$/, methods: ['GET', 'HEAD'] },
];

export function matchRoute(path: string): RouteMatch & { methods: readonly string[] } {
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (m) return { route: r.route, ...(m[1] !== undefined ? { token: m[1] } : {}), methods: r.methods };
  }
  return { route: 'none', methods: [] };
}

const field = (form: URLSearchParams, name: string): string | undefined => form.get(name) ?? undefined;

async function outcomePage(deps: PageDeps, outcome: DecisionOutcome, draft: Draft): Promise<SiteResponse> {
  return pageResponse(decisionPage(await viewDecision(deps, outcome, draft)));
}

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

export async function routeSiteRequest(parts: SiteParts, req: SiteRequest, extraRoutes: readonly ExtraRoute[] = []): Promise<SiteResponse> {
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
  if (!deps) return pageResponse(errorPage(404));
  const token = match.token ?? '';
  const reading = req.method !== 'POST';
  switch (match.route) {

    case 'draft': {
      if (reading) return pageResponse(draftPage(await viewDraft(deps, { token }), req.query.get('notice') === 'saved' ? 'saved' : undefined));
      const common = { token, nonce: field(form, 'nonce'), version: field(form, 'version') };
      switch (form.get('action')) {
        case 'approve': {
          const edit = form.has('subject') || form.has('text') ? { subject: field(form, 'subject'), text: field(form, 'text') } : undefined;
          const { draft } = await approveDraft(deps, { ...common, ...(edit ? { edit } : {}) });
          return outcomePage(deps, 'approved', draft);
        }
        case 'save':
          await saveDraftEdit(deps, { ...common, subject: field(form, 'subject'), text: field(form, 'text') });
          return seeOther(`${req.path}?notice=saved`);
        case 'reject': {
          const { draft } = await rejectDraft(deps, { ...common, reason: field(form, 'reason'), askAgain: field(form, 'askAgain'), askAgainOn: field(form, 'askAgainOn') });
          return outcomePage(deps, 'rejected', draft);
        }
        default:
          throw new ValidationError('Unknown action.', [{ path: 'action', message: 'unknown' }]);
      }
    }

    case 'digest': {
      if (reading) return pageResponse(digestPage(await viewDigest(deps, { token })));
      const selected = form.getAll('pick');
      const result = await approveSelected(deps, { token, nonce: field(form, 'nonce'), selected });
      return pageResponse(selectionPage(await viewSelection(deps, result, selected.length)));
    }

    case 'task': {
      if (reading) return pageResponse(taskPage(await viewTask(deps, { token })));
      const { draft } = await recordTaskDone(deps, { token, nonce: field(form, 'nonce'), note: field(form, 'note') });
      return outcomePage(deps, 'done', draft);
    }
  }
}
