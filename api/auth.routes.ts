import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../domain/principal';
import { RefreshTokenRepository, UserRepository } from '../store/user.repository';
import { authenticate, principalOf } from './auth';
import { AuthService, AuthenticationFailed } from './auth.service';
import type { ApiContext } from './context';
import { HttpError } from './errors';
import { describeRoute } from './openapi';
import { loginRateLimit } from './rate-limit';
import { parse } from './validate';

export const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1024) }).strict();
export const refreshBody = z.object({ refreshToken: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'expected a refresh token') }).strict();

const userView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  roles: z.array(z.enum(ROLES)),
  groups: z.array(z.string()),
});
const session = z.object({ token: z.string(), refreshToken: z.string(), expiresIn: z.number().int() });

/** The auth service of a context (shared by the routes and, later, anything else that logs in). */
export function authService(ctx: ApiContext): AuthService {
  return new AuthService({
    users: new UserRepository(ctx.database.db),
    refreshTokens: new RefreshTokenRepository(ctx.database.db),
    tokens: ctx.tokens,
    audit: ctx.audit,
    refreshTtlSeconds: ctx.config.REFRESH_TOKEN_TTL_S,
    production: ctx.config.NODE_ENV === 'production',
  });
}

/** A refused login or token is always the same 401: it never says which part was wrong. */
function unauthenticated(error: unknown): never {
  if (error instanceof AuthenticationFailed) throw new HttpError(401, 'UNAUTHENTICATED', 'wrong username or password, or the token is invalid');
  throw error;
}

/** `POST /auth/login`, `POST /auth/refresh` (public) and `GET /me`. */
export function authRoutes(ctx: ApiContext): Router {
  const router = Router();
  const auth = authService(ctx);

  describeRoute({ method: 'post', path: '/api/auth/login', summary: 'Log in with username and password', tags: ['auth'], roles: 'public', body: loginBody, response: session.extend({ user: userView }), errors: [401, 429] });
  router.post('/auth/login', loginRateLimit(), async (req, res) => {
    const body = parse(loginBody, req.body);
    res.json(await auth.login(body.username, body.password).catch(unauthenticated));
  });

  describeRoute({ method: 'post', path: '/api/auth/refresh', summary: 'Exchange a refresh token (usable once) for a new pair', tags: ['auth'], roles: 'public', body: refreshBody, response: session, errors: [401] });
  router.post('/auth/refresh', async (req, res) => {
    const body = parse(refreshBody, req.body);
    res.json(await auth.refresh(body.refreshToken).catch(unauthenticated));
  });

  describeRoute({ method: 'get', path: '/api/me', summary: 'The logged-in user', tags: ['auth'], roles: 'any', response: userView });
  router.get('/me', authenticate(ctx.tokens), async (req, res) => {
    res.json(await auth.me(principalOf(req)).catch(unauthenticated));
  });
  return router;
}
