/** Shapes of the HTTP API the UI reads (see the API contract); only the fields the UI uses. */

export type Role =
  | 'admin'
  | 'supervisor'
  | 'general-office'
  | 'drafting-dept'
  | 'research-office'
  | 'legal-office'
  | 'leader'
  | 'finance'
  | 'evaluator';

export interface User {
  id: string;
  username: string;
  name: string;
  department: { id: string; name: string } | null;
  roles: Role[];
  groups?: string[];
}

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
  rule?: string;
}

export interface Task {
  id: string;
  name: string | null;
  elementId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  overdue: boolean;
  overdueWorkingDays: number;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED';
  formId: string | null;
  department: string | null;
  documentTitle: string | null;
  createdAt: string;
  completedAt: string | null;
}

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

export interface Incident {
  key: string;
  state: string;
  errorType: string;
  errorMessage: string;
  processInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  createdAt: string;
}

export interface ElementState {
  elementId: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  overdue: boolean;
}

export interface InstanceDetail {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: string;
  variables: Record<string, unknown>;
  createdAt: string;
  endedAt: string | null;
  elements: ElementState[];
  incidents: Incident[];
  history: { type: string; elementId: string | null; timestamp: string }[];
}

export interface InstanceSummary {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: string;
  createdAt: string;
  endedAt: string | null;
  documentTitle?: string | null;
}

export interface OverdueStage {
  taskId: string;
  stage: string | null;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  department: string | null;
  assignee: string | null;
  candidateGroups: string[];
  dueDate: string;
  overdueWorkingDays: number;
  documentTitle: string | null;
}

export interface SupervisionStats {
  byDepartment: { department: string | null; open: number; overdue: number }[];
  byStage: { bpmnProcessId: string; stage: string | null; open: number; overdue: number }[];
  series: { date: string; open: number; overdue: number }[];
}

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
  publishedAt: string | null;
  url?: string | null;
}

export interface FormSummary {
  id: string;
  name?: string | null;
}
