/**
 * A tiny history router: paths like `/admin/modeler/:processId/:version` are matched against the
 * route table; navigation is pushState plus a `pf:navigate` event the app listens to.
 */
import { useEffect, useState } from 'preact/hooks';

/** Goes to `to` inside the app (no page reload); `replace` rewrites the current history entry. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event('pf:navigate'));
}

/** The current path and query, updated on navigation and on the browser's back/forward. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const [href, setHref] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setHref(location.pathname + location.search);
    window.addEventListener('popstate', update);
    window.addEventListener('pf:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('pf:navigate', update);
    };
  }, []);
  const url = new URL(href, location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

/** Matches `pathname` against a pattern with `:name` segments; the decoded params, or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    const value = have[i]!;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return null;
  }
  return params;
}

/** Click handler for in-app links: plain left clicks navigate without reloading. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.target as HTMLElement).closest('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
