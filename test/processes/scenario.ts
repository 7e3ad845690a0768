import fs from 'node:fs';
import path from 'node:path';
import { type CalendarOverride, CalendarRepository } from '../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../calendar/working-days';
import type { EngineEvent, JobWorkerConfig, Variables } from '../../engine/port';
import { deadlineWorker } from '../../workers/deadline/handler';
import { InAppChannel } from '../../workers/notify/channels';
import { notifyWorker } from '../../workers/notify/handler';
import { NotificationRepository } from '../../workers/notify/notification.repository';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

export const PROCESSES = path.resolve(process.cwd(), 'processes');

/** Header names of a job-worker user task. */
export const CANDIDATE_GROUPS = 'io.camunda.zeebe:candidateGroups';
export const ASSIGNEE = 'io.camunda.zeebe:assignee';
export const DUE_DATE = 'io.camunda.zeebe:dueDate';
export const FORM_KEY = 'io.camunda.zeebe:formKey';

/** A user task as the inbox sees it: its job and headers. */
export interface UserTask {
  jobKey: string;
  elementId: string;
  headers: Record<string, string>;
}

/** An administrator's correction of the working-day calendar, as entered on the calendar page. */
export type CalendarEntry = Pick<CalendarOverride, 'date' | 'kind' | 'name'>;

/** New Year's Day 2027 (元旦, Friday 1 January): the bundled chinese-days arrangement ends with 2026, so an administrator enters it. */
export const NEW_YEAR_2027: CalendarEntry = { date: '2027-01-01', kind: 'holiday', name: '元旦' };

/** What a scenario runs besides the diagram and the deadline worker. */
export interface ScenarioOptions {
  /** Further shipped diagrams (process ids) to deploy, e.g. ones the diagram calls. */
  alsoDeploy?: string[];
  /** Calendar overrides the administrator has entered before the server (and so the deadline worker) started. */
  calendarOverrides?: CalendarEntry[];
  /** Runs the real notify worker with the in-app channel: reminders and escalations land in `notifications`. */
  notify?: boolean;
  /** Further real workers to run, built on the scenario's engine (database, clock), e.g. the publish worker. */
  workers?: (t: TestEngine) => JobWorkerConfig[];
}

/**
 * A shipped diagram (`processes/<processId>.bpmn`) on a real engine and database with the real
 * deadline worker; every other job and every user task is completed by the test.
 */
export class ProcessScenario {
  private readonly taken = new Set<string>();
  processInstanceKey = '';

  private constructor(
    readonly t: TestEngine,
    readonly processId: string,
    private readonly inApp: NotificationRepository | undefined,
  ) {}

  /**
   * Deploys `processes/<processId>.bpmn` (and `alsoDeploy`) on a fresh engine whose deadline worker
   * reads the calendar with `calendarOverrides` already stored, as a server started after the
   * administrator entered them; with `notify`, the in-app notify worker runs too, and so do `workers`.
   */
  static async start(processId: string, options: ScenarioOptions = {}): Promise<ProcessScenario> {
    const t = await startTestEngine();
    const calendar = new CalendarRepository(t.database.db);
    for (const entry of options.calendarOverrides ?? []) {
      await calendar.insert({ ...entry, createdBy: 'admin', createdAt: t.clock.now() });
    }
    t.engine.createWorker(deadlineWorker(await WorkingDayCalendar.load(calendar), t.clock));
    const inApp = options.notify ? new NotificationRepository(t.database.db) : undefined;
    if (inApp) t.engine.createWorker(notifyWorker({ channels: [new InAppChannel(inApp, t.clock)], deliveries: inApp, clock: t.clock }));
    for (const worker of options.workers?.(t) ?? []) t.engine.createWorker(worker);
    const names = [processId, ...(options.alsoDeploy ?? [])].map((id) => `${id}.bpmn`);
    await t.engine.deployResources(names.map((name) => ({ name, content: fs.readFileSync(path.join(PROCESSES, name), 'utf8') })));
    return new ProcessScenario(t, processId, inApp);
  }

