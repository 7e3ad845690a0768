import { eq, sql } from 'drizzle-orm';
import { groupsOf, type Role } from '../../../domain/principal';
import { queryRows } from '../../../store/database';
import request from 'supertest';
import { taskCandidates, tasks } from '../../../store/schema';
import { startTestApi, type TestApi } from '../../support/api-harness';

/** Inserts `count` tasks numbered from `first`, all in one state and offered to one group. */
async function insertTasks(api: TestApi, first: number, count: number, state: 'CREATED' | 'COMPLETED', group: string): Promise<void> {
  const now = api.clock.now();
  await api.database.db.execute(sql`
    insert into tasks (id, name, element_id, process_instance_key, bpmn_process_id, process_definition_key, state, assignee, candidate_groups,
                       candidate_users, due_at, due_date, form_id, department, document_id, document_title, variables, created_at, completed_at)
    select (${first}::bigint + g)::text, '合法性审查', 'Task_Legal', (${first}::bigint + g)::text, 'research-deliberation', '1', ${state}, null, jsonb_build_array(${group}::text),
           '[]'::jsonb, ${now}::bigint + g * 60000, null, null, ${group}, null, '清理文件' || g, '{}'::jsonb, ${now}, case when ${state} = 'COMPLETED' then ${now}::bigint end
    from generate_series(0, ${count - 1}) as g`);
}

