import type { ControlledClock } from '../engine/clock';
import type { Engine, EngineEvent, Variables } from '../engine/port';

/** A user task as the demo completes it: what the records need to know about it. */
export interface DemoTask {
  id: string;
  elementId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  formId: string | null;
  candidateGroups: string[];
  /** The variables the task was created with. */
  variables: Variables;
}

/**
 * Does what the inbox does before it completes the job: records what the person submitted, and
 * returns the variables the job is completed with (what was submitted plus the server-set
 * `completedBy`, the user who completed it — a sign-off reads its signer from it).
 */
export type DemoRecorder = (task: DemoTask, submitted: Variables) => Promise<Variables>;

/**
 * Walks process instances of the demo through their stages on a controlled clock: waits for a
 * user task (or a job) of an instance and completes it as the person (or system) would.
 */
export class DemoDriver {
  private readonly events: EngineEvent[] = [];
  private readonly taken = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: Engine,
    readonly clock: ControlledClock,
    private readonly record: DemoRecorder = async (_, submitted) => submitted,
  ) {
    this.unsubscribe = engine.onEvent((event) => {
      this.events.push(event);
      for (const wake of [...this.waiters]) wake();
    });
  }

  async start(bpmnProcessId: string, variables: Variables): Promise<string> {
    return (await this.engine.createProcessInstance({ bpmnProcessId, variables })).processInstanceKey;
  }

  /** Completes the next user task at `elementId` of the instance, as the inbox would (see `DemoRecorder`). */
  async complete(processInstanceKey: string, elementId: string, variables: Variables = {}): Promise<void> {
    const event = await this.next('userTask.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === elementId);
    const headers = (event.payload.customHeaders ?? {}) as Record<string, string>;
    const formKey = headers['io.camunda.zeebe:formKey'] ?? '';
    const completion = await this.record(
      {
        id: String(event.payload.jobKey),
        elementId,
        processInstanceKey,
        bpmnProcessId: event.bpmnProcessId ?? '',
        formId: formKey.startsWith('camunda-forms:bpmn:') ? formKey.slice('camunda-forms:bpmn:'.length) : null,
        candidateGroups: JSON.parse(headers['io.camunda.zeebe:candidateGroups'] ?? '[]') as string[],
        variables: (event.payload.variables ?? {}) as Variables,
      },
      variables,
    );
    await this.engine.completeJob(String(event.payload.jobKey), completion);
  }

  /** Completes the next job of `type` of the instance (a step whose worker the demo does not run). */
  async completeJob(processInstanceKey: string, type: string, variables: Variables = {}): Promise<void> {
    const event = await this.next('job.created', (e) => e.processInstanceKey === processInstanceKey && e.payload.type === type);
    await this.engine.completeJob(String(event.payload.jobKey), variables);
  }

  /** Waits until the instance has a user task at `elementId` (left open for the demo's users). */
  async reach(processInstanceKey: string, elementId: string): Promise<void> {
    await this.next('userTask.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === elementId);
  }

  /** Moves the clock forward by whole days. */
  advanceDays(days: number): void {
    this.clock.advance(days * 86_400_000);
  }

  close(): void {
    this.unsubscribe();
  }

  private next(type: EngineEvent['type'], match: (e: EngineEvent) => boolean, timeoutMs = 15_000): Promise<EngineEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find((e) => e.type === type && !this.taken.has(`${e.position}`) && match(e));
        if (!found) return;
        this.taken.add(`${found.position}`);
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`demo: timed out waiting for ${type}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}