  /** The in-app notifications the notify worker wrote; only with `{ notify: true }`. */
  get notifications(): NotificationRepository {
    if (!this.inApp) throw new Error('start the scenario with { notify: true } to read notifications');
    return this.inApp;
  }

  /** Waits until the (notify) job at `elementId` of this instance has completed: its notifications are written. */
  async notified(elementId: string): Promise<void> {
    await this.t.waitFor('job.completed', (e) => e.processInstanceKey === this.processInstanceKey && e.elementId === elementId);
  }

  async begin(variables: Variables): Promise<void> {
    ({ processInstanceKey: this.processInstanceKey } = await this.t.engine.createProcessInstance({ bpmnProcessId: this.processId, variables }));
  }

  /** The next not yet handled user task at `elementId`. */
  async userTask(elementId: string): Promise<UserTask> {
    const event = await this.next('userTask.created', (e) => e.elementId === elementId);
    return { jobKey: event.payload.jobKey as string, elementId, headers: event.payload.customHeaders as Record<string, string> };
  }

  /** Waits for the next user task at `elementId`, completes it with `variables` and returns it. */
  async complete(elementId: string, variables: Variables = {}): Promise<UserTask> {
    const task = await this.userTask(elementId);
    await this.t.engine.completeJob(task.jobKey, variables);
    return task;
  }

  /** Waits for the next job of `type` (a worker built elsewhere) and completes it. */
  async completeJob(type: string, variables: Variables = {}): Promise<EngineEvent> {
    const job = await this.next('job.created', (e) => e.payload.type === type);
    await this.t.engine.completeJob(job.payload.jobKey as string, variables);
    return job;
  }

  /** Moves the controlled clock to `iso` (forward only). */
  moveClockTo(iso: string): void {
    this.t.clock.advance(Date.parse(iso) - this.t.clock.now());
  }

  reached(elementId: string): boolean {
    return this.t.events.some((e) => e.type === 'element.activated' && e.processInstanceKey === this.processInstanceKey && e.elementId === elementId);
  }

  async completed(): Promise<Variables> {
    await this.t.waitFor('processInstance.completed', (e) => e.processInstanceKey === this.processInstanceKey);
    return (await this.t.engine.getProcessInstance(this.processInstanceKey))?.variables ?? {};
  }

  async variables(): Promise<Variables> {
    return (await this.t.engine.getProcessInstance(this.processInstanceKey))?.variables ?? {};
  }

  close(): Promise<void> {
    return this.t.close();
  }

  private async next(type: EngineEvent['type'], match: (e: EngineEvent) => boolean): Promise<EngineEvent> {
    const event = await this.t.waitFor(type, (e) => e.processInstanceKey === this.processInstanceKey && !this.taken.has(String(e.payload.jobKey)) && match(e));
    this.taken.add(String(event.payload.jobKey));
    return event;
  }
}

/** The distinct form ids `processes/<processId>.bpmn` links, in order of appearance. */
export function linkedFormIds(processId: string): string[] {
  const diagram = fs.readFileSync(path.join(PROCESSES, `${processId}.bpmn`), 'utf8');
  return [...new Set([...diagram.matchAll(/formId="([^"]+)"/g)].map((m) => m[1]!))];
}

/** The parts of a form-js schema (and of its fields) the specs look at. */
export interface FormSchema {
  id: string;
  type: string;
  schemaVersion: number;
  components: Array<{ key?: string; values?: Array<{ value: string }>; validate?: { required?: boolean }; conditional?: { hide?: string } }>;
}

/** The parsed form-js schema `processes/forms/<id>.form`. */
export function readForm(id: string): FormSchema {
  return JSON.parse(fs.readFileSync(path.join(PROCESSES, 'forms', `${id}.form`), 'utf8'));
}
