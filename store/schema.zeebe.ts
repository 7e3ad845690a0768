import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * What the app observed of a Zeebe cluster (ENGINE=zeebe), written by `engine/zeebe/observer.ts`
 * from the adapter's events. Zeebe shows its full state only to exporters (Operate); these tables
 * hold what this app caused or saw: instances it started, jobs its workers and the inbox finished,
 * incidents its workers raised. Keys are Zeebe's as decimal text (they can exceed 2^53). Times are
 * epoch ms of the app's clock when it observed the fact. Empty on the embedded engine.
 */

/** One row per instance the app started, or first met through one of its jobs. */
export const zeebeInstances = pgTable(
  'zeebe_instances',
  {
    processInstanceKey: text('process_instance_key').primaryKey(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    processDefinitionKey: text('process_definition_key').notNull(),
    /** true: created by this app's createProcessInstance; false: first met through a job (a timer, message or call activity started it). */
    startedHere: boolean('started_here').notNull(),
    /** The variables as last seen: the start variables, then each bridged user task's snapshot. */
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull(),
    draftingDept: text('drafting_dept'),
    documentTitle: text('document_title'),
    /** `TERMINATED` once cancelled through this app; null while the app saw nothing end it. */
    endState: text('end_state'),
    /** When it was started here, or first met. */
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    endedAt: bigint('ended_at', { mode: 'number' }),
  },
  (t) => [
    index('zeebe_instances_created').on(t.createdAt, t.processInstanceKey),
    index('zeebe_instances_process').on(t.bpmnProcessId, t.createdAt),
    index('zeebe_instances_dept').on(t.draftingDept, t.createdAt),
  ],
);

/** The per-instance history the app saw: one row per observed event, in the order observed. */
export const zeebeObservations = pgTable(
  'zeebe_observations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    processInstanceKey: text('process_instance_key').notNull(),
    /** An engine event type: `processInstance.created`, `job.completed`, `userTask.created`, `incident.created`... */
    type: text('type').notNull(),
    elementInstanceKey: text('element_instance_key'),
    elementId: text('element_id'),
    elementName: text('element_name'),
    jobKey: text('job_key'),
    /** The few facts of the event worth showing (job type, retries, error code and message). */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('zeebe_observations_instance').on(t.processInstanceKey, t.id),
    // the bridge announces an open user task again after every activation timeout: one row per job
    uniqueIndex('zeebe_observations_task_created').on(t.jobKey).where(sql`${t.type} = 'userTask.created'`),
  ],
);

/**
 * Incidents this app's workers raised by failing a job with no retries left (JOB_NO_RETRIES).
 * The broker does not return an incident's key, so a row is known by its job (one active incident
 * per job); `incident_key` is filled when an operator resolves it with the key Operate shows.
 */
export const zeebeIncidents = pgTable(
  'zeebe_incidents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobKey: text('job_key').notNull(),
    incidentKey: text('incident_key'),
    state: text('state', { enum: ['ACTIVE', 'RESOLVED'] }).notNull(),
    errorType: text('error_type').notNull(),
    errorMessage: text('error_message').notNull(),
    processInstanceKey: text('process_instance_key').notNull(),
    elementInstanceKey: text('element_instance_key').notNull(),
    elementId: text('element_id').notNull(),
    elementName: text('element_name'),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
  },
  (t) => [
    index('zeebe_incidents_state').on(t.state, t.createdAt),
    index('zeebe_incidents_instance').on(t.processInstanceKey),
    uniqueIndex('zeebe_incidents_active_job').on(t.jobKey).where(sql`${t.state} = 'ACTIVE'`),
    check('zeebe_incidents_state_check', sql`${t.state} in ('ACTIVE', 'RESOLVED')`),
  ],
);