describe('task lists at scale: bounded totals and the candidates index', () => {
  let api: TestApi;
  let clerk: string;
  let supervisor: string;
  const get = (token: string, url: string) => request(api.app).get(url).set('Authorization', `Bearer ${token}`);
  const candidatesOf = async (taskId: string) =>
    (await api.database.db.select().from(taskCandidates).where(eq(taskCandidates.taskId, taskId))).map((c) => `${c.candidate}@${c.dueAt}:${c.state}`).sort();

  beforeAll(async () => {
    api = await startTestApi();
    clerk = await api.tokenFor({ id: 'u-big', roles: ['drafting-dept'], departmentId: 'dept-big' });
    supervisor = await api.tokenFor({ id: 'u-sup', roles: ['supervisor'] });
    await insertTasks(api, 1_000_000, 10_001, 'CREATED', 'dept-big');
    await insertTasks(api, 2_000_000, 10_001, 'COMPLETED', 'dept-old');
    await insertTasks(api, 3_000_000, 30, 'CREATED', 'dept-small');
  });
  afterAll(() => api.close());

  it('counts up to 10,000 open tasks (1,000 with closed ones) and says when there are more, on every plan', async () => {
    // when
    const former = await api.tokenFor({ id: 'u-old', roles: ['drafting-dept'], departmentId: 'dept-old' });
    const [mineOrGroups, pastTheEnd, allOpen, history, small, smallSecondPage, groupHistory, everyState] = await Promise.all([
      get(clerk, '/api/tasks'),
      get(clerk, '/api/tasks?page=1000&pageSize=100'),
      get(supervisor, '/api/tasks?filter=all&department=dept-big'),
      get(supervisor, '/api/tasks?filter=all&state=COMPLETED'),
      get(supervisor, '/api/tasks?filter=all&department=dept-small&pageSize=20'),
      get(supervisor, '/api/tasks?filter=all&department=dept-small&pageSize=20&page=2'),
      get(former, '/api/tasks?state=COMPLETED'),
      get(supervisor, '/api/tasks?filter=all&state=ALL'),
    ]);

    // then
    expect(mineOrGroups.body).toMatchObject({ total: 10_000, totalIsLowerBound: true, page: 1, pageSize: 20 });
    expect(mineOrGroups.body.items).toHaveLength(20);
    expect(mineOrGroups.body.items[0]).toMatchObject({ id: '1000000', candidateGroups: ['dept-big'], state: 'CREATED' });
    expect(pastTheEnd.body).toMatchObject({ items: [], total: 10_000, totalIsLowerBound: true });
    expect(allOpen.body).toMatchObject({ total: 10_000, totalIsLowerBound: true });
    expect(history.body).toMatchObject({ total: 1_000, totalIsLowerBound: true });
    expect(groupHistory.body).toMatchObject({ total: 1_000, totalIsLowerBound: true });
    expect(groupHistory.body.items.map((i: { id: string }) => i.id)).toEqual(Array.from({ length: 20 }, (_, i) => String(2_000_000 + i)));
    expect(everyState.body).toMatchObject({ total: 1_000, totalIsLowerBound: true });
    expect(small.body).toMatchObject({ total: 30, totalIsLowerBound: false });
    expect(smallSecondPage.body).toMatchObject({ total: 30, totalIsLowerBound: false });
    expect(smallSecondPage.body.items.map((i: { id: string }) => i.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(3_000_020 + i)));
  });

  it('pages a person\'s open tasks in due-date order without gaps or repeats', async () => {
    // when the clerk reads the first three pages of 7
    const pages = await Promise.all([1, 2, 3].map((page) => get(clerk, `/api/tasks?pageSize=7&page=${page}`)));
    const descending = await get(clerk, '/api/tasks?pageSize=3&order=desc');

    // then
    expect(pages.flatMap((p) => p.body.items.map((i: { id: string }) => i.id))).toEqual(Array.from({ length: 21 }, (_, i) => String(1_000_000 + i)));
    expect(descending.body.items.map((i: { id: string }) => i.id)).toEqual(['1010000', '1009999', '1009998']);
  });

  it('keeps the candidates of every task, with its state, in step with the task rows', async () => {
    // given an open task offered to a group and to a person
    const now = api.clock.now();
    await api.database.db.insert(tasks).values({
      id: '4000000', name: '会签', elementId: 'Task_Countersign', processInstanceKey: '4000000', bpmnProcessId: 'inbox-countersign', processDefinitionKey: '1',
      state: 'CREATED', assignee: null, candidateGroups: ['legal-office'], candidateUsers: ['u-big'], dueAt: now, dueDate: null, formId: null,
      department: null, documentId: null, documentTitle: null, variables: {}, createdAt: now,
    });
    const created = await candidatesOf('4000000');

    // when its groups and due date change, it is completed, put back, and deleted
    await api.database.db.update(tasks).set({ candidateGroups: ['general-office'], dueAt: now + 1 }).where(eq(tasks.id, '4000000'));
    const changed = await candidatesOf('4000000');
    await api.database.db.update(tasks).set({ assignee: 'u-big' }).where(eq(tasks.id, '4000000'));
    const claimed = await candidatesOf('4000000');
    await api.database.db.update(tasks).set({ state: 'COMPLETED', completedAt: now }).where(eq(tasks.id, '4000000'));
    const completed = await candidatesOf('4000000');
    await api.database.db.update(tasks).set({ state: 'CREATED', completedAt: null }).where(eq(tasks.id, '4000000'));
    const reopened = await candidatesOf('4000000');
    await api.database.db.delete(tasks).where(eq(tasks.id, '4000000'));
    const deleted = await candidatesOf('4000000');

    // then
    expect(created).toEqual([`group:legal-office@${now}:CREATED`, `user:u-big@${now}:CREATED`]);
    expect(changed).toEqual([`group:general-office@${now + 1}:CREATED`, `user:u-big@${now + 1}:CREATED`]);
    expect(claimed).toEqual(changed);
    expect(completed).toEqual([`group:general-office@${now + 1}:COMPLETED`, `user:u-big@${now + 1}:COMPLETED`]);
    expect(reopened).toEqual(changed);
    expect(deleted).toEqual([]);
  });

  it('lists history and every state by due date as the task rows say, whichever plan answers', async () => {
    // given 90 tasks of one department in every state, due dates tied in threes, some also offered to
    // the clerk by name, some assigned to the clerk, some to someone else
    const user = { id: 'u-mix', roles: ['drafting-dept'] as Role[], departmentId: 'dept-mix' };
    const mix = await api.tokenFor(user);
    const sup = supervisor;
    const now = api.clock.now();
    await api.database.db.execute(sql`
      insert into tasks (id, name, element_id, process_instance_key, bpmn_process_id, process_definition_key, state, assignee, candidate_groups,
                         candidate_users, due_at, due_date, form_id, department, document_id, document_title, variables, created_at, completed_at)
      select (5000000 + g)::text, '意见处理', 'Task_Mix', (5000000 + g)::text, 'research-deliberation', '1',
             (array['CREATED','COMPLETED','CANCELED'])[1 + g % 3],
             case when g % 5 = 0 then 'u-mix' when g % 7 = 0 then 'someone-else' end,
             case when g % 4 = 0 then '[]'::jsonb else '["dept-mix"]'::jsonb end,
             case when g % 6 = 0 then '["u-mix"]'::jsonb else '[]'::jsonb end,
             case when g % 11 = 0 then null else ${now}::bigint + (g / 3) * 60000 end, null, null, 'dept-mix', null, '混合 ' || g, '{}'::jsonb, ${now},
             case when g % 3 = 1 then ${now}::bigint end
      from generate_series(0, 89) as g`);

    // the rows' answer, read from the JSON lists (as the lists did before the candidates kept history)
    const groups = groupsOf(user.roles, user.departmentId);
    const expected = async (kind: 'mine' | 'groups' | 'mine-or-groups' | 'all', state: string | undefined, order: 'asc' | 'desc') => {
      const assigned = sql`assignee = 'u-mix'`;
      const offered = sql`(candidate_groups ?| ${`{${groups.join(',')}}`}::text[] or candidate_users ? 'u-mix')`;
      const addressed = sql`(assignee is null and candidate_users ? 'u-mix')`;
      const whose = { mine: sql`(${assigned} or ${addressed})`, groups: offered, 'mine-or-groups': sql`(${assigned} or ${offered})`, all: sql`department = 'dept-mix'` }[kind];
      const rows = await queryRows<{ id: string }>(
        api.database.db,
        sql`select id from tasks where id like '50000%' and ${whose} and ${state ? sql`state = ${state}` : sql`true`} order by due_at ${sql.raw(order)}, id ${sql.raw(order)}`,
      );
      return rows.map((r) => r.id);
    };
    const listed = async (token: string, query: string) => {
      const ids: string[] = [];
      let total = -1;
      for (let page = 1; page <= 20; page++) {
        const res = await get(token, `/api/tasks?${query}&pageSize=7&page=${page}`);
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((i: { id: string }) => i.id));
        total = res.body.total;
        if (res.body.items.length < 7) break;
      }
      return { ids, total };
    };

    // when every scope lists every state and all states, both ways, page by page
    for (const state of ['COMPLETED', 'CANCELED', undefined]) {
      for (const order of ['asc', 'desc'] as const) {
        for (const filter of ['mine', 'groups', undefined, 'all'] as const) {
          const query = [filter && `filter=${filter}`, `state=${state ?? 'ALL'}`, `order=${order}`, filter === 'all' && 'department=dept-mix'].filter(Boolean).join('&');
          const want = await expected(filter ?? 'mine-or-groups', state, order);
          const got = await listed(filter === 'all' ? sup : mix, query);

          // then the pages hold exactly the rows' answer, in order, and the total counts it
          expect({ query, ids: got.ids, total: got.total }).toEqual({ query, ids: want, total: want.length });
        }
      }
    }
  });
});
