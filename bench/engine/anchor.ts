import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Engine } from 'bpmn-engine';
import { newEngine, parse, type ModdleContext } from './anchor-engine';
import { runMultiInstance, runTimers, type AnchorTimerFigures } from './anchor-scale';
import { DIAGRAMS } from './fixtures';
import { driveLoad, type LoadFigures } from './load';
import { perItem, settledHeap } from './memory';
import type { MultiInstanceFigures } from './multi-instance';
import type { Sizes } from './sizes';

export interface AnchorFigures {
  label: string;
  version: string;
  caseA?: LoadFigures;
  caseB?: LoadFigures & { ends: Record<string, number> };
  multiInstance?: MultiInstanceFigures;
  waiting?: { instances: number; createPerSecond: number; heapBytesPerInstance: number };
  timers?: AnchorTimerFigures;
  error?: string;
}

type Log = (line: string) => void;
/**
 * bpmn-engine in memory, the anchor: one `Engine` per execution (its model), each diagram
 * parsed once with bpmn-moddle and handed over as `moddleContext`.
 */
export async function benchBpmnEngine(sizes: Sizes, version: string, log: Log): Promise<AnchorFigures> {
  const figures: AnchorFigures = { label: 'bpmn-engine (memory)', version };
  try {
    const oneTask = await parse(DIAGRAMS.oneTask);
    const threeTasks = await parse(DIAGRAMS.threeTasksForBpmnEngine);
    const userTask = await parse(DIAGRAMS.userTask);

    figures.caseA = await runCase(oneTask, () => ({}), sizes);
    log(`bpmn-engine: case (a) ${figures.caseA.completed} instances, ${figures.caseA.perSecond}/s, p99 ${figures.caseA.p99Ms} ms`);
    const ends: Record<string, number> = {};
    const caseB = await runCase(threeTasks, (i) => ({ amount: (i * 37) % 201 }), sizes, (endId) => (ends[endId] = (ends[endId] ?? 0) + 1));
    figures.caseB = { ...caseB, ends };
    log(`bpmn-engine: case (b) ${caseB.completed} instances, ${caseB.perSecond}/s, p99 ${caseB.p99Ms} ms`);
    figures.multiInstance = await runMultiInstance(sizes, log);
    figures.waiting = await leaveWaiting(userTask, sizes);
    log(`bpmn-engine: ${figures.waiting.instances} executions waiting at a user task, ${figures.waiting.heapBytesPerInstance} B heap each`);
    figures.timers = await runTimers(sizes, log);
  } catch (error) {
    figures.error = (error as Error).stack ?? String(error);
    log(`bpmn-engine: FAILED: ${figures.error}`);
  }
  return figures;
}

/** Executes one instance; resolves with ms from `execute` to the engine's `end`. */
function execute(moddleContext: ModdleContext, variables: Record<string, unknown>, onEnd?: (endEventId: string) => void): Promise<number> {
  const engine = newEngine(moddleContext);
  const listener = new EventEmitter();
  if (onEnd) listener.on('activity.end', (api: { type: string; id: string }) => api.type === 'bpmn:EndEvent' && onEnd(api.id));
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    engine.once('end', () => resolve(performance.now() - startedAt));
    engine.once('error', reject);
    engine.execute({ listener, variables }).catch(reject);
  });
}

async function runCase(
  moddleContext: ModdleContext,
  variablesOf: (index: number) => Record<string, unknown>,
  sizes: Sizes,
  onEnd?: (endEventId: string) => void,
): Promise<LoadFigures> {
  const run = (i: number) => execute(moddleContext, variablesOf(i));
  await driveLoad({ total: sizes.warmup, window: sizes.window, maxMs: sizes.maxMs, run });
  return driveLoad({ total: sizes.anchorTotal, window: sizes.window, maxMs: sizes.maxMs, run: (i) => execute(moddleContext, variablesOf(i), onEnd) });
}

/** Executions parked at a user task (bpmn-engine's `wait`), state kept in memory by their engines. */
async function leaveWaiting(moddleContext: ModdleContext, sizes: Sizes): Promise<AnchorFigures['waiting'] & object> {
  const parked: Engine[] = [];
  const before = await settledHeap();
  const load = await driveLoad({
    total: sizes.anchorWaiting,
    window: sizes.window,
    maxMs: Infinity,
    run: () => {
      const engine = newEngine(moddleContext);
      parked.push(engine);
      const listener = new EventEmitter();
      const startedAt = performance.now();
      return new Promise<number>((resolve, reject) => {
        listener.once('wait', () => resolve(performance.now() - startedAt));
        engine.once('error', reject);
        engine.execute({ listener }).catch(reject);
      });
    },
  });
  const after = await settledHeap();
  return { instances: parked.length, createPerSecond: load.perSecond, heapBytesPerInstance: perItem(before, after, parked.length) };
}
