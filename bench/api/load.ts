import { fork } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** Latency and throughput of one request shape under a closed loop of concurrent clients. */
export interface LoadFigures {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadOptions {
  port: number;
  path: string;
  token?: string;
  accept?: string;
  /** Clients, each sending its next request when the previous answer arrived. */
  concurrency: number;
  durationMs: number;
  /** Unmeasured requests first (connections, caches, JIT). */
  warmup: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** One GET on a keep-alive connection; resolves with the status once the whole body arrived. */
function get(agent: http.Agent, options: LoadOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const req = http.get({ host: '127.0.0.1', port: options.port, path: options.path, agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Sends GET `path` from `concurrency` clients for `durationMs` (after `warmup` unmeasured
 * requests) and reports latency percentiles from send to the last byte, and requests per second.
 * A non-2xx answer counts as an error and is not timed.
 */
export async function measure(options: LoadOptions): Promise<LoadFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    for (let i = 0; i < options.warmup; i += options.concurrency) {
      await Promise.all(Array.from({ length: options.concurrency }, () => get(agent, options)));
    }
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const until = started + options.durationMs;
    const client = async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        const status = await get(agent, options).catch(() => 0);
        if (status >= 200 && status < 300) latencies.push(performance.now() - sent);
        else errors += 1;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, client));
    const elapsedS = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      errors,
      perSecond: Math.round(latencies.length / elapsedS),
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies[latencies.length - 1] ?? Number.NaN),
    };
  } finally {
    agent.destroy();
  }
}

/**
 * `measure` run by a child process (bench/api/load-process.ts), so that sending requests and
 * reading answers does not take turns with the server on its thread.
 */
export function measureInChild(options: LoadOptions): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load-process.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    let answered = false;
    child.once('message', (message: { figures?: LoadFigures; error?: string }) => {
      answered = true;
      if (message.figures) resolve(message.figures);
      else reject(new Error(`load clients failed: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`load clients exited with ${code} before answering`));
    });
    child.send(options);
  });
}
