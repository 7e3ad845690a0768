/**
 * The route table. Every page is its own lazily loaded chunk (dynamic import), so the modeler's
 * bpmn-js and the inbox's form-js load only on the pages that use them.
 */
import type { ComponentType } from 'preact';
import type { Role } from './lib/types';
import { prefetch } from './lib/prefetch';
import { elementTemplates, versionXml } from './lib/definitions';

export interface PageProps {
  params: Record<string, string>;
  search: URLSearchParams;
}

export interface Route {
  /** Stable name, also used by bench/ui to find the page's chunk. */
  name: string;
  path: string;
  page: () => Promise<{ default: ComponentType<PageProps> }>;
  /** 'public': no login; otherwise the roles that may open it ([] = any signed-in user). */
  access: 'public' | Role[];
  /** Starts the page's first API requests while its chunk downloads. */
  prefetch?: (params: Record<string, string>) => void;
}

const ADMIN: Role[] = ['admin'];

/** The modeler's element templates and diagram, fetched in parallel with bpmn-js itself. */
function prefetchModeler(params: Record<string, string>): void {
  prefetch('element-templates', elementTemplates);
  if (params.processId && params.version) prefetch(`xml:${params.processId}:${params.version}`, () => versionXml(params.processId!, params.version!));
}
const SUPERVISION: Role[] = ['supervisor', 'general-office', 'admin'];

export const routes: Route[] = [
  { name: 'login', path: '/login', access: 'public', page: () => import('./login/LoginPage') },
  { name: 'consultations', path: '/public/consultations', access: 'public', page: () => import('./public/ConsultationsPage') },
  { name: 'consultation', path: '/public/consultations/:id', access: 'public', page: () => import('./public/ConsultationPage') },
  { name: 'catalogue', path: '/public/catalogue', access: 'public', page: () => import('./public/CataloguePage') },
  { name: 'processes', path: '/admin/processes', access: ADMIN, page: () => import('./modeler/ProcessListPage') },
  { name: 'modeler-new', path: '/admin/modeler/new', access: ADMIN, page: () => import('./modeler/ModelerPage'), prefetch: prefetchModeler },
  { name: 'modeler', path: '/admin/modeler/:processId/:version', access: ADMIN, page: () => import('./modeler/ModelerPage'), prefetch: prefetchModeler },
  { name: 'diff', path: '/admin/diff/:processId/:from/:to', access: ADMIN, page: () => import('./modeler/DiffPage') },
  { name: 'forms', path: '/admin/forms', access: ADMIN, page: () => import('./modeler/FormListPage') },
  { name: 'form-editor', path: '/admin/forms/:id', access: ADMIN, page: () => import('./modeler/FormEditorPage') },
  { name: 'calendar', path: '/admin/calendar', access: ADMIN, page: () => import('./modeler/CalendarPage') },
  { name: 'inbox', path: '/tasks', access: [], page: () => import('./tasks/InboxPage') },
  { name: 'task', path: '/tasks/:id', access: [], page: () => import('./tasks/TaskPage') },
  { name: 'supervision', path: '/supervision', access: SUPERVISION, page: () => import('./supervision/SupervisionPage') },
  { name: 'instances', path: '/supervision/instances', access: SUPERVISION, page: () => import('./supervision/InstanceListPage') },
  { name: 'instance', path: '/supervision/instances/:key', access: SUPERVISION, page: () => import('./supervision/InstancePage') },
];

/** Where a user lands after signing in: the first page their roles are for. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes('admin')) return '/admin/processes';
  if (roles.includes('supervisor') || roles.includes('general-office')) return '/supervision';
  return '/tasks';
}
