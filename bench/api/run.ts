/**
 * `npm run bench -- api` (or `npx tsx bench/api/run.ts`): the inbox API at 1,000,000 tasks. For
 * PGlite (disk) and a PostgreSQL server: seed the `tasks` table in bulk, start the real app on the
 * real embedded engine, then send concurrent requests to the task list (my groups, mine, an office's
 * groups, overdue for overseers) and the overdue view, beside `GET /healthz` as the anchor of the same
 * run (HTTP, JSON, one `select 1`). Prints a table, then every figure as one JSON object on the last line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { createApp } from '../../api/app';
import { TokenService } from '../../api/tokens';
import { CalendarRepository } from '../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../calendar/working-days';
import { loadConfig } from '../../config';
import { ContactCipher } from '../../domain/contact-cipher';
import type { Role } from '../../domain/principal';
import { ControlledClock } from '../../engine/clock';
import { EmbeddedEngine } from '../../engine/embedded';
import { AuditRepository } from '../../store/audit.repository';
import { queryRows } from '../../store/database';
import { temporaryPglite, temporaryServerDatabase, type BenchDatabase } from '../engine/databases';
import { measure, measureInChild, type LoadFigures } from './load';
import { SEED_SHAPE, seedTasks } from './seed';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';
/** The engine clock of the run: the seed's open tasks are due around it. */
const NOW = Date.UTC(2026, 10, 27, 1, 0, 0);
const TARGET_P95_MS = 50;

const log = (line: string) => process.stderr.write(`[bench api] ${line}\n`);

interface Scenario {
  name: string;
  path: string;
  user: { id: string; roles: Role[]; departmentId: string | null };
  accept?: string;
  /** Unmeasured requests first when fewer than the run's (a slow row would spend minutes warming up). */
  warmup?: number;
  /** Shown for scale, not held against the target (the target names the task list and the overdue view). */
  untargeted?: boolean;
}

/** A clerk of dept-07 (the seed's user-7 also holds some assigned tasks). */
const drafter = { id: 'user-7', roles: ['drafting-dept'] as Role[], departmentId: 'dept-07' };
const office = { id: 'office-1', roles: ['general-office'] as Role[], departmentId: 'general-office' };
const supervisor = { id: 'supervisor-1', roles: ['supervisor'] as Role[], departmentId: null };
const SCENARIOS: Scenario[] = [
  { name: 'GET /healthz (anchor)', path: '/healthz', user: drafter },
  { name: 'tasks: mine + my groups (dept clerk)', path: '/api/tasks', user: drafter },
  { name: 'tasks: filter=mine (busiest assignee)', path: '/api/tasks?filter=mine', user: drafter },
  { name: 'tasks: filter=groups (General Office)', path: '/api/tasks?filter=groups', user: office },
  { name: 'tasks: filter=all&overdue=true', path: '/api/tasks?filter=all&overdue=true', user: supervisor },
  // history: closed tasks too (task_candidates keeps every task since migration 0015)
  { name: 'tasks: filter=groups&state=ALL (GO history)', path: '/api/tasks?filter=groups&state=ALL', user: office },
  { name: 'tasks: state=COMPLETED (dept clerk history)', path: '/api/tasks?state=COMPLETED', user: drafter },
  { name: 'supervision/overdue?pageSize=50', path: '/api/supervision/overdue?pageSize=50', user: supervisor },
  { name: 'supervision/overdue?department=dept-07', path: '/api/supervision/overdue?department=dept-07', user: supervisor },
  // what the supervision page loads first: open / overdue now by department and stage, and per day for 30 days
  { name: 'supervision/stats?days=30', path: '/api/supervision/stats?days=30', user: supervisor, warmup: 8, untargeted: true },
];

interface Sizes {
  tasks: number;
  concurrency: number;
  durationMs: number;
  warmup: number;
  /** BENCH_API_CLIENTS=inline: the clients on the server's own thread (how the bench ran before 2026-11-27). */
  clientsInline: boolean;
}

interface ScenarioFigures extends LoadFigures {
  name: string;
  path: string;
  /** What the first answer held: items on the page and the total, as a check that the query finds rows. */
  items?: number;
  total?: number;
  totalIsLowerBound?: boolean;
}

