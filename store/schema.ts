import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Engine tables. Keys are Zeebe-style 64-bit keys handed out in blocks (see `engine_meta`);
 * times are epoch milliseconds of the engine clock.
 */

/** Small key/value table: the key allocator's high-water mark and similar engine facts. */
export const engineMeta = pgTable('engine_meta', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

export const deployments = pgTable('deployments', {
  key: bigint('key', { mode: 'number' }).primaryKey(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

/** One row per deployed version of a BPMN process. */
export const processDefinitions = pgTable(
  'process_definitions',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    resourceName: text('resource_name').notNull(),
    checksum: text('checksum').notNull(),
    xml: text('xml').notNull(),
    deploymentKey: bigint('deployment_key', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('process_definitions_id_version').on(t.bpmnProcessId, t.version)],
);

/**
 * A process instance and its whole runtime state (element instances, variables, join counters)
 * as one JSON document, rewritten in the transaction of every command that changes it.
 */
export const processInstances = pgTable(
  'process_instances',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    processDefinitionKey: bigint('process_definition_key', { mode: 'number' }).notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    state: text('state').notNull(),
    runtime: jsonb('runtime').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    endedAt: bigint('ended_at', { mode: 'number' }),
    /** Set for instances started by a call activity. */
    parentProcessInstanceKey: bigint('parent_process_instance_key', { mode: 'number' }),
    parentElementInstanceKey: bigint('parent_element_instance_key', { mode: 'number' }),
    /** Set for instances started by a message start event: one active instance per key and process. */
    startCorrelationKey: text('start_correlation_key'),
  },
  (t) => [
    index('process_instances_state').on(t.state, t.bpmnProcessId),
    index('process_instances_parent').on(t.parentProcessInstanceKey),
    index('process_instances_start_correlation').on(t.bpmnProcessId, t.startCorrelationKey),
  ],
);

/** Jobs waiting for a worker. A completed job is deleted in the completing transaction. */
export const jobs = pgTable(
  'jobs',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    state: text('state').notNull(),
    processInstanceKey: bigint('process_instance_key', { mode: 'number' }).notNull(),
    elementInstanceKey: bigint('element_instance_key', { mode: 'number' }).notNull(),
    elementId: text('element_id').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    processDefinitionKey: bigint('process_definition_key', { mode: 'number' }).notNull(),
    processDefinitionVersion: integer('process_definition_version').notNull(),
    customHeaders: jsonb('custom_headers').notNull(),
    retries: integer('retries').notNull(),
    retryAt: bigint('retry_at', { mode: 'number' }).notNull(),
    errorMessage: text('error_message'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('jobs_activatable').on(t.type, t.state, t.retryAt), index('jobs_instance').on(t.processInstanceKey)],
);

/** Armed timers; the scheduler reads the earliest due ones. */
export const timers = pgTable(
  'timers',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    dueAt: bigint('due_at', { mode: 'number' }).notNull(),
    processInstanceKey: bigint('process_instance_key', { mode: 'number' }).notNull(),
    elementInstanceKey: bigint('element_instance_key', { mode: 'number' }).notNull(),
    elementId: text('element_id').notNull(),
    repetitions: integer('repetitions').notNull(),
    definition: jsonb('definition').notNull(),
    /** Timer start events: the definition whose instances the timer creates (instance keys are 0). */
    processDefinitionKey: bigint('process_definition_key', { mode: 'number' }),
  },
  (t) => [index('timers_due').on(t.dueAt), index('timers_instance').on(t.processInstanceKey)],
);

/** Open message subscriptions of waiting catch events and boundary events. */
export const messageSubscriptions = pgTable(
  'message_subscriptions',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    messageName: text('message_name').notNull(),
    correlationKey: text('correlation_key').notNull(),
    processInstanceKey: bigint('process_instance_key', { mode: 'number' }).notNull(),
    elementInstanceKey: bigint('element_instance_key', { mode: 'number' }).notNull(),
    elementId: text('element_id').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    interrupting: integer('interrupting').notNull(),
    /** Message start events: the definition to instantiate (instance keys are 0, correlation key ''). */
    processDefinitionKey: bigint('process_definition_key', { mode: 'number' }),
  },
  (t) => [index('message_subscriptions_lookup').on(t.messageName, t.correlationKey), index('message_subscriptions_instance').on(t.processInstanceKey)],
);

/** Open signal subscriptions: catch events, boundaries, event sub-process and process start events. */
export const signalSubscriptions = pgTable(
  'signal_subscriptions',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    signalName: text('signal_name').notNull(),
    processInstanceKey: bigint('process_instance_key', { mode: 'number' }).notNull(),
    elementInstanceKey: bigint('element_instance_key', { mode: 'number' }).notNull(),
    elementId: text('element_id').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    processDefinitionKey: bigint('process_definition_key', { mode: 'number' }),
  },
  (t) => [index('signal_subscriptions_name').on(t.signalName), index('signal_subscriptions_instance').on(t.processInstanceKey)],
);

/** Published messages buffered for their time-to-live. */
export const messages = pgTable(
  'messages',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    correlationKey: text('correlation_key').notNull(),
    messageId: text('message_id'),
    variables: jsonb('variables').notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('messages_lookup').on(t.name, t.correlationKey), uniqueIndex('messages_id').on(t.name, t.correlationKey, t.messageId)],
);

/** Which process (by BPMN process id) a buffered message was already correlated to: at most once each. */
export const messageCorrelations = pgTable(
  'message_correlations',
  {
    messageKey: bigint('message_key', { mode: 'number' }).notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageKey, t.bpmnProcessId] })],
);

