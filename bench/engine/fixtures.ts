import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Resource } from '../../engine/port';

const FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The diagrams the bench runs, by role; the bpmn-engine copy of (b) is noted where used. */
export const DIAGRAMS = {
  oneTask: 'bench-one-task.bpmn',
  threeTasks: 'bench-three-tasks.bpmn',
  threeTasksForBpmnEngine: 'bench-three-tasks.bpmn-engine.bpmn',
  userTask: 'bench-user-task.bpmn',
  timerWait: 'bench-timer-wait.bpmn',
  timerWaitForBpmnEngine: 'bench-timer-wait.bpmn-engine.bpmn',
  multiInstance: 'bench-multi-instance.bpmn',
  multiInstanceForBpmnEngine: 'bench-multi-instance.bpmn-engine.bpmn',
} as const;

/** Process ids inside those diagrams. */
export const PROCESS = {
  oneTask: 'bench-one-task',
  threeTasks: 'bench-three-tasks',
  userTask: 'bench-user-task',
  timerWait: 'bench-timer-wait',
  multiInstance: 'bench-multi-instance',
} as const;

/** Job types of the service tasks in (a) and (b). */
export const SERVICE_JOB_TYPES = ['bench-work', 'bench-validate', 'bench-enrich', 'bench-score'] as const;

/** Job type of (c)'s multi-instance task: its worker answers `{ result: item * 2 }`. */
export const DOUBLE_JOB_TYPE = 'bench-double';

/** (c)'s input collection for instance `index`, and the output collection it must end with. */
export function itemsOf(index: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => index * count + k);
}
export function expectedResults(items: number[]): number[] {
  return items.map((item) => item * 2);
}

export function readDiagram(name: string): Resource {
  return { name, content: fs.readFileSync(path.join(FOLDER, name), 'utf8') };
}
