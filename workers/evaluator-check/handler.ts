import { z } from 'zod';
import { checkEvaluatorEligibility } from '../../api/evaluators.service';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import type { Db } from '../../store/database';
import { retryBackOff } from '../notify/handler';

/** The job type, equal to the element template's `zeebe:taskDefinition` type. */
export const EVALUATOR_CHECK_TASK_TYPE = 'evaluator-check';

/** The variables the handler reads (the template's `zeebe:input` names). */
export const EVALUATOR_CHECK_INPUTS = ['evaluatorId', 'draftingDept'] as const;

const id = z.union([z.string().trim().min(1, 'required'), z.number().int().transform(String)], { error: 'required' });

const inputs = z.object({
  evaluatorId: id,
  /** The responsible department (责任主体) whose policy is evaluated: the evaluator must be independent of it. */
  draftingDept: id,
});

export type EvaluatorCheckVariables = Partial<Record<(typeof EVALUATOR_CHECK_INPUTS)[number], unknown>>;

export interface EvaluatorCheckDependencies {
  /** The evaluator pool is read through the eligibility rule of `api/evaluators.service.ts`. */
  db: Db;
}

/**
 * Before commissioning (regime 3): may evaluator `evaluatorId` evaluate a policy of
 * `draftingDept`? Applies the one eligibility rule of the product (`checkEvaluatorEligibility`):
 * in the pool, not blacklisted (不再委托), independence declared, qualified, no organisation,
 * staff or funding ties with the department. Outputs evaluatorEligible (boolean) and
 * evaluatorIneligibleReason (Chinese, null when eligible) — a business outcome the diagram
 * branches on, not an error. Missing input → incident; a database failure → retry with back-off.
 */
export function evaluatorCheckWorker({ db }: EvaluatorCheckDependencies): JobWorkerConfig<EvaluatorCheckVariables> {
  const handler = async (job: Job<EvaluatorCheckVariables>): Promise<JobOutcome> => {
    const parsed = inputs.safeParse(job.variables);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return done.fail(`invalid evaluator-check input: ${problems}`, { retries: 0 });
    }
    try {
      const { eligible, reason } = await checkEvaluatorEligibility(db, parsed.data.evaluatorId, parsed.data.draftingDept);
      return done.complete({ evaluatorEligible: eligible, evaluatorIneligibleReason: eligible ? null : reason });
    } catch (error) {
      return done.fail(`evaluator-check: ${failure(error)}`, { retries: Math.max(0, job.retries - 1), retryBackOff: retryBackOff(job.retries) });
    }
  };
  return { taskType: EVALUATOR_CHECK_TASK_TYPE, handler, fetchVariable: [...EVALUATOR_CHECK_INPUTS], worker: 'evaluator-check' };
}

/** What went wrong, in the driver's words when a query failed (not the SQL text). */
const failure = (error: unknown) => ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
