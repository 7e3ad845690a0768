import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from './errors';

/** Failed logins allowed per client address and username in one window. */
export const LOGIN_ATTEMPTS = 10;
/** The login window: 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Slows password guessing: at most `LOGIN_ATTEMPTS` failed logins per client address and
 * username per `LOGIN_WINDOW_MS` (successful logins are not counted, so a busy office behind one
 * address is not locked out); the next attempt is a 429 RATE_LIMITED with `Retry-After`. One
 * in-memory store per call, so each app (and each test) counts on its own.
 */
export function loginRateLimit(options: { limit?: number; windowMs?: number } = {}): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs ?? LOGIN_WINDOW_MS,
    limit: options.limit ?? LOGIN_ATTEMPTS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const body = req.body as { username?: unknown } | undefined;
      const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 100) : '';
      return `${ipKeyGenerator(req.ip ?? 'unknown')}|${username}`;
    },
    handler: (_req, _res, next, opts) => {
      next(new HttpError(opts.statusCode, 'RATE_LIMITED', 'too many failed login attempts; try again later'));
    },
  });
}
