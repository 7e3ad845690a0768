/**
 * The signed-in session: access token in memory, mirrored to sessionStorage so a reload keeps the
 * user signed in for the life of the browser tab (never localStorage: a closed tab signs out).
 */
import type { LoginResult, Role, User } from './types';

const KEY = 'pf.session';

export interface Session {
  token: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: User;
}

let current: Session | null = read();
const listeners = new Set<(session: Session | null) => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The current session, or null when nobody is signed in. */
export function getSession(): Session | null {
  return current;
}

/** Replaces the session (null signs out) and tells every subscriber. */
export function setSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener(session);
}

/** Builds a session from a login answer. */
export function sessionFromLogin(result: LoginResult): Session {
  return { token: result.token, refreshToken: result.refreshToken, expiresAt: Date.now() + result.expiresIn * 1000, user: result.user };
}

/** Calls `listener` on every sign-in, refresh and sign-out; returns the unsubscribe function. */
export function onSessionChange(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the signed-in user has at least one of the roles (an empty list means any signed-in user). */
export function hasRole(roles: readonly Role[], session: Session | null = current): boolean {
  if (!session) return false;
  return roles.length === 0 || roles.some((role) => session.user.roles.includes(role));
}

/** Whether a task's assignee is the signed-in user (the API may name users by id or by user name). */
export function isMe(assignee: string | null | undefined, session: Session | null = current): boolean {
  return Boolean(session && assignee && (assignee === session.user.username || assignee === session.user.id));
}
