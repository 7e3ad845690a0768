/**
 * Domain errors of the calendar. The API layer maps them to HTTP status (400, 404, 409), the
 * worker layer to an incident; nothing below those layers knows about either.
 */

/** The input breaks a rule; `issues` lists every problem found. */
export class Invalid extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [message],
  ) {
    super(message);
    this.name = 'Invalid';
  }
}

/** The thing asked for does not exist. */
export class NotFound extends Error {
  override name = 'NotFound';
}

/** The change collides with what is already there. */
export class Conflict extends Error {
  override name = 'Conflict';
}
