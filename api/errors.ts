import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { EngineRejection } from '../engine/port';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';

/** An error the HTTP layer itself raises (authentication, rate limits); services use domain errors. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

interface ErrorBody {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Maps domain, engine and body-parser errors to the one error shape; anything else is a 500 without a stack. */
export function toErrorBody(error: unknown): ErrorBody | undefined {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, details: error.details };
  if (error instanceof Invalid) return { status: error.code === 'LINT_FAILED' ? 422 : error.code === 'INVALID' ? 400 : 422, code: error.code, message: error.message, details: error.issues };
  if (error instanceof NotFound) return { status: 404, code: error.code, message: error.message };
  if (error instanceof Conflict) return { status: 409, code: error.code, message: error.message };
  if (error instanceof Forbidden) return { status: 403, code: error.code, message: error.message };
  if (error instanceof EngineRejection) {
    const status = { NOT_FOUND: 404, INVALID_ARGUMENT: 400, INVALID_STATE: 409, ALREADY_EXISTS: 409 }[error.code];
    return { status, code: error.code, message: error.message, details: error.details };
  }
  const bodyError = error as { type?: string; status?: number };
  if (bodyError.type === 'entity.too.large') return { status: 413, code: 'TOO_LARGE', message: 'the request body is too large' };
  if (bodyError.type === 'entity.parse.failed') return { status: 400, code: 'MALFORMED_JSON', message: 'the request body is not valid JSON' };
  if (bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported') return { status: 415, code: 'UNSUPPORTED_ENCODING', message: 'unsupported body encoding' };
  if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return { status: bodyError.status, code: 'BAD_REQUEST', message: 'the request could not be read' };
  }
  return undefined;
}

/** The last middleware: `{ error: { code, message, details? } }`, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const body = toErrorBody(error);
    if (!body) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
      res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
      return;
    }
    res.status(body.status).json({ error: { code: body.code, message: body.message, ...(body.details === undefined ? {} : { details: body.details }) } });
  };
}

/** 404 for routes that do not exist. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } });
};
