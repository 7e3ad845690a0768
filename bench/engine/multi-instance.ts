import { expectedResults, itemsOf, PROCESS } from './fixtures';
import { driveLoad, type LoadFigures } from './load';
import type { EngineSession } from './session';
import type { Sizes } from './sizes';

/** Case (c): a parallel multi-instance of `items` service tasks per instance. */
export interface MultiInstanceFigures extends LoadFigures {
  items: number;
  /** Instances in flight at once. */
  window: number;
  jobsPerSecond: number;
  /** Instances whose output collection was not `items × 2` in order. */
  wrongResults: number;
  /** The first wrong output collection seen, shortened, to read in the JSON. */
  firstWrong?: string;
}

type Log = (line: string) => void;

/** Runs (c) on our engine: each instance's `results` must equal its `items` doubled, in order. */
export async function runMultiInstance(session: EngineSession, sizes: Sizes, log: Log): Promise<MultiInstanceFigures> {
  const check = resultCheck();
  const run = async (index: number) => {
    const items = itemsOf(index, sizes.multiItems);
    const { ms, variables } = await session.runToEndWithVariables(PROCESS.multiInstance, { items });
    check.record(items, variables.results);
    return ms;
  };
  await driveLoad({ total: sizes.multiWindow, window: sizes.multiWindow, maxMs: Infinity, run });
  const load = await driveLoad({ total: sizes.multiInstances, window: sizes.multiWindow, maxMs: Infinity, run });
  const figures = withJobRate(load, sizes, check.wrong, check.firstWrong);
  log(`${session.target.label}: case (c) ${figures.completed} × ${figures.items} jobs, ${figures.perSecond}/s, ${figures.jobsPerSecond} jobs/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ${figures.wrongResults} wrong`);
  return figures;
}

/** Counts output collections that differ from the expected one (warm-up instances included). */
export function resultCheck() {
  const check = {
    wrong: 0,
    firstWrong: undefined as string | undefined,
    record(items: number[], results: unknown) {
      const expected = expectedResults(items);
      const ok = Array.isArray(results) && results.length === expected.length && expected.every((value, k) => results[k] === value);
      if (ok) return;
      check.wrong++;
      check.firstWrong ??= JSON.stringify(results)?.slice(0, 200) ?? 'undefined';
    },
  };
  return check;
}

/** Adds the job rate and the check's outcome to a load run of (c). */
export function withJobRate(load: LoadFigures, sizes: Sizes, wrongResults: number, firstWrong: string | undefined): MultiInstanceFigures {
  return {
    ...load,
    items: sizes.multiItems,
    window: sizes.multiWindow,
    jobsPerSecond: Math.round((load.completed * sizes.multiItems * 1000) / load.elapsedMs),
    wrongResults,
    ...(firstWrong !== undefined && { firstWrong }),
  };
}
