import { EngineRejection } from '../port';

/**
 * The gRPC status codes with which the Zeebe gateway rejects a command, and the port's name for
 * each (numbers, so that production code needs no direct @grpc/grpc-js import).
 */
const REJECTIONS: Partial<Record<number, EngineRejection['code']>> = {
  3: 'INVALID_ARGUMENT',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  9: 'INVALID_STATE', // FAILED_PRECONDITION: the key exists but is in the wrong state
};

/**
 * Turns a gRPC rejection into an `EngineRejection`; anything else (unavailable gateway,
 * back-pressure after the SDK's own retries, deadline) is a transport failure and passes through.
 */
export function toEngineError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const rejection = typeof code === 'number' ? REJECTIONS[code] : undefined;
  if (!rejection) return error;
  const details = (error as { details?: unknown }).details;
  return new EngineRejection(rejection, typeof details === 'string' && details ? details : (error as Error).message, error);
}

/** Runs one gateway call and rethrows its rejection in the port's terms. */
export async function rejecting<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toEngineError(error);
  }
}
