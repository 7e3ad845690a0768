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
  /** Instances left waiting at a PT24H timer while case (a) runs again. */
  timers: number;
  timerWindow: number;
  /** Creating the timers stops after this long; the number actually created is printed. */
  timerMaxMs: number;
}

export function sizesFor(quick: boolean): Sizes {
  return quick
    ? { window: 200, warmup: 50, oursTotal: 300, anchorTotal: 300, maxMs: 3_000, pacedPerSecond: 320, pacedMs: 2_000, waiting: 500, anchorWaiting: 500, timers: 2_000, timerWindow: 1_000, timerMaxMs: 20_000 }
    : { window: 200, warmup: 300, oursTotal: 3_000, anchorTotal: 5_000, maxMs: 10_000, pacedPerSecond: 320, pacedMs: 5_000, waiting: 10_000, anchorWaiting: 2_000, timers: 100_000, timerWindow: 1_000, timerMaxMs: 150_000 };
}
