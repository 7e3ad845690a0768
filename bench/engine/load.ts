import { performance } from 'node:perf_hooks';

/** Throughput and start-to-end latency of one load run. */
export interface LoadFigures {
  /** Instances that reached their end. */
  completed: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadPlan {
  /** Most instances to run. */
  total: number;
  /** Instances in flight at once (started, not yet ended). */
  window: number;
  /** No new instance is started after this long; those in flight still finish. */
  maxMs: number;
  /** Runs instance `index` and resolves with its start-to-end latency in ms. */
  run: (index: number) => Promise<number>;
}

/**
 * Runs instances with a bounded in-flight window: `window` lanes each start the next instance as
 * soon as their previous one ended. Throughput counts from the first start to the last end.
 */
export async function driveLoad(plan: LoadPlan): Promise<LoadFigures> {
  const latencies: number[] = [];
  let next = 0;
  const startedAt = performance.now();
  const lane = async () => {
    while (next < plan.total && performance.now() - startedAt < plan.maxMs) {
      latencies.push(await plan.run(next++));
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.window, plan.total) }, lane));
  return summarise(latencies, performance.now() - startedAt);
}

function summarise(latencies: number[], elapsedMs: number): LoadFigures {
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    elapsedMs: Math.round(elapsedMs),
    perSecond: Math.round((latencies.length / elapsedMs) * 1000),
    p50Ms: round1(percentile(latencies, 0.5)),
    p99Ms: round1(percentile(latencies, 0.99)),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export interface PacedPlan {
  /** Instances started per second, whatever the engine does (an open loop). */
  perSecond: number;
  durationMs: number;
  /** Runs instance `index`; resolves when it ended. */
  run: (index: number) => Promise<unknown>;
}

/**
 * Starts instances at a fixed rate and measures each from the moment it was due, so a stalled
 * start counts against the engine (no coordinated omission).
 */
export async function drivePaced(plan: PacedPlan): Promise<LoadFigures> {
  const total = Math.round((plan.perSecond * plan.durationMs) / 1000);
  const latencies: number[] = [];
  const running: Promise<void>[] = [];
  const startedAt = performance.now();
  for (let i = 0; i < total; i++) {
    const due = startedAt + (i * 1000) / plan.perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(plan.run(i).then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(running);
  return summarise(latencies, performance.now() - startedAt);
}
