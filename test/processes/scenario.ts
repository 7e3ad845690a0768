import fs from 'node:fs';
import path from 'node:path';
import { CalendarRepository } from '../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../calendar/working-days';
import type { EngineEvent, Variables } from '../../engine/port';
import { deadlineWorker } from '../../workers/deadline/handler';
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
  ) {}

  /** Deploys `processes/<processId>.bpmn` and any further shipped diagrams it calls. */
  static async start(processId: string, alsoDeploy: string[] = []): Promise<ProcessScenario> {
    const t = await startTestEngine();
    t.engine.createWorker(deadlineWorker(await WorkingDayCalendar.load(new CalendarRepository(t.database.db)), t.clock));
    const names = [processId, ...alsoDeploy].map((id) => `${id}.bpmn`);
    await t.engine.deployResources(names.map((name) => ({ name, content: fs.readFileSync(path.join(PROCESSES, name), 'utf8') })));
    return new ProcessScenario(t, processId);
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
