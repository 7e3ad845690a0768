import { performance } from 'node:perf_hooks';
import { USER_TASK_JOB_TYPE } from '../../engine/embedded/model';
import { done, type JobOutcome, type JobWorker } from '../../engine/port';
import type { BenchDatabase } from './databases';
import { PROCESS } from './fixtures';
import { driveLoad, drivePaced, type LoadFigures } from './load';
import { perItem, settledHeap } from './memory';
import { runMultiInstance, type MultiInstanceFigures } from './multi-instance';
import { EngineSession } from './session';
import type { Sizes } from './sizes';
import { dueAtOf, fireTimers, type TimerFiringFigures } from './timer-firing';

export interface WaitingFigures {
  instances: number;
  createPerSecond: number;
  heapBytesPerInstance: number;
}

export interface RestartFigures {
  /** Jobs of the user-task type waiting in the database at restart. */
  waitingJobs: number;
  /** Same database handle: `EmbeddedEngine.start` until it resolved, and until a worker got its first job. */
  engineReadyMs: number;
  firstJobMs: number;
  /** Database closed and opened again (migrations checked) before the engine starts: a process restart. */
  coldReadyMs: number;
  coldFirstJobMs: number;
}

export interface TimerFigures {
  requested: number;
  pending: number;
  createMs: number;
  createPerSecond: number;
  /** Case (a) on the same database right before the timers were created, and with them pending. */
  caseABefore: LoadFigures;
  caseAWith: LoadFigures;
  /** Engine time (epoch ms) the due times count from: timer i is due `(i + 1) / timersPerSecond` s after it. */
  base: number;
  /** (d): the same timers fired by advancing the engine clock, with (a) running meanwhile. */
  firing?: TimerFiringFigures;
}

export interface OursFigures {
  label: string;
  caseA?: LoadFigures;
  /** Case (a) started at `sizes.pacedPerSecond` (open loop): the latency the durable target is about. */
  caseAPaced?: LoadFigures & { askedPerSecond: number };
  caseB?: LoadFigures & { ends: Record<string, number> };
  multiInstance?: MultiInstanceFigures;
  waiting?: WaitingFigures;
  restart?: RestartFigures;
  timers?: TimerFigures;
  /** Set when a phase failed; the figures before it stand. */
  error?: string;
}

type Log = (line: string) => void;

/** Every measurement of our engine on one database, in one engine session (figures kept if a phase fails). */
export async function benchOurEngine(target: BenchDatabase, sizes: Sizes, log: Log): Promise<OursFigures> {
  const figures: OursFigures = { label: target.label };
  let session: EngineSession | undefined;
  try {
    log(`${target.label}: opening ${target.location}`);
    session = await EngineSession.open(target);
    session.startServiceWorkers();
    figures.caseA = await runCase(session, 'a', sizes, log);
    figures.caseAPaced = await runPaced(session, sizes, log);
    figures.caseB = await runCaseB(session, sizes, log);
    figures.multiInstance = await runMultiInstance(session, sizes, log);
    figures.waiting = await leaveWaiting(session, sizes, log);
    figures.restart = await measureRestart(session, sizes.waiting, log);
    session.startServiceWorkers();
    figures.timers = await withPendingTimers(session, sizes, log);
    figures.timers.firing = await fireTimers(session, figures.timers.pending, figures.timers.base, sizes, log);
  } catch (error) {
    figures.error = (error as Error).stack ?? String(error);
    log(`${target.label}: FAILED: ${figures.error}`);
  } finally {
    await session?.close().catch((error) => log(`${target.label}: close failed: ${(error as Error).message}`));
  }
  return figures;
}

