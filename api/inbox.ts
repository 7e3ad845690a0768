import { Router } from 'express';
import type { ApiContext } from './context';

/** The task inbox and the supervision views. */
export function inboxRoutes(_ctx: ApiContext): Router {
  return Router();
}
