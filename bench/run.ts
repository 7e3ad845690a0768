/**
 * Entry of `npm run bench -- <name>`: runs one benchmark suite by name. Benchmarks print figures,
 * never assertions. `BENCH_QUICK=1` asks for a short smoke run.
 *
 * Heap figures need `global.gc`, so without `--expose-gc` this file runs itself again under
 * `node --expose-gc --import tsx` (pass your own node flags, e.g. `--cpu-prof`, by starting it
 * that way yourself).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SUITES: Record<string, () => Promise<{ run(options: { quick: boolean }): Promise<void> }>> = {
  engine: () => import('./engine/index'),
  api: () => import('./api/run'),
};

async function main(): Promise<number> {
  const name = process.argv[2];
  const suite = name ? SUITES[name] : undefined;
  if (!suite) {
    console.error(`${name ? `unknown bench '${name}'. ` : ''}usage: npm run bench -- <name>   (BENCH_QUICK=1 for a smoke run)`);
    console.error(`available: ${Object.keys(SUITES).join(', ')}`);
    return 1;
  }
  if (typeof globalThis.gc !== 'function') {
    const self = fileURLToPath(import.meta.url);
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...process.argv.slice(2)], { stdio: 'inherit' });
    return child.status ?? 1;
  }
  // The bench reads its one switch here; config.ts describes the application's environment.
  await (await suite()).run({ quick: process.env.BENCH_QUICK === '1' });
  return 0;
}

process.exitCode = await main();