export const incidents = pgTable(
  'incidents',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    state: text('state').notNull(),
    errorType: text('error_type').notNull(),
    errorMessage: text('error_message').notNull(),
    processInstanceKey: bigint('process_instance_key', { mode: 'number' }).notNull(),
    elementInstanceKey: bigint('element_instance_key', { mode: 'number' }).notNull(),
    elementId: text('element_id').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    jobKey: bigint('job_key', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
  },
  (t) => [index('incidents_state').on(t.state), index('incidents_instance').on(t.processInstanceKey)],
);

/**
 * The append-only engine event log the read model is built from. One row holds a run of
 * consecutive events of one process instance from one committed batch (up to 1,000), so a
 * command costs a row, not a row per event; event positions are `position * 1000 + index`.
 */
export const engineEventLog = pgTable(
  'engine_event_log',
  {
    position: bigserial('position', { mode: 'number' }).primaryKey(),
    timestamp: bigint('timestamp', { mode: 'number' }).notNull(),
    processInstanceKey: bigint('process_instance_key', { mode: 'number' }),
    bpmnProcessId: text('bpmn_process_id'),
    /** [{ type, elementInstanceKey?, elementId?, payload }] in order. */
    events: jsonb('events').notNull(),
  },
  (t) => [index('engine_event_log_instance').on(t.processInstanceKey)],
);

/** Deployed DMN resources (decision requirements graphs), versioned by their definitions id. */
export const decisionRequirements = pgTable(
  'decision_requirements',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    decisionRequirementsId: text('decision_requirements_id').notNull(),
    version: integer('version').notNull(),
    resourceName: text('resource_name').notNull(),
    checksum: text('checksum').notNull(),
    xml: text('xml').notNull(),
    deploymentKey: bigint('deployment_key', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('decision_requirements_id_version').on(t.decisionRequirementsId, t.version)],
);

/** The decisions of each deployed DMN resource; a business rule task calls the latest version of a decision id. */
export const decisionDefinitions = pgTable(
  'decision_definitions',
  {
    key: bigint('key', { mode: 'number' }).primaryKey(),
    decisionId: text('decision_id').notNull(),
    name: text('name'),
    version: integer('version').notNull(),
    decisionRequirementsKey: bigint('decision_requirements_key', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('decision_definitions_id_version').on(t.decisionId, t.version)],
);

/**
 * Administrator corrections to the working-day calendar (`calendar/`): a date declared a holiday
 * or an official make-up workday (调休), winning over the bundled `chinese-days` data — e.g. next
 * year's State Council notice entered before the package is updated.
 */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    /** 'YYYY-MM-DD' in China Standard Time. */
    date: text('date').primaryKey(),
    kind: text('kind', { enum: ['workday', 'holiday'] }).notNull(),
    name: text('name').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [check('calendar_overrides_kind', sql`${t.kind} in ('workday', 'holiday')`)],
);

/**
 * In-app notifications (`workers/notify`, channel `in-app`): what a user sees in the task inbox.
 * `jobKey` is the notify job that wrote the row (decimal string, as the engine port carries keys).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** A user id. */
    recipient: text('recipient').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    readAt: bigint('read_at', { mode: 'number' }),
    jobKey: text('job_key').notNull(),
  },
  (t) => [index('notifications_recipient').on(t.recipient, t.createdAt)],
);

/**
 * One row per notification sent by a notify job to one recipient on one channel, written after
 * the send succeeded: a retried job skips every recipient listed here.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    jobKey: text('job_key').notNull(),
    channel: text('channel', { enum: ['email', 'in-app', 'webhook'] }).notNull(),
    recipient: text('recipient').notNull(),
    deliveredAt: bigint('delivered_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobKey, t.channel, t.recipient] })],
);

/**
 * Electronic signatures of the sign-off worker (`workers/sign-off`): the signer's decision over
 * the SHA-256 of one exact document version, signed with the server's Ed25519 key. `signature`
 * (base64) covers the canonical JSON of document id, version, content hash, signer, role,
 * decision and signing time; `keyId` names the key. One row per sign-off job (`jobKey`), so a
 * retried job returns the signature it already made.
 */
export const signatures = pgTable(
  'signatures',
  {
    id: text('id').primaryKey(),
    jobKey: text('job_key').notNull(),
    documentId: text('document_id').notNull(),
    version: integer('version').notNull(),
    /** Lowercase hex digest of the exact document text (UTF-8): SHA-256, or SM3 for `sm2-sm3`. */
    contentHash: text('content_hash').notNull(),
    /** A user id. */
    signer: text('signer').notNull(),
    role: text('role').notNull(),
    decision: text('decision', { enum: ['approve', 'reject'] }).notNull(),
    signedAt: bigint('signed_at', { mode: 'number' }).notNull(),
    signature: text('signature').notNull(),
    /** Hex SHA-256 of the signing key's public key (SPKI DER). */
    keyId: text('key_id').notNull(),
    /** `ed25519`, or `sm2-sm3` (SM2 signature, SM3 digests). */
    algorithm: text('algorithm', { enum: ['ed25519', 'sm2-sm3'] }).notNull().default('ed25519'),
  },
  (t) => [
    uniqueIndex('signatures_job_key').on(t.jobKey),
    index('signatures_document_version').on(t.documentId, t.version),
    check('signatures_decision', sql`${t.decision} in ('approve', 'reject')`),
  ],
);

export * from './schema.access';
export * from './schema.records';
export * from './schema.forms';
export * from './schema.zeebe';
