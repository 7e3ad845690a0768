import type { Logger } from 'pino';
import type { EngineEvent, EngineEventListener } from '../port';

/**
 * The events the Zeebe adapter can report. Zeebe keeps its log inside the broker and shows it
 * only to exporters (Operate, Elasticsearch, OpenSearch); a gRPC client sees the answers to its own
 * commands and the jobs it activates. So this adapter reports what this process caused or saw:
 *
 * | event                        | emitted when                                                          |
 * |------------------------------|-----------------------------------------------------------------------|
 * | `deployment.created`         | `deployResources` was accepted                                        |
 * | `processInstance.created`    | `createProcessInstance` was accepted, with the start `variables` (instances started by messages, timers, signals or call activities are not seen) |
 * | `processInstance.terminated` | `cancelProcessInstance` was accepted                                  |
 * | `message.published`          | `publishMessage` was accepted (whether it correlated is not known)    |
 * | `signal.broadcast`           | `broadcastSignal` was accepted                                        |
 * | `variables.updated`          | `setVariables` was accepted                                           |
 * | `job.completed` / `job.failed` / `job.errorThrown` | our worker or our call completed, failed or threw on a job and the gateway accepted it |
 * | `incident.created`           | our `failJob` left the job with 0 retries (Zeebe raises a JOB_NO_RETRIES incident; its key is not returned, so the payload carries `jobKey`, `elementName` and no `incidentKey`) |
 * | `incident.resolved`          | `resolveIncident` was accepted                                        |
 * | `userTask.created`           | the user-task bridge activated an `io.camunda.zeebe:userTask` job (again after each activation timeout: consumers upsert by `jobKey`); payload as the embedded engine's: `name` (from the deployed diagram, else the element id), `processDefinitionKey`, `customHeaders`, `variables`, plus `deadline` |
 * | `userTask.completed`         | `completeJob` was accepted for a job the bridge activated             |
 * | `userTask.canceled`          | completing a bridged job was rejected NOT_FOUND (its element was terminated meanwhile) |
 *
 * Never emitted on Zeebe: `processInstance.completed`, `element.*`, `job.created`, `job.canceled`,
 * `message.correlated`, `message.expired`, `timer.triggered`, `decision.evaluated`, and incidents the
 * broker raises itself (expression errors, unhandled BPMN errors, failed call activities).
 * Events of a job this process activated also carry `processDefinitionKey` and `processDefinitionVersion`.
 * Element names come from the diagrams the adapter deployed, else from `definitionXml` (the catalogue
 * of definitions deployed through the app); a definition deployed by another tool has none.
 * Positions are a per-process sequence, not broker log positions: they order events within one
 * adapter instance and cannot be used to resume after a restart.
 */
export class ZeebeEventStream {
  private readonly listeners = new Set<EngineEventListener>();
  private position = 0;

  constructor(private readonly logger: Logger) {}

  /** Hands one event to every listener; a failing listener is logged and does not stop the others. */
  emit(event: Omit<EngineEvent, 'position' | 'timestamp'>): void {
    const stamped: EngineEvent = { ...event, position: ++this.position, timestamp: Date.now() };
    for (const listener of this.listeners) {
      try {
        listener(stamped);
      } catch (error) {
        this.logger.error({ err: error, event: stamped.type }, 'engine event listener failed');
      }
    }
  }

  subscribe(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
