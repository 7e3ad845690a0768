import type { ApiContext } from './context';
import type { Principal } from '../domain/principal';

/** A completed inbox task as the records see it. */
export interface CompletedTask {
  id: string;
  elementId: string;
  formId: string | null;
  bpmnProcessId: string;
  processInstanceKey: string;
  documentId: string | null;
}

/**
 * Turns what a person submitted in a task's form into the regime's records (meetings, expert
 * opinions, comment dispositions, cleanup classifications, ...). Called by the inbox after the
 * form was validated and before the job is completed; throws a domain error to refuse.
 */
export async function recordFromTask(_ctx: ApiContext, _task: CompletedTask, _variables: Record<string, unknown>, _principal: Principal): Promise<void> {
  // filled in by the records area
}
