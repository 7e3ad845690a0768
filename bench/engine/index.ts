import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../config';
import { benchBpmnEngine } from './anchor';
import { temporaryPglite, temporaryServerDatabase } from './databases';
import { benchOurEngine } from './ours';
import { renderTable, TARGETS, type EngineBenchResult } from './report';
import { WORKER_CAPACITY } from './session';
import { sizesFor, type Sizes } from './sizes';

/** The server the bench creates its throw-away database on (as the tests do). */
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

const log = (line: string) => process.stderr.write(`[bench engine] ${line}\n`);

/**
 * Our embedded engine on PGlite (disk) and on a PostgreSQL server, beside bpmn-engine in memory:
 * throughput and latency of two processes, heap per waiting instance, restart time, and case
 * (a) with many pending timers. Prints a table, then the figures as one JSON line (the last line).
 */
export async function run(options: { quick: boolean }): Promise<void> {
  const sizes = sizesFor(options.quick);
  const startedAt = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const anchorVersion = bpmnEngineVersion();

  const bpmnEngine = await benchBpmnEngine(sizes, anchorVersion, log);

  const pgliteTarget = temporaryPglite();
  const pglite = await benchOurEngine(pgliteTarget, sizes, log).finally(() => pgliteTarget.dispose());

  const serverUrl = loadConfig().TEST_DATABASE_URL ?? DEFAULT_SERVER;
  const serverTarget = await temporaryServerDatabase(serverUrl);
  let postgres: EngineBenchResult['postgres'];
  if ('skipped' in serverTarget) {
    log(`Postgres server: skipped — ${serverTarget.skipped}`);
    postgres = { label: 'Postgres server', skipped: serverTarget.skipped };
  } else {
    postgres = await benchOurEngine(serverTarget, sizes, log).finally(() => serverTarget.dispose());
  }

  const result: EngineBenchResult = {
    bench: 'engine',
    quick: options.quick,
    node: process.version,
    cpus: os.cpus().length,
    durationS: Math.round((performance.now() - startedAt) / 1000),
    loadAverage: { start: round2(loadAtStart), end: round2(os.loadavg()[0]!) },
    sizes,
    targets: TARGETS,
    pglite,
    postgres,
    bpmnEngine,
    notes: [
      `throughput rows: ${sizes.window} instances in flight (closed loop), so their latency is about ${sizes.window} ÷ inst/s (Little's law); the paced row starts (a) at ${sizes.pacedPerSecond}/s for ${sizes.pacedMs / 1000} s and measures each instance from when it was due.`,
      `workers (maxJobsToActivate ${WORKER_CAPACITY}) complete every job at once; latency = createProcessInstance call → processInstance.completed event (bpmn-engine: execute → end); ${sizes.warmup} unmeasured instances first.`,
      `bpmn-engine runs one Engine per execution from a bpmn-moddle tree parsed once (moddleContext); service tasks complete through an extension setting behaviour.Service; (b) uses a copy of the diagram (bench-three-tasks.bpmn-engine.bpmn) whose conditions read \${environment.services.isAbove(environment.variables.amount, 100)}, since its expressions have no operators and ignore FEEL.`,
      `heap = process.memoryUsage().heapUsed after global.gc(), before vs after${fewerAnchorsWaiting(sizes)}; PGlite keeps its pages in WebAssembly memory and the server in its own process, outside that figure; our engine keeps at most 2,000 instances cached.`,
      `(c): ${sizes.multiInstances} instances (${sizes.multiWindow} in flight, as many unmeasured first) of a parallel multi-instance service task over ${sizes.multiItems} items, the worker answering { result: item * 2 }; ✓ when every output collection equals the items doubled, in order. bpmn-engine loops over js:collection in a copy (bench-multi-instance.bpmn-engine.bpmn), its loop output standing for the output collection.`,
      `(d): the pending timers are due ${sizes.timersPerSecond} per second of engine time from 24 h on (timeDate =dueAt); the ControlledClock is pinned there, then advanced 1 s every wall second while (a) runs again; lag = wall ms from each advance to each timer.triggered event (committed); ✓ when every timer fired and p99 lag ≤ 1 s (each step done before the next). bpmn-engine: ${sizes.anchorTimers.toLocaleString('en-US')} executions (memory, ~420 KB each) waiting at PT<n>S on a virtual clock behind its environment.timers, advanced the same way; lag to activity.timeout.`,
      `the timer rows rerun (a) on the same database right before and after the timers were created; machine: ${os.cpus().length} CPUs, Node ${process.version}, 1-min load average ${round2(loadAtStart)} at start, ${round2(os.loadavg()[0]!)} at the end${busy(loadAtStart)}.`,
    ],
  };
  console.log(renderTable(result));
  console.log(JSON.stringify(result));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function busy(loadAtStart: number): string {
  const cpus = os.cpus().length;
  return Math.max(loadAtStart, os.loadavg()[0]!) > cpus ? ` — more runnable processes than CPUs: other work shared the machine, figures are pessimistic and noisy` : '';
}

function fewerAnchorsWaiting(sizes: Sizes): string {
  if (sizes.anchorWaiting >= sizes.waiting) return '';
  const count = (n: number) => n.toLocaleString('en-US');
  return `; bpmn-engine with ${count(sizes.anchorWaiting)} executions, not ${count(sizes.waiting)}: at ~420 KB each, ${count(sizes.waiting)} would need ~${((sizes.waiting * 420) / 1e6).toFixed(1)} GB, about the whole default heap (the per-execution figure is flat from 500 to 3,000)`;
}

function bpmnEngineVersion(): string {
  const entry = createRequire(import.meta.url).resolve('bpmn-engine');
  const manifest = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}node_modules${path.sep}bpmn-engine`)), 'node_modules', 'bpmn-engine', 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}
