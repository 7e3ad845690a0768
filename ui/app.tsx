/** The application: picks the route, checks access, loads the page's chunk and renders it in its shell. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { scheduleRefresh } from './lib/api';
import { forgetDepartments, loadDepartments } from './lib/names';
import { getSession, hasRole, onSessionChange, type Session } from './lib/session';
import { loadedPage, loadPage } from './pages';
import { matchPath, navigate, onLinkClick, useLocation } from './router';
import { homeFor, routes, type PageProps, type Route } from './routes';
import { PublicShell, StaffShell } from './components/Shell';
import { Loading } from './components/ui';

function useSession(): Session | null {
  const [session, setSession] = useState(getSession());
  useEffect(() => onSessionChange(setSession), []);
  useEffect(() => scheduleRefresh(session), [session]);
  // department names are read once per sign-in (pages that show them re-render when they arrive)
  const userId = session?.user.id;
  useEffect(() => {
    if (userId) void loadDepartments();
    else forgetDepartments();
  }, [userId]);
  return session;
}

/** How often a page chunk that failed to load (a request cut off by a reload, a busy server) is tried again. */
const PAGE_ATTEMPTS = 3;

/**
 * The route's page component once its chunk has loaded (re-renders when it arrives); `failed`
 * when it could not be loaded after a few attempts, so the page says so instead of staying blank.
 */
function usePage(route: Route | undefined, params: Record<string, string>): ComponentType<PageProps> | 'failed' | undefined {
  const [failedRoute, setFailedRoute] = useState<string | undefined>(undefined);
  const [, setTick] = useState(0);
  const page = route ? loadedPage(route.name) : undefined;
  useEffect(() => {
    // `page` as rendered: a chunk that arrived between the render and this effect (from the HTTP
    // cache, started at start-up) needs the re-render as much as one still on its way
    if (!route || page) return;
    let alive = true;
    const attempt = (left: number) =>
      loadPage(route, params).then(
        () => alive && setTick((n) => n + 1),
        () => {
          if (!alive) return;
          if (left > 1) setTimeout(() => alive && void attempt(left - 1), 500);
          else setFailedRoute(route.name);
        },
      );
    void attempt(PAGE_ATTEMPTS);
    return () => {
      alive = false;
    };
  }, [route]);
  if (!page && route && failedRoute === route.name) return 'failed';
  return page;
}

/** The whole UI. */
export function App() {
  const { pathname, search } = useLocation();
  const session = useSession();
  let params: Record<string, string> = {};
  const route = routes.find((candidate) => {
    const match = matchPath(candidate.path, pathname);
    if (match) params = match;
    return Boolean(match);
  });
  const needsLogin = route && route.access !== 'public' && !session;
  const forbidden = route && route.access !== 'public' && session && !hasRole(route.access, session);

  useEffect(() => {
    if (pathname === '/' || pathname === '/public') {
      navigate(pathname === '/public' ? '/public/consultations' : session ? homeFor(session.user.roles) : '/public/consultations', true);
    } else if (needsLogin) {
      navigate(`/login?next=${encodeURIComponent(pathname + (search.toString() ? `?${search}` : ''))}`, true);
    }
  }, [pathname, needsLogin, session]);

  const Page = usePage(needsLogin || forbidden ? undefined : route, params);
  const body = !route ? (
    <p class="empty">{t('common.notFound')}</p>
  ) : forbidden ? (
    <p class="empty">{t('common.forbidden')}</p>
  ) : Page === 'failed' ? (
    <p class="empty">{t('common.pageLoadFailed')}</p>
  ) : Page ? (
    <Page params={params} search={search} />
  ) : (
    <Loading />
  );
  const isPublic = !route || route.access === 'public';
  return (
    <div class="app" onClick={onLinkClick}>
      {isPublic && route?.name !== 'login' ? <PublicShell session={session}>{body}</PublicShell> : null}
      {route?.name === 'login' ? body : null}
      {!isPublic && session ? <StaffShell session={session} pathname={pathname}>{body}</StaffShell> : null}
    </div>
  );
}
