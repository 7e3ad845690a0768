/**
 * Domain errors. Services throw them; the API layer maps them to HTTP status (400/422, 403, 404,
 * 409) and the worker layer to an incident or a BPMN error; nothing below those layers knows
 * about either. `code` is the machine-readable reason clients branch on.
 */

/** The input breaks a rule; `issues` lists every problem found. */
export class Invalid extends Error {
  override name = 'Invalid';
  constructor(
    message: string,
    readonly issues: unknown[] = [message],
    readonly code = 'INVALID',
  ) {
    super(message);
  }
}

/** The thing asked for does not exist (or the caller may not know that it does). */
export class NotFound extends Error {
  override name = 'NotFound';
  constructor(
    message: string,
    readonly code = 'NOT_FOUND',
  ) {
    super(message);
  }
}

/** The change collides with what is already there (already completed, already exists, closed). */
export class Conflict extends Error {
  override name = 'Conflict';
  constructor(
    message: string,
    readonly code = 'CONFLICT',
  ) {
    super(message);
  }
}

/** The caller is known but may not do this. */
export class Forbidden extends Error {
  override name = 'Forbidden';
  constructor(
    message: string,
    readonly code = 'FORBIDDEN',
  ) {
    super(message);
  }
}
