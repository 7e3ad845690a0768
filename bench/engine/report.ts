import type { AnchorFigures } from './anchor';
import type { LoadFigures } from './load';
import type { MultiInstanceFigures } from './multi-instance';
import type { OursFigures } from './ours';
import type { Sizes } from './sizes';

/** The targets from the issue, printed beside the figures. */
export const TARGETS = {
  durableCaseAPerSecond: 320,
  durableCaseAP99Ms: 200,
  caseBTimesBpmnEngine: 5,
  heapBytesPerWaitingInstance: 20 * 1024,
  pendingTimers: 100_000,
  timersFiredPerSecond: 1_000,
};

export interface EngineBenchResult {
  bench: 'engine';
  quick: boolean;
  node: string;
  cpus: number;
  durationS: number;
  /** 1-minute load average when the bench started and ended (other processes distort the figures). */
  loadAverage: { start: number; end: number };
  sizes: Sizes;
  targets: typeof TARGETS;
  pglite: OursFigures;
  postgres: OursFigures | { label: string; skipped: string };
  bpmnEngine: AnchorFigures;
  notes: string[];
}

type Cell = string;
/** What (d)'s rows read, from our engine or bpmn-engine. */
type FiringLike = { pending: number; fired: number; firedPerSecond: number; lagP50Ms: number; lagP99Ms: number };
const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✓' : ' ✗');
const int = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '—' : Math.round(n).toLocaleString('en-US'));
const kb = (bytes: number | undefined) => (bytes === undefined || Number.isNaN(bytes) ? '—' : `${(bytes / 1024).toFixed(1)} KB`);
const latency = (f: LoadFigures | undefined) => (f ? `${f.p50Ms} / ${f.p99Ms}` : '—');

