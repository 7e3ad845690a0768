import { Router } from 'express';
import { authenticate } from './auth';
import { cleanupRoutes } from './cleanups.routes';
import { consultationRoutes } from './consultations.routes';
import type { ApiContext } from './context';
import { documentRoutes } from './documents.routes';
import { evaluationRoutes } from './evaluations.routes';
import { evaluatorRoutes } from './evaluators.routes';
import { meetingRoutes } from './meetings.routes';
import { publicRoutes } from './public.routes';
import { reportRoutes } from './reports.routes';
import { stakeholderRoutes } from './stakeholders.routes';

/** Path prefixes of the records area that need a bearer token (everything but /public). */
const PROTECTED = ['/documents', '/consultations', '/comments', '/meetings', '/stakeholders', '/pushes', '/reports', '/evaluators', '/evaluation-projects', '/cleanup-campaigns'];

/**
 * The regimes' records under /api: documents and versions, consultations and comments,
 * meetings and expert opinions, research reports, stakeholders and pushes, evaluators and
 * evaluation projects, cleanup campaigns, and the PUBLIC pages (/api/public/*: open consultations, comments, the
 * catalogue) that need no token. Every route and its access rule is listed on its
 * `<resource>.routes.ts`; the shared document visibility rules are in documents.access.ts.
 * The token is checked per prefix so that routes of the other areas and unknown paths are not
 * answered with 401 by this router.
 */
export function recordsRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.use(publicRoutes(ctx));
  router.use(PROTECTED, authenticate(ctx.tokens));
  router.use(documentRoutes(ctx), consultationRoutes(ctx), meetingRoutes(ctx), reportRoutes(ctx), stakeholderRoutes(ctx), evaluatorRoutes(ctx), evaluationRoutes(ctx), cleanupRoutes(ctx));
  return router;
}
