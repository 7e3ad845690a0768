import pino, { type Logger } from 'pino';
import type { Engine, EngineEvent, Variables } from '../engine/port';
import type { Database } from '../store/database';
import { TaskRepository, type NewTask, type TaskChange } from '../store/task.repository';
import { OrderedWriter } from './ordered-writer';
import { ROLES } from './principal';

/** Zeebe's header names on a job-worker user task (`io.camunda.zeebe:userTask`). */
const HEADER = {
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  formKey: 'io.camunda.zeebe:formKey',
} as const;
const FORM_KEY_PREFIX = 'camunda-forms:bpmn:';
const TASK_EVENTS = new Set(['userTask.created', 'userTask.completed', 'userTask.canceled']);
const ROLE_NAMES = new Set<string>(ROLES);

/** Events read per catch-up round and applied per transaction. */
const BATCH = 1_000;
/** A position reached only through events that changed no task is saved at most this often. */
const POSITION_SAVE_MS = 5_000;
/** Longest `stop()` waits for events still being applied. */
const STOP_WAIT_MS = 10_000;

/** A list header: Zeebe writes a JSON array (`["a","b"]`); a comma-separated text is accepted too. */
function listHeader(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string' && v.length > 0);
    if (typeof parsed === 'string') return parsed ? [parsed] : [];
  } catch {
    // not JSON: a plain list
  }
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

