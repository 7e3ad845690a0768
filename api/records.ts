import { Router } from 'express';
import type { ApiContext } from './context';

/** The regimes' records: documents, consultations, meetings, stakeholders, evaluations, cleanups, the public pages. */
export function recordsRoutes(_ctx: ApiContext): Router {
  return Router();
}
