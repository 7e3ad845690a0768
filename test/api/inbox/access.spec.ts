import { eq } from 'drizzle-orm';
import request from 'supertest';
import { tasks } from '../../../store/schema';
import type { TaskRow } from '../../../store/task.repository';
import { RESEARCH_FORM, startInbox, USERS, type Inbox, type UserName } from './inbox-harness';

const EVERYONE = Object.keys(USERS) as UserName[];
const OVERSEERS: UserName[] = ['office', 'supervisor', 'admin'];
const COMMERCE: UserName[] = ['commerceA', 'commerceB'];
/** The expected status for every user: `allowed` get `yes`, everyone else `no`. */
const matrix = (allowed: UserName[], yes: number, no: number) => Object.fromEntries(EVERYONE.map((u) => [u, allowed.includes(u) ? yes : no]));

/**
 * Role × route: every user of every role calls every inbox route on a research task of the
 * commerce bureau, and gets exactly the status their role allows.
 */
describe('who may do what in the inbox', () => {
  let t: Inbox;
  let task: TaskRow;
  beforeAll(async () => {
    t = await startInbox();
    task = await t.task(await t.startResearch('dept-commerce'), 'Task_Research');
  });
  afterAll(() => t.close());

  const assigneeIs = (assignee: string | null) => t.database.db.update(tasks).set({ assignee }).where(eq(tasks.id, task.id));

  /** Calls the route as every user, `before` each call, and returns the statuses by user. */
  async function statuses(call: (user: UserName) => request.Test, before: () => Promise<unknown> = async () => undefined) {
    const result: Record<string, number> = {};
    for (const user of EVERYONE) {
      await before();
      result[user] = (await call(user)).status;
    }
    return result;
  }

  it('lists: everyone their own inbox and notifications; all tasks and supervision only for overseers', async () => {
    expect(await statuses((u) => t.get(u, '/api/tasks'))).toEqual(matrix(EVERYONE, 200, 200));
    expect(await statuses((u) => t.get(u, '/api/tasks?filter=all'))).toEqual(matrix(OVERSEERS, 200, 403));
    expect(await statuses((u) => t.get(u, '/api/notifications'))).toEqual(matrix(EVERYONE, 200, 200));
    expect(await statuses((u) => t.get(u, '/api/supervision/overdue'))).toEqual(matrix(['office', 'supervisor'], 200, 403));
    expect(await statuses((u) => t.get(u, '/api/supervision/stats'))).toEqual(matrix(['office', 'supervisor'], 200, 403));
  });

  it('shows the task to its department and the overseers; to anyone else it does not exist', async () => {
    expect(await statuses((u) => t.get(u, `/api/tasks/${task.id}`))).toEqual(matrix([...COMMERCE, ...OVERSEERS], 200, 404));
  });

  it('lets the department claim, the assignee and overseers give back, overseers assign', async () => {
    expect(await statuses((u) => t.post(u, `/api/tasks/${task.id}/claim`), () => assigneeIs(null))).toEqual(matrix(COMMERCE, 200, 403));
    // claimed by commerce-a: only she and the overseers may give it back or reassign it
    expect(await statuses((u) => t.post(u, `/api/tasks/${task.id}/unclaim`), () => assigneeIs('commerce-a'))).toEqual(matrix(['commerceA', ...OVERSEERS], 200, 403));
    expect(await statuses((u) => t.post(u, `/api/tasks/${task.id}/assign`, { assignee: 'commerce-b' }), () => assigneeIs('commerce-a'))).toEqual(matrix(OVERSEERS, 200, 403));
  });

  it('lets only the department complete an unclaimed task (the one who tries last here)', async () => {
    // given
    await assigneeIs(null);
    const order = [...EVERYONE.filter((u) => !COMMERCE.includes(u)), 'commerceB', 'commerceA'] as UserName[];

    // when every other user tries first
    const result: Record<string, number> = {};
    for (const user of order) result[user] = (await t.post(user, `/api/tasks/${task.id}/complete`, { variables: RESEARCH_FORM })).status;

    // then commerce-b was allowed too — but commerce-a came after and found it completed
    expect(result).toEqual({ ...matrix([], 0, 403), commerceB: 200, commerceA: 409 });
  });

  it('refuses every inbox route without a valid token', async () => {
    const routes: [string, string][] = [
      ['get', '/api/tasks'],
      ['get', `/api/tasks/${task.id}`],
      ['post', `/api/tasks/${task.id}/claim`],
      ['post', `/api/tasks/${task.id}/unclaim`],
      ['post', `/api/tasks/${task.id}/assign`],
      ['post', `/api/tasks/${task.id}/complete`],
      ['get', '/api/supervision/overdue'],
      ['get', '/api/supervision/stats'],
      ['get', '/api/notifications'],
      ['post', '/api/notifications/1/read'],
    ];
    for (const [method, url] of routes) {
      const anonymous = await (method === 'get' ? request(t.app).get(url) : request(t.app).post(url));
      const forged = await (method === 'get' ? request(t.app).get(url) : request(t.app).post(url)).set('Authorization', `Bearer ${t.tokens.admin}x`);
      expect([url, anonymous.status, anonymous.body.error.code]).toEqual([url, 401, 'UNAUTHENTICATED']);
      expect([url, forged.status]).toEqual([url, 401]);
    }
  });
});