/** A due-date header (ISO with offset, maybe a `[zone]` suffix, as Zeebe prints FEEL zoned times) as epoch ms. */
export function dueAtOf(dueDate: string | null | undefined): number | null {
  if (!dueDate) return null;
  const ms = Date.parse(dueDate.replace(/\[.*\]$/, ''));
  return Number.isNaN(ms) ? null : ms;
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * The inbox row of a `userTask.created` event, on either engine: the embedded engine sends
 * `{jobKey, name, customHeaders, processDefinitionKey, variables}`, the Zeebe bridge the same
 * with `deadline`, the name resolved from the deployed XML (the element id stands in for a
 * definition deployed by another tool).
 * Department: the candidate group that is a department rather than a role, else the instance's
 * `draftingDept`.
 */
export function taskFromCreated(event: EngineEvent, variables: Variables): NewTask {
  const payload = event.payload;
  const headers = (payload.customHeaders ?? {}) as Record<string, string>;
  const candidateGroups = listHeader(headers[HEADER.candidateGroups]);
  const formKey = headers[HEADER.formKey];
  const dueDate = headers[HEADER.dueDate] || null;
  const elementId = event.elementId ?? '';
  return {
    id: String(payload.jobKey),
    name: text(payload.name) ?? elementId,
    elementId,
    processInstanceKey: event.processInstanceKey ?? '',
    bpmnProcessId: event.bpmnProcessId ?? '',
    processDefinitionKey: text(payload.processDefinitionKey) ?? '',
    assignee: headers[HEADER.assignee] || null,
    candidateGroups,
    candidateUsers: listHeader(headers[HEADER.candidateUsers]),
    dueAt: dueAtOf(dueDate),
    dueDate,
    formId: formKey?.startsWith(FORM_KEY_PREFIX) ? formKey.slice(FORM_KEY_PREFIX.length) : null,
    department: candidateGroups.find((group) => !ROLE_NAMES.has(group)) ?? text(variables.draftingDept),
    documentId: text(variables.documentId),
    documentTitle: text(variables.documentTitle),
    variables,
    createdAt: event.timestamp,
  };
}

/** What the projection needs of an engine: its live events, and on the embedded engine its durable log. */
type ProjectedEngine = Engine & {
  readEvents?: (afterPosition: number, limit: number) => Promise<EngineEvent[]>;
  getProcessInstance?: (processInstanceKey: string) => Promise<{ variables: Variables } | undefined>;
};

/**
 * Keeps the `tasks` table in step with the engine's `userTask.*` events. On the embedded engine it
 * first catches up from the last position it applied (kept in `engine_meta` with the rows it wrote),
 * then follows live events; Zeebe's events cannot be re-read, so there it follows live events only
 * and relies on the bridge announcing every open job again. Events are applied in order, in
 * batches, each in one transaction; a failed batch is retried with a growing pause.
 */
export class TaskProjection {
  private position = 0;
  private savedPosition = 0;
  private positionTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** Live events, held until the catch-up is done. */
  private readonly writer: OrderedWriter<EngineEvent>;

  constructor(
    private readonly repository: TaskRepository,
    private readonly engine: ProjectedEngine,
    private readonly logger: Logger,
  ) {
    this.writer = new OrderedWriter((batch) => this.apply(batch), logger, { batch: BATCH, failure: 'task projection could not apply engine events', held: true });
  }

  /** True on an engine with a durable, re-readable event log (the embedded one). */
  get resumable(): boolean {
    return typeof this.engine.readEvents === 'function';
  }

  /** Subscribes, catches up from the stored position (embedded engine), then applies live events. */
  async start(): Promise<void> {
    this.unsubscribe = this.engine.onEvent((event) => this.handle(event));
    if (this.resumable) {
      this.position = this.savedPosition = await this.repository.position();
      for (;;) {
        const events = await this.engine.readEvents!(this.position, BATCH);
        if (!events.length) break;
        await this.apply(events);
      }
    }
    this.writer.release();
  }

  /** Takes one engine event (the listener `start` subscribes; also the way to feed events in tests). */
  handle(event: EngineEvent): void {
    if (!this.resumable && !TASK_EVENTS.has(event.type)) return;
    this.writer.push(event);
  }

  /** Resolves when every event received so far has been applied. */
  idle(): Promise<void> {
    return this.writer.idle();
  }

  /** Stops following the engine after applying what was received, and saves the position. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    // what is not applied by then is re-read from the embedded engine's log next time
    await this.writer.stop(STOP_WAIT_MS);
    this.stopped = true;
    if (this.positionTimer) clearTimeout(this.positionTimer);
    if (this.resumable && this.position > this.savedPosition) await this.repository.savePosition(this.position).catch(() => undefined);
  }

  /** Applies events in order; on the embedded engine skips those at or before the position reached. */
  private async apply(events: EngineEvent[]): Promise<void> {
    const fresh = this.resumable ? events.filter((e) => e.position > this.position) : events;
    if (!fresh.length) return;
    const changes: TaskChange[] = [];
    for (const event of fresh) {
      const change = await this.changeOf(event);
      if (change) changes.push(change);
    }
    const last = fresh[fresh.length - 1]!.position;
    if (!this.resumable) {
      if (changes.length) await this.repository.apply(changes);
      return;
    }
    if (changes.length) {
      await this.repository.apply(changes, last);
      this.savedPosition = last;
    } else {
      this.savePositionLater();
    }
    this.position = last;
  }

  private async changeOf(event: EngineEvent): Promise<TaskChange | undefined> {
    const jobKey = text(event.payload.jobKey);
    if (!TASK_EVENTS.has(event.type) || !jobKey) return undefined;
    if (event.type === 'userTask.completed') return { kind: 'ended', id: jobKey, state: 'COMPLETED', at: event.timestamp };
    if (event.type === 'userTask.canceled') return { kind: 'ended', id: jobKey, state: 'CANCELED', at: event.timestamp };
    let variables = event.payload.variables as Variables | undefined;
    // events logged before the engine put the variables in the event: the instance's current ones
    if (!variables && event.processInstanceKey && this.engine.getProcessInstance) {
      variables = (await this.engine.getProcessInstance(event.processInstanceKey))?.variables;
    }
    return { kind: 'created', task: taskFromCreated(event, variables ?? {}) };
  }

  private savePositionLater(): void {
    if (this.positionTimer) return;
    this.positionTimer = setTimeout(() => {
      this.positionTimer = undefined;
      const position = this.position;
      if (this.stopped || position <= this.savedPosition) return;
      this.repository.savePosition(position).then(
        () => (this.savedPosition = Math.max(this.savedPosition, position)),
        (error: unknown) => this.logger.warn({ err: error }, 'task projection could not save its position'),
      );
    }, POSITION_SAVE_MS);
    this.positionTimer.unref();
  }
}

/**
 * Starts the task projection on the running engine (call once at start-up, before serving
 * requests, on either engine); `stop()` it before closing the engine.
 */
export async function startTaskProjection(options: { database: Database; engine: Engine; logger?: Logger }): Promise<TaskProjection> {
  const projection = new TaskProjection(new TaskRepository(options.database.db), options.engine, options.logger ?? pino({ level: 'silent' }));
  await projection.start();
  return projection;
}
