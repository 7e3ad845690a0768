import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROCESS } from './fixtures';
import { driveLoad, percentile, round1, type LoadFigures } from './load';
import type { EngineSession } from './session';
import type { Sizes } from './sizes';

/** Timers made due by the clock in steps of 1 s of engine time, one step per second of wall time. */
export interface TimerFiringFigures {
  pending: number;
  steps: number;
  fired: number;
  /** First advance → last `timer.triggered`. */
  wallMs: number;
  firedPerSecond: number;
  /** Wall-clock ms from the advance that made a timer due to its `timer.triggered` event. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Case (a), run while the first steps fire. */
  caseAFiring: LoadFigures;
}

/** Due times of the pending timers: timer `index` falls due `(index + 1) / perSecond` s after `base`. */
export function dueAtOf(base: number, index: number, perSecond: number): number {
  return base + Math.round(((index + 1) * 1000) / perSecond);
}

type Log = (line: string) => void;
/** After the last step, timers still not fired after this long are counted as missing. */
const DRAIN_MS = 60_000;

/**
 * Pins the engine clock at `base`, then moves it 1 s per second of wall time until every pending
 * timer is due, running case (a) at the same time.
 */
export async function fireTimers(session: EngineSession, pending: number, base: number, sizes: Sizes, log: Log): Promise<TimerFiringFigures> {
  const steps = Math.ceil(pending / sizes.timersPerSecond);
  const advancedAt: number[] = [];
  const lags: number[] = [];
  let lastFiredAt = 0;
  let allFired: () => void = () => undefined;
  const everyTimer = new Promise<void>((resolve) => (allFired = resolve));
  const off = session.engine.onEvent((event) => {
    if (event.type !== 'timer.triggered' || event.bpmnProcessId !== PROCESS.timerWait) return;
    lastFiredAt = performance.now();
    const step = Math.ceil((Number(event.payload.dueAt) - base) / 1000);
    lags.push(lastFiredAt - (advancedAt[step] ?? lastFiredAt));
    if (lags.length === pending) allFired();
  });
  try {
    session.clock.pin(base);
    const startedAt = performance.now();
    const caseA = driveLoad({ total: sizes.oursTotal, window: sizes.window, maxMs: sizes.maxMs, run: () => session.runToEnd(PROCESS.oneTask) });
    for (let step = 1; step <= steps; step++) {
      const wait = startedAt + (step - 1) * 1000 - performance.now();
      if (wait > 1) await sleep(wait);
      advancedAt[step] = performance.now();
      session.clock.advance(1000);
    }
    const caseAFiring = await caseA;
    const drain = new AbortController();
    await Promise.race([everyTimer, sleep(DRAIN_MS, undefined, { signal: drain.signal }).catch(() => undefined)]);
    drain.abort();
    lags.sort((a, b) => a - b);
    const wallMs = lastFiredAt - startedAt;
    const figures = {
      pending,
      steps,
      fired: lags.length,
      wallMs: Math.round(wallMs),
      firedPerSecond: Math.round((lags.length * 1000) / wallMs),
      lagP50Ms: round1(percentile(lags, 0.5)),
      lagP99Ms: round1(percentile(lags, 0.99)),
      lagMaxMs: round1(lags.at(-1) ?? NaN),
      caseAFiring,
    };
    log(`${session.target.label}: ${figures.fired}/${pending} timers fired in ${steps} steps, ${figures.firedPerSecond}/s, lag p50 ${figures.lagP50Ms} ms, p99 ${figures.lagP99Ms} ms; (a) meanwhile ${caseAFiring.perSecond}/s, p99 ${caseAFiring.p99Ms} ms`);
    return figures;
  } finally {
    off();
  }
}
