/**
 * Shapes of the HTTP API the UI reads (see the API contract). Where a service exports the very shape
 * its route answers, it is imported as a type (erased by the build, so no server code reaches the
 * bundle; the services imported here type-check under ui/tsconfig.json). The instance and incident
 * views are written out here: api/instances.service.ts pulls in the embedded engine's types.
 */
import type { UserView } from '../../api/auth.service';
import type { OverdueItem, SupervisionStats as ApiSupervisionStats } from '../../api/supervision.service';
import type { Page as ApiTaskPage, TaskView } from '../../api/tasks.service';
import type { Role } from '../../domain/principal';

export type { Role };

/** A user as login and `GET /api/me` show it. */
export type User = UserView;

export interface LoginResult {
  token: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `GET /api/tasks`: `total` counts up to 10000; with `totalIsLowerBound` at least that many match. */
export type TaskPage = ApiTaskPage<Task>;

/** Where an instance view comes from: the embedded engine (complete) or what this app observed on Zeebe. */
export interface Provenance {
  source: 'engine' | 'observed';
  complete: boolean;
  /** The server's explanation of an observed view (English); the UI shows its own words. */
  message?: string;
}

/** A page of instances, with where it comes from. */
export type InstancePage = Page<InstanceSummary> & Provenance;

export interface ProcessSummary {
  bpmnProcessId: string;
  name: string | null;
  latestVersion: number;
  versions: number;
}

export interface ProcessVersion {
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  createdAt: string;
}

export interface ProcessDetail {
  bpmnProcessId: string;
  name: string | null;
  versions: ProcessVersion[];
}

export interface LintProblem {
  elementId: string | null;
  message: string;
  /** The lint rule or check that found it, e.g. `LINT_implementation`, `UNSUPPORTED_ELEMENT`. */
  rule: string;
}

export type Task = TaskView;

export interface DocumentSummary {
  id: string;
  number: string | null;
  title: string;
  category: string | null;
  version: number | string | null;
  status: string | null;
}

export interface TaskDetail {
  task: Task;
  form: Record<string, unknown> | null;
  variables: Record<string, unknown>;
  document: DocumentSummary | null;
}

/** An incident (`GET /api/incidents`, and in an instance); see api/instances.service.ts `incidentView`. */
export interface Incident {
  /** What POST /api/incidents/:key/resolve takes: the incident key, or on Zeebe the job key of an incident a worker of this app raised. */
  key: string;
  state: string;
  errorType: string;
  errorMessage: string;
  processInstanceKey: string;
  elementId: string;
  /** The element's name in the diagram, when the server knows it (Zeebe). */
  elementName: string | null;
  elementInstanceKey: string;
  bpmnProcessId: string;
  jobKey: string | null;
  /** The engine's incident key; on Zeebe null for a worker incident until resolved with the key Operate shows. */
  incidentKey: string | null;
  createdAt: string;
}

/** ACTIVE, COMPLETED, TERMINATED; on Zeebe also UNKNOWN (nothing observed says whether it still runs). */
export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'UNKNOWN';

export interface ElementState {
  elementId: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  overdue: boolean;
}

/** `GET /api/instances/:key` (api/instances.routes.ts `instanceDetail`). */
export interface InstanceDetail extends Provenance {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  state: InstanceState;
  variables: Record<string, unknown>;
  /** On Zeebe, for an instance the app did not start: when it was first observed. */
  createdAt: string;
  endedAt: string | null;
  elements: ElementState[];
  incidents: Incident[];
  history: { type: string; elementId: string | null; timestamp: string }[];
  /** Zeebe only: false for an instance met through one of its jobs (started by a timer, a message or a call activity). */
  startedHere?: boolean;
}

/** An item of `GET /api/instances` (api/instances.routes.ts `instanceSummary`). */
export interface InstanceSummary {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: InstanceState;
  createdAt: string;
  endedAt: string | null;
  documentTitle: string | null;
  /** Zeebe only: see InstanceDetail. */
  startedHere?: boolean;
}

export type OverdueStage = OverdueItem;

export type SupervisionStats = ApiSupervisionStats;

export interface AppNotification {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface CalendarDay {
  date: string;
  workday: boolean;
  name?: string;
  source: 'package' | 'override' | 'weekend' | 'weekday';
}

export interface CalendarOverride {
  date: string;
  kind: 'workday' | 'holiday';
  name: string;
}

export interface PublicConsultation {
  id: string;
  documentId?: string;
  title: string;
  summary: string | null;
  draftText?: string | null;
  opensAt: string;
  closesAt: string;
}

/** A department, office, district or evaluator organisation (`GET /api/departments`). */
export interface Department {
  id: string;
  name: string;
  nameEn: string;
  kind: 'office' | 'department' | 'district' | 'evaluator';
}

export interface CatalogueEntry {
  documentId: string;
  number: string | null;
  title: string;
  category: string | null;
  department: string | null;
  /** The department's Chinese name, when it is registered. */
  departmentName?: string | null;
  /** Its English name, when it is registered. */
  departmentNameEn?: string | null;
  publishedAt: string | null;
  url?: string | null;
}

export interface FormSummary {
  id: string;
  name?: string | null;
}
