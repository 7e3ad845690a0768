/**
 * The HTTP client of the UI: adds the bearer token, refreshes it before it expires (and once more
 * on a 401), and turns the API's one error shape `{error: {code, message, details}}` into ApiError.
 */
import { getSession, sessionFromLogin, setSession, type Session } from './session';
import type { LoginResult } from './types';

/** An answer with an error status, carrying the API's code, message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent as Accept; a non-JSON accept returns the raw Response. */
  accept?: string;
  /** Skips the Authorization header (public pages, login). */
  anonymous?: boolean;
}

let refreshing: Promise<Session | null> | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

async function readError(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || code;
  let details: unknown;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      details = body.error.details;
    }
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(response.status, code, message, details);
}

/** Exchanges the refresh token for a new access token; signs out when that fails. */
export function refreshSession(): Promise<Session | null> {
  const session = getSession();
  if (!session) return Promise.resolve(null);
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!response.ok) throw await readError(response);
      const result = (await response.json()) as Omit<LoginResult, 'user'>;
      const next = sessionFromLogin({ ...result, user: session.user });
      setSession(next);
      return next;
    } catch {
      setSession(null);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Keeps the access token fresh: refreshes at 80 % of its lifetime while the session lasts. */
export function scheduleRefresh(session: Session | null): void {
  clearTimeout(refreshTimer);
  if (!session) return;
  const delay = Math.max(5_000, (session.expiresAt - Date.now()) * 0.8);
  refreshTimer = setTimeout(() => void refreshSession(), delay);
}

async function send(path: string, options: RequestOptions, session: Session | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (session && !options.anonymous) headers.Authorization = `Bearer ${session.token}`;
  return fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body });
}

/** Sends a request and returns the raw response (for CSV and XML); throws ApiError on an error status. */
export async function requestRaw(path: string, options: RequestOptions = {}): Promise<Response> {
  let session = getSession();
  if (session && !options.anonymous && session.expiresAt - Date.now() < 10_000) session = await refreshSession();
  let response = await send(path, options, session);
  if (response.status === 401 && session && !options.anonymous) {
    session = await refreshSession();
    if (session) response = await send(path, options, session);
  }
  if (!response.ok) throw await readError(response);
  return response;
}

/** Sends a JSON request and returns the parsed JSON answer (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await requestRaw(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Signs in and stores the session. */
export async function login(username: string, password: string): Promise<Session> {
  const result = await api<LoginResult>('/api/auth/login', { method: 'POST', body: { username, password }, anonymous: true });
  const session = sessionFromLogin(result);
  setSession(session);
  return session;
}
