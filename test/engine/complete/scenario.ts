import fs from 'node:fs';
import path from 'node:path';
import type { EngineEvent, EngineEventType } from '../../../engine/port';
import type { TestEngine } from '../../support/engine-harness';

/** The diagrams of these specs, beside them. */
export const COMPLETE_FIXTURES = path.resolve(process.cwd(), 'test/engine/complete/fixtures');

/** Deploys fixtures from test/engine/complete/fixtures by file name, in one deployment. */
export function deployFixtures(t: TestEngine, ...files: string[]) {
  return t.engine.deployResources(files.map((name) => ({ name, content: fs.readFileSync(path.join(COMPLETE_FIXTURES, name), 'utf8') })));
}

/** Lets the scheduler and workers react and the processor drain, so that "nothing happened" can be asserted. */
export const settle = (t: TestEngine, ms = 200) => new Promise((resolve) => setTimeout(resolve, ms)).then(() => t.engine.idle());

/** Starts an instance of the latest version and returns its key. */
export async function start(t: TestEngine, bpmnProcessId: string, variables = {}): Promise<string> {
  return (await t.engine.createProcessInstance({ bpmnProcessId, variables })).processInstanceKey;
}

export const completed = (t: TestEngine, processInstanceKey: string) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

/** Events of one instance as `type elementId`. */
export const trail = (t: TestEngine, processInstanceKey: string) => t.events.filter((e) => e.processInstanceKey === processInstanceKey).map((e) => `${e.type} ${e.elementId}`);

/** Events of one type for one element (any instance). */
export const eventsOf = (t: TestEngine, type: EngineEventType, elementId?: string): EngineEvent[] => t.events.filter((e) => e.type === type && (elementId === undefined || e.elementId === elementId));

/** The key of the first job created for `elementId` (in the given instance, or any), waiting for it. */
export async function jobKeyOf(t: TestEngine, elementId: string, processInstanceKey?: string): Promise<string> {
  const event = await t.waitFor('job.created', (e) => e.elementId === elementId && (processInstanceKey === undefined || e.processInstanceKey === processInstanceKey));
  return event.payload.jobKey as string;
}

/** Element ids active in an instance, sorted. */
export async function activeElements(t: TestEngine, processInstanceKey: string): Promise<string[]> {
  return ((await t.engine.getProcessInstance(processInstanceKey))?.elementInstances ?? []).map((e) => e.elementId).sort();
}

/** The child process instances a parent's call activities started. */
export const childrenOf = (t: TestEngine, parentKey: string) =>
  t.events.filter((e) => e.type === 'processInstance.created' && e.payload.parentProcessInstanceKey === parentKey).map((e) => e.processInstanceKey!);
