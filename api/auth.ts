import type { Request, RequestHandler } from 'express';
import { hasRole, type Principal, type Role } from '../domain/principal';
import { HttpError } from './errors';
import type { TokenService } from './tokens';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate`. */
    principal?: Principal;
  }
}

/** Requires a valid `Authorization: Bearer <access token>`; 401 otherwise. */
export function authenticate(tokens: TokenService): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match) throw new HttpError(401, 'UNAUTHENTICATED', 'a bearer token is required');
    try {
      req.principal = tokens.verifyAccess(match[1]!);
    } catch {
      throw new HttpError(401, 'UNAUTHENTICATED', 'the token is invalid or expired');
    }
    next();
  };
}

/** Requires one of the roles (after `authenticate`); 403 otherwise. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!hasRole(principalOf(req), ...roles)) throw new HttpError(403, 'FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
    next();
  };
}

/** The authenticated principal of a request behind `authenticate`. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new HttpError(401, 'UNAUTHENTICATED', 'a bearer token is required');
  return req.principal;
}
