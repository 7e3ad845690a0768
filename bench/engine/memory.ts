import { setImmediate as nextTurn } from 'node:timers/promises';

/** JS heap in use after full garbage collections (needs `node --expose-gc`, see bench/run.ts). */
export async function settledHeap(): Promise<number> {
  if (typeof globalThis.gc !== 'function') throw new Error('global.gc is missing: run node with --expose-gc');
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}

/** Heap growth per item, in bytes, rounded. */
export function perItem(before: number, after: number, items: number): number {
  return items > 0 ? Math.round((after - before) / items) : NaN;
}
