import { eq, sql } from 'drizzle-orm';
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
    (await api.database.db.select().from(taskCandidates).where(eq(taskCandidates.taskId, taskId))).map((c) => `${c.candidate}@${c.dueAt}`).sort();

  beforeAll(async () => {
    api = await startTestApi();
    clerk = await api.tokenFor({ id: 'u-big', roles: ['drafting-dept'], departmentId: 'dept-big' });
    supervisor = await api.tokenFor({ id: 'u-sup', roles: ['supervisor'] });
    await insertTasks(api, 1_000_000, 10_001, 'CREATED', 'dept-big');
    await insertTasks(api, 2_000_000, 10_001, 'COMPLETED', 'dept-old');
    await insertTasks(api, 3_000_000, 30, 'CREATED', 'dept-small');
  });
  afterAll(() => api.close());

  it('counts up to 10,000 matches and says when there are more, on every plan', async () => {
    // when
    const [mineOrGroups, pastTheEnd, allOpen, history, small, smallSecondPage] = await Promise.all([
      get(clerk, '/api/tasks'),
      get(clerk, '/api/tasks?page=1000&pageSize=100'),
      get(supervisor, '/api/tasks?filter=all&department=dept-big'),
      get(supervisor, '/api/tasks?filter=all&state=COMPLETED'),
      get(supervisor, '/api/tasks?filter=all&department=dept-small&pageSize=20'),
      get(supervisor, '/api/tasks?filter=all&department=dept-small&pageSize=20&page=2'),
    ]);

    // then
    expect(mineOrGroups.body).toMatchObject({ total: 10_000, totalIsLowerBound: true, page: 1, pageSize: 20 });
    expect(mineOrGroups.body.items).toHaveLength(20);
    expect(mineOrGroups.body.items[0]).toMatchObject({ id: '1000000', candidateGroups: ['dept-big'], state: 'CREATED' });
    expect(pastTheEnd.body).toMatchObject({ items: [], total: 10_000, totalIsLowerBound: true });
    expect(allOpen.body).toMatchObject({ total: 10_000, totalIsLowerBound: true });
    expect(history.body).toMatchObject({ total: 10_000, totalIsLowerBound: true });
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

  it('keeps the candidates of open tasks in step with the task rows', async () => {
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
    expect(created).toEqual([`group:legal-office@${now}`, `user:u-big@${now}`]);
    expect(changed).toEqual([`group:general-office@${now + 1}`, `user:u-big@${now + 1}`]);
    expect(claimed).toEqual(changed);
    expect(completed).toEqual([]);
    expect(reopened).toEqual(changed);
    expect(deleted).toEqual([]);
  });
});
