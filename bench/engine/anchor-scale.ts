import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BpmnEngineOptions } from 'bpmn-engine';
import { newEngine, parse, type ModdleContext } from './anchor-engine';
import { DIAGRAMS, itemsOf } from './fixtures';
import { driveLoad, percentile, round1 } from './load';
import { resultCheck, withJobRate, type MultiInstanceFigures } from './multi-instance';
import type { Sizes } from './sizes';

type Log = (line: string) => void;

/** bpmn-engine's side of (d): its timers on a virtual clock, fired the way ours are. */
export interface AnchorTimerFigures {
  pending: number;
  createPerSecond: number;
  steps: number;
  fired: number;
  wallMs: number;
  firedPerSecond: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

/**
 * (c) on bpmn-engine: the copy `bench-multi-instance.bpmn-engine.bpmn` loops over
 * `js:collection="${environment.variables.items}"` in parallel; its loop output (one service
 * output per iteration, in index order) stands for Zeebe's output collection.
 */
export async function runMultiInstance(sizes: Sizes, log: Log): Promise<MultiInstanceFigures> {
  const moddleContext = await parse(DIAGRAMS.multiInstanceForBpmnEngine);
  const check = resultCheck();
  const run = (index: number) => {
    const items = itemsOf(index, sizes.multiItems);
    return executeLoop(moddleContext, items, (results) => check.record(items, results));
  };
  await driveLoad({ total: sizes.multiWindow, window: sizes.multiWindow, maxMs: Infinity, run });
  const load = await driveLoad({ total: sizes.multiInstances, window: sizes.multiWindow, maxMs: Infinity, run });
  const figures = withJobRate(load, sizes, check.wrong, check.firstWrong);
  log(`bpmn-engine: case (c) ${figures.completed} × ${figures.items} iterations, ${figures.perSecond}/s, p99 ${figures.p99Ms} ms, ${figures.wrongResults} wrong`);
  return figures;
}

function executeLoop(moddleContext: ModdleContext, items: number[], onResults: (results: unknown) => void): Promise<number> {
  const engine = newEngine(moddleContext);
  const listener = new EventEmitter();
  listener.on('activity.end', (api: { id: string; content: { output?: unknown } }) => {
    if (api.id !== 'Task_Double') return;
    // The loop's output: what each iteration's service called back with, by index.
    const output = api.content.output;
    onResults(Array.isArray(output) ? output.map((entry) => (entry as { result?: unknown } | undefined)?.result) : output);
  });
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    engine.once('end', () => resolve(performance.now() - startedAt));
    engine.once('error', reject);
    engine.execute({ listener, variables: { items } }).catch(reject);
  });
}

interface TimerRef {
  at: number;
  callback: (...args: unknown[]) => void;
  args: unknown[];
}

/**
 * A virtual clock for bpmn-engine's timers (`environment.timers`, its documented seam; it has no
 * clock to move): `setTimeout` only records the due time, `advance` runs what fell due.
 */
class VirtualClock {
  private now = 0;
  private readonly pending = new Set<TimerRef>();

  /**
   * The `timers` of one Engine. Each Engine gets its own: at its end bpmn-engine clears every
   * timer its `timers.executing` lists, which must not take other executions' timers along.
   */
  timersForOneEngine(): BpmnEngineOptions['timers'] {
    const own = new Set<TimerRef>();
    const setTimeout = (callback: TimerRef['callback'], delay: number, ...args: unknown[]) => {
      // Whole virtual seconds: bpmn-elements derives the delay from two readings of the wall
      // clock, so a `PT3S` timer may ask for 3,004 ms under load.
      const ref = { at: Math.round((this.now + delay) / 1000) * 1000, callback, args };
      own.add(ref);
      this.pending.add(ref);
      return ref;
    };
    const clearTimeout = (ref: unknown) => {
      own.delete(ref as TimerRef);
      this.pending.delete(ref as TimerRef);
    };
    const timers = {
      setTimeout,
      clearTimeout,
      get executing() {
        return [...own];
      },
      register: () => ({ setTimeout, clearTimeout }),
    };
    return timers as unknown as BpmnEngineOptions['timers'];
  }

  advance(ms: number): void {
    this.now += ms;
    for (const ref of [...this.pending]) {
      if (ref.at > this.now || !this.pending.delete(ref)) continue;
      ref.callback(...ref.args);
    }
  }
}

/**
 * (d) on bpmn-engine: `sizes.anchorTimers` executions waiting at `PT<n>S` (the copy
 * `bench-timer-wait.bpmn-engine.bpmn`), `timersPerSecond` due per virtual second, the virtual
 * clock moved 1 s per second of wall time; lag = advance → `activity.timeout`.
 */
export async function runTimers(sizes: Sizes, log: Log): Promise<AnchorTimerFigures> {
  const moddleContext = await parse(DIAGRAMS.timerWaitForBpmnEngine);
  const clock = new VirtualClock();
  const steps = Math.ceil(sizes.anchorTimers / sizes.timersPerSecond);
  const advancedAt: number[] = [];
  const lags: number[] = [];
  let lastFiredAt = 0;
  const created = await driveLoad({
    total: sizes.anchorTimers,
    window: sizes.window,
    maxMs: Infinity,
    run: (index) => {
      const step = Math.floor(index / sizes.timersPerSecond) + 1;
      const engine = newEngine(moddleContext, clock.timersForOneEngine());
      const listener = new EventEmitter();
      listener.on('activity.timeout', () => {
        lastFiredAt = performance.now();
        lags.push(lastFiredAt - advancedAt[step]!);
      });
      const startedAt = performance.now();
      return new Promise<number>((resolve, reject) => {
        listener.once('activity.timer', () => resolve(performance.now() - startedAt));
        engine.once('error', reject);
        engine.execute({ listener, variables: { wait: `PT${step}S` } }).catch(reject);
      });
    },
  });
  const startedAt = performance.now();
  for (let step = 1; step <= steps; step++) {
    const wait = startedAt + (step - 1) * 1000 - performance.now();
    if (wait > 1) await sleep(wait);
    advancedAt[step] = performance.now();
    clock.advance(1000);
  }
  for (let waited = 0; lags.length < created.completed && waited < 10_000; waited += 50) await sleep(50);
  lags.sort((a, b) => a - b);
  const wallMs = lastFiredAt - startedAt;
  const figures = {
    pending: created.completed,
    createPerSecond: created.perSecond,
    steps,
    fired: lags.length,
    wallMs: Math.round(wallMs),
    firedPerSecond: Math.round((lags.length * 1000) / wallMs),
    lagP50Ms: round1(percentile(lags, 0.5)),
    lagP99Ms: round1(percentile(lags, 0.99)),
    lagMaxMs: round1(lags.at(-1) ?? NaN),
  };
  log(`bpmn-engine: ${figures.fired}/${figures.pending} timers fired in ${steps} steps, lag p50 ${figures.lagP50Ms} ms, p99 ${figures.lagP99Ms} ms`);
  return figures;
}