/** The readable table: one row per figure, one column per engine, the target beside. */
export function renderTable(result: EngineBenchResult): string {
  const ours = [result.pglite, 'skipped' in result.postgres ? undefined : result.postgres];
  const anchor = result.bpmnEngine;
  const ratio = (f: OursFigures | undefined) =>
    f?.caseB && anchor.caseB?.perSecond ? `${(f.caseB.perSecond / anchor.caseB.perSecond).toFixed(1)}×${mark(f.caseB.perSecond / anchor.caseB.perSecond >= TARGETS.caseBTimesBpmnEngine)}` : '—';
  const caseA = (f: OursFigures | undefined) => (f?.caseA ? `${int(f.caseA.perSecond)}${mark(f.caseA.perSecond >= TARGETS.durableCaseAPerSecond)}` : '—');
  const paced = (f: OursFigures | undefined) =>
    f?.caseAPaced ? `${int(f.caseAPaced.perSecond)}/s: ${latency(f.caseAPaced)}${mark(f.caseAPaced.p99Ms <= TARGETS.durableCaseAP99Ms)}` : '—';
  const heap = (bytes: number | undefined, withMark: boolean) => `${kb(bytes)}${withMark && bytes !== undefined ? mark(bytes <= TARGETS.heapBytesPerWaitingInstance) : ''}`;
  const timers = (f: OursFigures | undefined) => (f?.timers ? `${int(f.timers.pending)} in ${(f.timers.createMs / 1000).toFixed(1)} s (${int(f.timers.createPerSecond)}/s)` : '—');
  const withTimers = (f: OursFigures | undefined, pick: (l: LoadFigures) => number) =>
    f?.timers ? `${int(pick(f.timers.caseABefore))} → ${int(pick(f.timers.caseAWith))} (${signedPercent(pick(f.timers.caseAWith), pick(f.timers.caseABefore))})` : '—';
  const waitingN = result.pglite.waiting?.instances ?? result.sizes.waiting;
  const multi = (f: MultiInstanceFigures | undefined) => (f ? `${int(f.perSecond)}${mark(f.wrongResults === 0)}` : '—');
  const jobs = (f: MultiInstanceFigures | undefined) => (f ? `${int(f.jobsPerSecond)}; ${f.wrongResults === 0 ? `${f.completed + f.window}/${f.completed + f.window} ✓` : `${f.wrongResults} wrong ✗`}` : '—');
  const fired = (f: FiringLike | undefined) => (f ? `${int(f.fired)}/${int(f.pending)} at ${int(f.firedPerSecond)}/s${mark(f.fired === f.pending && f.lagP99Ms <= 1000)}` : '—');
  const lag = (f: FiringLike | undefined) => (f ? `${f.lagP50Ms} / ${f.lagP99Ms}` : '—');
  const firing = (f: OursFigures | undefined, pick: (l: LoadFigures) => number) =>
    f?.timers?.firing ? `${int(pick(f.timers.caseAWith))} → ${int(pick(f.timers.firing.caseAFiring))} (${signedPercent(pick(f.timers.firing.caseAFiring), pick(f.timers.caseAWith))})` : '—';
  const firings = [ours[0]?.timers?.firing, ours[1]?.timers?.firing];

  const rows: Cell[][] = [
    ['', result.pglite.label, result.postgres.label, `${anchor.label} ${anchor.version}`, 'target'],
    ['(a) start → 1 service task → end   inst/s', caseA(ours[0]), caseA(ours[1]), int(anchor.caseA?.perSecond), `≥ ${TARGETS.durableCaseAPerSecond} durable`],
    [`    latency p50 / p99 ms (${result.sizes.window} in flight)`, latency(ours[0]?.caseA), latency(ours[1]?.caseA), latency(anchor.caseA), ''],
    [`    started at ${result.sizes.pacedPerSecond}/s: p50 / p99 ms`, paced(ours[0]), paced(ours[1]), '', `p99 ≤ ${TARGETS.durableCaseAP99Ms}`],
    ['(b) 3 service tasks → XOR (FEEL)   inst/s', int(ours[0]?.caseB?.perSecond), int(ours[1]?.caseB?.perSecond), int(anchor.caseB?.perSecond), ''],
    ['    latency p50 / p99 ms', latency(ours[0]?.caseB), latency(ours[1]?.caseB), latency(anchor.caseB), ''],
    ['    (b) ÷ bpmn-engine', ratio(ours[0]), ratio(ours[1]), '1×', `≥ ${TARGETS.caseBTimesBpmnEngine}×`],
    [`(c) parallel multi-instance × ${result.sizes.multiItems}   inst/s`, multi(ours[0]?.multiInstance), multi(ours[1]?.multiInstance), multi(anchor.multiInstance), ''],
    [`    latency p50 / p99 ms (${result.sizes.multiWindow} in flight)`, latency(ours[0]?.multiInstance), latency(ours[1]?.multiInstance), latency(anchor.multiInstance), ''],
    ['    jobs/s; output collections right', jobs(ours[0]?.multiInstance), jobs(ours[1]?.multiInstance), jobs(anchor.multiInstance), ''],
    [`heap per instance waiting at a user task (${int(waitingN)} / ${int(anchor.waiting?.instances)})`, heap(ours[0]?.waiting?.heapBytesPerInstance, true), heap(ours[1]?.waiting?.heapBytesPerInstance, true), heap(anchor.waiting?.heapBytesPerInstance, false), `≤ ${TARGETS.heapBytesPerWaitingInstance / 1024} KB`],
    ['    waiting instances created /s', int(ours[0]?.waiting?.createPerSecond), int(ours[1]?.waiting?.createPerSecond), int(anchor.waiting?.createPerSecond), ''],
    [`restart with them waiting: engine ready ms`, int(ours[0]?.restart?.engineReadyMs), int(ours[1]?.restart?.engineReadyMs), 'n/a (memory)', ''],
    ['    … first user-task job ms', int(ours[0]?.restart?.firstJobMs), int(ours[1]?.restart?.firstJobMs), '', ''],
    ['    database reopened too: ready / first job ms', coldRestart(ours[0]), coldRestart(ours[1]), '', ''],
    ['pending timers (due in 24 h) created', timers(ours[0]), timers(ours[1]), anchor.timers ? `${int(anchor.timers.pending)} (${int(anchor.timers.createPerSecond)}/s)` : '—', `${int(TARGETS.pendingTimers)}`],
    ['    (a) inst/s without → with them', withTimers(ours[0], (l) => l.perSecond), withTimers(ours[1], (l) => l.perSecond), '', ''],
    ['    (a) p99 ms without → with them', withTimers(ours[0], (l) => l.p99Ms), withTimers(ours[1], (l) => l.p99Ms), '', ''],
    [`(d) firing them, clock +1 s per wall s: fired`, fired(firings[0]), fired(firings[1]), fired(anchor.timers), `${int(TARGETS.timersFiredPerSecond)}/s kept up`],
    ['    lag advance → fired p50 / p99 ms', lag(firings[0]), lag(firings[1]), lag(anchor.timers), 'p99 ≤ 1,000'],
    ['    (a) inst/s pending → firing', firing(ours[0], (l) => l.perSecond), firing(ours[1], (l) => l.perSecond), '', ''],
    ['    (a) p99 ms pending → firing', firing(ours[0], (l) => l.p99Ms), firing(ours[1], (l) => l.p99Ms), '', ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: Cell[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const out = [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)];

  if ('skipped' in result.postgres) out.push('', `${result.postgres.label}: skipped — ${result.postgres.skipped}`);
  for (const f of [result.pglite, ours[1], anchor]) if (f?.error) out.push('', `${f.label} FAILED (figures after the failure are missing): ${f.error.split('\n')[0]}`);
  out.push('', ...result.notes.map((n) => `· ${n}`));
  return out.join('\n');
}

function coldRestart(f: OursFigures | undefined): string {
  return f?.restart ? `${int(f.restart.coldReadyMs)} / ${int(f.restart.coldFirstJobMs)}` : '—';
}

function signedPercent(value: number, base: number): string {
  if (!base) return '—';
  const change = ((value - base) / base) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(0)}%`;
}
