import type { Variables } from '../../engine/port';

/**
 * The sign-off as the tests drive it: the leader the inbox names as `completedBy` when it
 * completes the review task, and the variables of that completion.
 */

/** The demo organisation's leader, as the inbox's `completedBy` names the user who completed a task. */
export const LEADER = { id: 'user-leader', username: 'leader', name: '分管副市长', department: 'city-leaders' } as const;

/** What the inbox completes Task_SignOff with when `leader` decides: the form's fields plus the server-set completedBy. */
export function leaderDecides(signedOff: boolean, signOffComment?: string, leader: Variables = LEADER): Variables {
  return { signedOff, ...(signOffComment === undefined ? {} : { signOffComment }), completedBy: leader };
}