async function runCase(session: EngineSession, which: 'a' | 'b', sizes: Sizes, log: Log): Promise<LoadFigures> {
  const run = which === 'a' ? () => session.runToEnd(PROCESS.oneTask) : (i: number) => session.runToEnd(PROCESS.threeTasks, { amount: (i * 37) % 201 });
  await driveLoad({ total: sizes.warmup, window: sizes.window, maxMs: sizes.maxMs, run });
  const result = await driveLoad({ total: sizes.oursTotal, window: sizes.window, maxMs: sizes.maxMs, run });
  log(`${session.target.label}: case (${which}) ${result.completed} instances, ${result.perSecond}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
  return result;
}

async function runPaced(session: EngineSession, sizes: Sizes, log: Log): Promise<LoadFigures & { askedPerSecond: number }> {
  const result = await drivePaced({ perSecond: sizes.pacedPerSecond, durationMs: sizes.pacedMs, run: () => session.runToEnd(PROCESS.oneTask) });
  log(`${session.target.label}: case (a) paced at ${sizes.pacedPerSecond}/s: ${result.perSecond}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
  return { ...result, askedPerSecond: sizes.pacedPerSecond };
}

/** Case (b), counting which end event each instance took (the FEEL conditions at work). */
async function runCaseB(session: EngineSession, sizes: Sizes, log: Log): Promise<LoadFigures & { ends: Record<string, number> }> {
  const ends: Record<string, number> = {};
  const off = session.engine.onEvent((event) => {
    if (event.type === 'element.completed' && event.bpmnProcessId === PROCESS.threeTasks && event.elementId?.startsWith('End_')) {
      ends[event.elementId] = (ends[event.elementId] ?? 0) + 1;
    }
  });
  try {
    return { ...(await runCase(session, 'b', sizes, log)), ends };
  } finally {
    off();
  }
}

async function leaveWaiting(session: EngineSession, sizes: Sizes, log: Log): Promise<WaitingFigures> {
  await session.engine.idle();
  const before = await settledHeap();
  const load = await driveLoad({ total: sizes.waiting, window: sizes.window, maxMs: Infinity, run: () => session.startWaiting(PROCESS.userTask) });
  await session.engine.idle();
  const after = await settledHeap();
  const figures = { instances: load.completed, createPerSecond: load.perSecond, heapBytesPerInstance: perItem(before, after, load.completed) };
  log(`${session.target.label}: ${figures.instances} waiting at a user task (${figures.createPerSecond}/s), ${figures.heapBytesPerInstance} B heap each`);
  return figures;
}

async function measureRestart(session: EngineSession, waitingJobs: number, log: Log): Promise<RestartFigures> {
  await session.stopEngine();
  const warm = await bootUntilFirstJob(session, () => session.startEngine());
  await session.stopEngine();
  const cold = await bootUntilFirstJob(session, async () => {
    await session.reopenDatabase();
    await session.startEngine();
  });
  const figures = { waitingJobs, engineReadyMs: warm.readyMs, firstJobMs: warm.firstJobMs, coldReadyMs: cold.readyMs, coldFirstJobMs: cold.firstJobMs };
  log(`${session.target.label}: restart ready ${figures.engineReadyMs} ms, first job ${figures.firstJobMs} ms; cold ${figures.coldReadyMs} / ${figures.coldFirstJobMs} ms`);
  return figures;
}

/** Boots, then registers a user-task worker that holds its jobs (nobody completes a user task here). */
async function bootUntilFirstJob(session: EngineSession, boot: () => Promise<unknown>): Promise<{ readyMs: number; firstJobMs: number }> {
  const startedAt = performance.now();
  await boot();
  const readyMs = performance.now() - startedAt;
  let release: () => void = () => undefined;
  const held = new Promise<JobOutcome>((resolve) => (release = () => resolve(done.fail('bench over', { retries: 1 }))));
  let worker: JobWorker | undefined;
  const firstJobAt = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no user-task job within 60 s of the restart')), 60_000);
    worker = session.engine.createWorker({
      taskType: USER_TASK_JOB_TYPE,
      handler: () => {
        clearTimeout(timer);
        resolve(performance.now());
        return held;
      },
    });
  });
  const closing = worker?.close();
  release();
  await closing;
  return { readyMs: Math.round(readyMs), firstJobMs: Math.round(firstJobAt - startedAt) };
}

/** Timers due a day ahead, `sizes.timersPerSecond` per second of engine time from `base` on. */
async function withPendingTimers(session: EngineSession, sizes: Sizes, log: Log): Promise<TimerFigures> {
  const caseABefore = await runCase(session, 'a', sizes, log);
  const base = session.clock.now() + 24 * 3600_000;
  log(`${session.target.label}: creating ${sizes.timers} instances waiting at a timer due in 24 h, ${sizes.timersPerSecond} due per second…`);
  const created = await driveLoad({
    total: sizes.timers,
    window: sizes.timerWindow,
    maxMs: sizes.timerMaxMs,
    run: (index) => session.startWaiting(PROCESS.timerWait, { dueAt: new Date(dueAtOf(base, index, sizes.timersPerSecond)).toISOString() }),
  });
  await session.engine.idle();
  log(`${session.target.label}: ${created.completed} timers pending after ${created.elapsedMs} ms (${created.perSecond}/s)`);
  const caseAWith = await runCase(session, 'a', sizes, log);
  return { requested: sizes.timers, pending: created.completed, createMs: created.elapsedMs, createPerSecond: created.perSecond, caseABefore, caseAWith, base };
}
