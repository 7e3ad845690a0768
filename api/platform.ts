import { Router } from 'express';
import type { ApiContext } from './context';

/** Identity, definitions, forms, templates, instances, messages, incidents, calendar, audit, admin, OpenAPI. */
export function platformRoutes(_ctx: ApiContext): Router {
  return Router();
}
