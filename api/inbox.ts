import { Router } from 'express';
import { authenticate } from './auth';
import type { ApiContext } from './context';
import { notificationRoutes } from './notifications.routes';
import { supervisionRoutes } from './supervision.routes';
import { taskRoutes } from './tasks.routes';

/**
 * The task inbox, the supervision views and in-app notifications. Every route needs a token;
 * `authenticate` is mounted on these paths only, so the other areas' public routes pass by.
 */
export function inboxRoutes(ctx: ApiContext): Router {
  const router = Router();
  const auth = authenticate(ctx.tokens);
  router.use('/tasks', auth, taskRoutes(ctx));
  router.use('/supervision', auth, supervisionRoutes(ctx));
  router.use('/notifications', auth, notificationRoutes(ctx));
  return router;
}