interface TargetFigures {
  label: string;
  seed?: { rows: number; seconds: number; rowsPerSecond: number };
  scenarios?: ScenarioFigures[];
  statsMs?: number;
  skipped?: string;
}

/** Runs every scenario against one database. */
async function benchTarget(target: BenchDatabase, sizes: Sizes): Promise<TargetFigures> {
  log(`${target.label}: ${target.location}`);
  const database = await target.open();
  const clock = new ControlledClock();
  clock.pin(NOW);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
  let engine: EmbeddedEngine | undefined;
  let server: ReturnType<ReturnType<typeof createApp>['listen']> | undefined;
  try {
    const seed = await seedTasks(database, sizes.tasks, NOW, (line) => log(`${target.label}: ${line}`));
    engine = await EmbeddedEngine.start({ database, clock });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', DATA_DIR: dataDir, JWT_SECRET: crypto.randomBytes(32).toString('hex') });
    const tokens = TokenService.fromConfig(config);
    const ctx = {
      config,
      database,
      engine,
      engineKind: 'embedded' as const,
      clock,
      calendar: await WorkingDayCalendar.load(new CalendarRepository(database.db)),
      tokens,
      audit: new AuditRepository(database.db, () => clock.now()),
      contacts: new ContactCipher(crypto.randomBytes(32)),
      logger: pino({ level: 'silent' }),
    };
    const app = createApp(ctx);
    server = await new Promise<NonNullable<typeof server>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    // filter=mine asks as the user with the most open tasks assigned
    const [busiest] = await queryRows<{ assignee: string }>(
      database.db,
      sql`select assignee from tasks where state = 'CREATED' and assignee is not null group by assignee order by count(*) desc, assignee limit 1`,
    );
    const userOf = (scenario: Scenario) => (scenario.path.includes('filter=mine') && busiest ? { ...scenario.user, id: busiest.assignee } : scenario.user);
    const run = async (scenarios: Scenario[]) => {
      const figures: ScenarioFigures[] = [];
      for (const scenario of scenarios) {
        const user = userOf(scenario);
        const token = tokens.signAccess({ id: user.id, username: user.id, name: user.id, roles: user.roles, departmentId: user.departmentId });
        const first = await fetch(`http://127.0.0.1:${port}${scenario.path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await first.json()) as { items?: unknown[]; total?: number; totalIsLowerBound?: boolean };
        if (!first.ok) throw new Error(`${scenario.path} answered ${first.status}: ${JSON.stringify(body)}`);
        const load = await (sizes.clientsInline ? measure : measureInChild)({ port, path: scenario.path, token, accept: scenario.accept, concurrency: sizes.concurrency, durationMs: sizes.durationMs, warmup: Math.min(sizes.warmup, scenario.warmup ?? sizes.warmup) });
        figures.push({ name: scenario.name, path: scenario.path, ...load, items: body.items?.length, total: body.total, totalIsLowerBound: body.totalIsLowerBound });
        log(`${target.label}: ${scenario.name}: p50 ${load.p50Ms} / p95 ${load.p95Ms} / p99 ${load.p99Ms} ms, ${load.perSecond} req/s`);
      }
      return figures;
    };
    const scenarios = await run(SCENARIOS);
    const statsToken = tokens.signAccess({ id: supervisor.id, username: supervisor.id, name: supervisor.id, roles: supervisor.roles, departmentId: null });
    const statsStarted = performance.now();
    const stats = await fetch(`http://127.0.0.1:${port}/api/supervision/stats?days=30`, { headers: { authorization: `Bearer ${statsToken}` } });
    await stats.arrayBuffer();
    const statsMs = Math.round(performance.now() - statsStarted);
    return { label: target.label, seed, scenarios, statsMs };
  } finally {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await engine?.close();
    await database.close();
    await target.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const targeted = (f: ScenarioFigures) => f.path !== '/healthz' && !SCENARIOS.find((s) => s.path === f.path)?.untargeted;
const cell = (f: ScenarioFigures | undefined) => (f ? `${f.p50Ms} / ${f.p95Ms} / ${f.p99Ms}${!targeted(f) ? '' : f.p95Ms < TARGET_P95_MS ? ' ✓' : ' ✗'}` : '—');
const rate = (f: ScenarioFigures | undefined) => (f ? `${f.perSecond}` : '—');

function renderTable(targets: TargetFigures[], sizes: Sizes): string {
  const ran = targets.filter((t) => t.scenarios);
  const header = ['', ...ran.flatMap((t) => [`${t.label} p50 / p95 / p99 ms`, 'req/s']), 'found (page / total)'];
  const found = (f: ScenarioFigures | undefined) => `${f?.items ?? '—'} / ${f?.total ?? '—'}${f?.totalIsLowerBound ? '+' : ''}`;
  const rows = SCENARIOS.map((s, i) => [s.name, ...ran.flatMap((t) => [cell(t.scenarios![i]), rate(t.scenarios![i])]), found(ran[0]?.scenarios![i])]);
  rows.push(['seed (rows/s)', ...ran.flatMap((t) => [`${t.seed!.rows.toLocaleString('en-US')} in ${t.seed!.seconds} s`, `${t.seed!.rowsPerSecond}`]), '']);
  rows.push(['stats?days=30, one call ms', ...ran.flatMap((t) => [`${t.statsMs}`, '']), '']);
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) => r.map((v, c) => v.padEnd(widths[c]!)).join(' | ');
  const skipped = targets.filter((t) => t.skipped).map((t) => `${t.label}: skipped — ${t.skipped}`);
  return [
    `bench api: ${sizes.tasks.toLocaleString('en-US')} tasks, ${sizes.concurrency} concurrent clients${sizes.clientsInline ? ' (on the server thread)' : ' (child process)'}, ${sizes.durationMs / 1000} s per row; target p95 < ${TARGET_P95_MS} ms`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
    ...skipped,
  ].join('\n');
}

/** Entry of `npm run bench -- api`. */
export async function run(options: { quick: boolean }): Promise<void> {
  const clientsInline = process.env.BENCH_API_CLIENTS === 'inline';
  const sizes: Sizes = options.quick ? { tasks: 100_000, concurrency: 4, durationMs: 3_000, warmup: 20, clientsInline } : { tasks: 1_000_000, concurrency: 8, durationMs: 15_000, warmup: 100, clientsInline };
  const startedAt = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const targets: TargetFigures[] = [await benchTarget(temporaryPglite(), sizes)];
  const serverTarget = await temporaryServerDatabase(loadConfig().TEST_DATABASE_URL ?? DEFAULT_SERVER);
  if ('skipped' in serverTarget) targets.push({ label: 'Postgres server', skipped: serverTarget.skipped });
  else targets.push(await benchTarget(serverTarget, sizes));
  const result = {
    bench: 'api',
    quick: options.quick,
    node: process.version,
    cpus: os.cpus().length,
    durationS: Math.round((performance.now() - startedAt) / 1000),
    loadAverage: { start: Math.round(loadAtStart * 100) / 100, end: Math.round(os.loadavg()[0]! * 100) / 100 },
    sizes,
    seedShape: SEED_SHAPE,
    targetP95Ms: TARGET_P95_MS,
    targets,
    notes: [
      sizes.clientsInline
        ? 'the app and the load clients share one Node thread (and, on PGlite, the database too): the clients\' own work delays the answers.'
        : 'the load clients run in a child process; the app has its Node thread to itself, and on PGlite Postgres runs on a second thread of the app (store/pglite-thread.ts).',
      'latency = request sent → last byte received, keep-alive connections; each list answers a page of 20 (overdue: 50, asked for; its default is every overdue stage up to 1,000) and its total count.',
      `the machine had ${os.cpus().length} CPUs and a 1-min load average of ${Math.round(loadAtStart * 100) / 100} at the start: other processes share it, so the figures are pessimistic.`,
    ],
  };
  console.log(renderTable(targets, sizes));
  console.log(JSON.stringify(result));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // run directly (`npx tsx bench/api/run.ts`): the same one switch bench/run.ts reads
  await run({ quick: process.env.BENCH_QUICK === '1' });
}
