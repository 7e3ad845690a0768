/** How much work each measurement does; `quick` is a smoke run that finishes in about a minute. */
export interface Sizes {
  /** Instances in flight at once during throughput runs. */
  window: number;
  /** Unmeasured instances run first so the JIT and caches are warm. */
  warmup: number;
  /** Instances per throughput run of our engine, and for bpmn-engine. */
  oursTotal: number;
  anchorTotal: number;
  /** A throughput run starts no new instance after this long. */
  maxMs: number;
  /** Case (a) started at a fixed rate (the durable target's rate) for this long. */
  pacedPerSecond: number;
  pacedMs: number;
  /** Instances left waiting at a user task (heap per waiting instance, restart). */
  waiting: number;
  /** The same for bpmn-engine, fewer: about 420 KB each would not fit 10,000 in the default heap. */
  anchorWaiting: number;
  /** Case (c): instances of the parallel multi-instance, items (= jobs) each, instances in flight. */
  multiInstances: number;
  multiItems: number;
  multiWindow: number;
  /** Instances left waiting at a timer (1,000 due per second of engine time) while case (a) runs again, then fired. */
  timers: number;
  timerWindow: number;
  /** Creating the timers stops after this long; the number actually created is printed. */
  timerMaxMs: number;
  /** Timers due per second of engine time; the clock moves 1 s per second of wall time while they fire. */
  timersPerSecond: number;
  /** bpmn-engine's timers, fewer: memory (~420 KB per waiting execution). */
  anchorTimers: number;
}

export function sizesFor(quick: boolean): Sizes {
  return quick
    ? { window: 200, warmup: 50, oursTotal: 300, anchorTotal: 300, maxMs: 3_000, pacedPerSecond: 320, pacedMs: 2_000, waiting: 500, anchorWaiting: 500, multiInstances: 10, multiItems: 100, multiWindow: 5, timers: 5_000, timerWindow: 1_000, timerMaxMs: 20_000, timersPerSecond: 1_000, anchorTimers: 1_000 }
    : { window: 200, warmup: 300, oursTotal: 3_000, anchorTotal: 5_000, maxMs: 10_000, pacedPerSecond: 320, pacedMs: 5_000, waiting: 10_000, anchorWaiting: 2_000, multiInstances: 50, multiItems: 100, multiWindow: 10, timers: 100_000, timerWindow: 1_000, timerMaxMs: 150_000, timersPerSecond: 1_000, anchorTimers: 5_000 };
}
