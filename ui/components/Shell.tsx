/** Page frames: the staff shell (navigation by role, notifications, language, sign-out) and the public one. */
import type { ComponentChildren } from 'preact';
import { locale, setLocale, t, type MessageKey } from '../i18n';
import { useDepartmentNames } from '../lib/names';
import { hasRole, setSession, type Session } from '../lib/session';
import type { Role } from '../lib/types';
import { navigate } from '../router';
import { NotificationBell } from './Notifications';

interface NavItem {
  href: string;
  label: MessageKey;
  roles: Role[];
}

const NAV: NavItem[] = [
  { href: '/tasks', label: 'nav.tasks', roles: [] },
  { href: '/supervision', label: 'nav.supervision', roles: ['supervisor', 'general-office', 'admin'] },
  { href: '/supervision/instances', label: 'nav.instances', roles: ['supervisor', 'general-office', 'admin'] },
  { href: '/admin/processes', label: 'nav.processes', roles: ['admin'] },
  { href: '/admin/forms', label: 'nav.forms', roles: ['admin'] },
  { href: '/admin/calendar', label: 'nav.calendar', roles: ['admin'] },
];

/** English ⇄ 中文 switch; the choice is kept and the page reloads in it. */
export function LocaleSwitch() {
  return (
    <button type="button" class="link locale-switch" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
      {locale === 'en' ? '中文' : 'English'}
    </button>
  );
}

/** The user's department in the UI language once the department list is read, else as the session has it. */
function useDepartmentLabel(department: Session['user']['department']): string | null {
  const departmentName = useDepartmentNames();
  if (!department) return null;
  const listed = departmentName(department.id);
  return listed !== department.id ? listed : department.name;
}

/** Frame of every signed-in page. */
export function StaffShell({ session, pathname, children }: { session: Session; pathname: string; children: ComponentChildren }) {
  const department = useDepartmentLabel(session.user.department);
  const items = NAV.filter((item) => hasRole(item.roles, session));
  const active = items.filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <>
      <header class="topbar">
        <a class="brand" href="/">
          {t('app.title')}
        </a>
        <nav>
          {items.map((item) => (
            <a href={item.href} class={item === active ? 'active' : ''}>
              {t(item.label)}
            </a>
          ))}
        </nav>
        <div class="topbar-right">
          <NotificationBell />
          <span class="user" title={`${session.user.name}${department ? ` · ${department}` : ''} (${session.user.roles.join(', ')})`}>
            {session.user.name}
            {department ? ` · ${department}` : ''}
          </span>
          <LocaleSwitch />
          <button
            type="button"
            class="link"
            onClick={() => {
              setSession(null);
              navigate('/login');
            }}
          >
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main class="content">{children}</main>
    </>
  );
}

/** Frame of the public pages (no login). */
export function PublicShell({ session, children }: { session: Session | null; children: ComponentChildren }) {
  return (
    <>
      <header class="topbar public">
        <a class="brand" href="/public/consultations">
          {t('public.title')}
        </a>
        <nav>
          <a href="/public/consultations">{t('public.consultations')}</a>
          <a href="/public/catalogue">{t('public.catalogue')}</a>
        </nav>
        <div class="topbar-right">
          <LocaleSwitch />
          <a href={session ? '/' : '/login'}>{session ? t('public.toWorkspace') : t('public.staffLogin')}</a>
        </div>
      </header>
      <main class="content public-content">{children}</main>
    </>
  );
}
