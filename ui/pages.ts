/**
 * Page chunks: loaded once and kept. The page opened at start-up starts loading before the first
 * render; a likely next page can load ahead of time while the browser is idle.
 */
import type { ComponentType } from 'preact';
import { getSession, hasRole, type Session } from './lib/session';
import { matchPath } from './router';
import { routes, type PageProps, type Route } from './routes';

const loaded = new Map<string, ComponentType<PageProps>>();
const loading = new Map<string, Promise<void>>();

/**
 * Starts loading a route's page chunk (once) and, with `params`, its first API requests; the page
 * is kept for later visits. Called at start-up for the address opened, on navigation, and ahead of time for
 * a page the user is likely to open next.
 */
export function loadPage(route: Route, params: Record<string, string> | null): Promise<void> {
  let promise = loading.get(route.name);
  if (params && !loaded.has(route.name)) route.prefetch?.(params);
  if (!promise) {
    promise = route.page().then((module) => {
      loaded.set(route.name, module.default);
    });
    loading.set(route.name, promise);
    promise.catch(() => loading.delete(route.name));
  }
  return promise;
}

/** The route for a path and its params, if any. */
export function findRoute(pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

/** Whether the current session may open the route (public, or signed in with one of its roles). */
function mayOpen(route: Route, session: Session | null): boolean {
  return route.access === 'public' || (session !== null && hasRole(route.access, session));
}

/** At start-up: the opened page's chunk and data, before the first render (no round trip through the shell). */
export function startLoading(pathname: string): void {
  const found = findRoute(pathname);
  if (found && mayOpen(found.route, getSession())) void loadPage(found.route, found.params);
}

/** The page component of a route once its chunk has loaded. */
export function loadedPage(name: string): ComponentType<PageProps> | undefined {
  return loaded.get(name);
}

/**
 * Loads the named route's page ahead of time when the browser is idle (a likely next page), then
 * `more` (chunks that page loads after its first render).
 */
export function preloadPage(name: string, more?: () => Promise<unknown>): void {
  const route = routes.find((candidate) => candidate.name === name);
  if (!route || loading.has(name) || !mayOpen(route, getSession())) return;
  const start = () => void loadPage(route, null).then(more).catch(() => undefined);
  if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 500);
}
