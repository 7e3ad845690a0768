import { documents, auditLog } from '../../../store/schema';
import { eq } from 'drizzle-orm';
import { RESEARCH_FORM, startInbox, type Inbox } from './inbox-harness';

describe('the task inbox over research-deliberation', () => {
  let t: Inbox;
  beforeAll(async () => {
    t = await startInbox();
  });
  afterAll(() => t.close());

  it('lists each department its own tasks; overseers see all of them only when they ask for all', async () => {
    // given one research task for commerce and one for housing
    const commerce = await t.task(await t.startResearch('dept-commerce'), 'Task_Research');
    const housing = await t.task(await t.startResearch('dept-housing'), 'Task_Research');

    // when
    const [commerceList, housingList, supervisorMine, supervisorAll, legalList, drafterAll] = await Promise.all([
      t.get('commerceA', '/api/tasks'),
      t.get('housing', '/api/tasks'),
      t.get('supervisor', '/api/tasks'),
      t.get('supervisor', '/api/tasks?filter=all&bpmnProcessId=research-deliberation'),
      t.get('legal', '/api/tasks'),
      t.get('commerceA', '/api/tasks?filter=all'),
    ]);

    // then
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);
    expect(ids(commerceList)).toContain(commerce.id);
    expect(ids(commerceList)).not.toContain(housing.id);
    expect(ids(housingList)).toContain(housing.id);
    expect(ids(housingList)).not.toContain(commerce.id);
    expect(ids(supervisorMine)).toEqual([]);
    expect(ids(supervisorAll)).toEqual(expect.arrayContaining([commerce.id, housing.id]));
    expect(ids(legalList)).toEqual([]);
    expect(drafterAll.status).toBe(403);
    // and the row carries what the diagram gave the task
    const item = commerceList.body.items.find((i: { id: string }) => i.id === commerce.id);
    expect(item).toMatchObject({
      name: '成立专题调研组开展调研',
      elementId: 'Task_Research',
      bpmnProcessId: 'research-deliberation',
      candidateGroups: ['dept-commerce'],
      assignee: null,
      state: 'CREATED',
      formId: 'research-survey',
      department: 'dept-commerce',
      documentTitle: '关于支持dept-commerce的若干措施',
      // 5 working days after Friday 27 November 2026
      dueDate: '2026-12-04T18:00:00+08:00',
      overdue: false,
      overdueWorkingDays: 0,
    });
    expect(item.processDefinitionKey).toMatch(/^\d+$/);
  });

  it('filters by text, department, process and state, sorts by due date and pages', async () => {
    // given three commerce tasks with different titles and research periods
    const soon = await t.task(await t.startResearch('dept-commerce', { documentTitle: '外贸稳增长措施', stageWorkingDays: { research: 2 } }), 'Task_Research');
    const later = await t.task(await t.startResearch('dept-commerce', { documentTitle: '外贸新业态指引', stageWorkingDays: { research: 9 } }), 'Task_Research');
    await t.task(await t.startResearch('dept-commerce', { documentTitle: '会展业扶持办法' }), 'Task_Research');

    // when
    const byText = await t.get('commerceA', `/api/tasks?q=${encodeURIComponent('外贸')}`);
    const descending = await t.get('commerceA', `/api/tasks?q=${encodeURIComponent('外贸')}&order=desc`);
    const firstPage = await t.get('commerceA', '/api/tasks?department=dept-commerce&pageSize=1');
    const secondPage = await t.get('commerceA', '/api/tasks?department=dept-commerce&pageSize=1&page=2');
    const otherProcess = await t.get('commerceA', '/api/tasks?bpmnProcessId=publication-interpretation');
    const completed = await t.get('commerceA', '/api/tasks?state=COMPLETED&q=%E5%A4%96%E8%B4%B8');
    const likeWildcard = await t.get('commerceA', `/api/tasks?q=${encodeURIComponent('%')}`);
    const emptyText = await t.get('commerceA', '/api/tasks?q=&department=dept-commerce');
    const unknownParam = await t.get('commerceA', '/api/tasks?limit=5');
    const repeated = await t.get('commerceA', '/api/tasks?state=CREATED&state=COMPLETED');

    // then
    expect(byText.body.items.map((i: { id: string }) => i.id)).toEqual([soon.id, later.id]);
    expect(byText.body.total).toBe(2);
    expect(descending.body.items.map((i: { id: string }) => i.id)).toEqual([later.id, soon.id]);
    expect(firstPage.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(firstPage.body.total).toBeGreaterThanOrEqual(3);
    expect(firstPage.body.items).toHaveLength(1);
    expect(secondPage.body.items[0].id).not.toBe(firstPage.body.items[0].id);
    expect(firstPage.body.items[0].dueDate <= secondPage.body.items[0].dueDate).toBe(true);
    expect(otherProcess.body).toMatchObject({ items: [], total: 0 });
    expect(completed.body.total).toBe(0);
    expect(likeWildcard.body.total).toBe(0);
    expect(emptyText.body.total).toBe(firstPage.body.total);
    expect(unknownParam.status).toBe(400);
    expect(repeated.status).toBe(400);
  });

  it('shows a task with its form, variables and document to those who may see it, and no one else', async () => {
    // given a document and a task concerning it
    await t.database.db.insert(documents).values({
      id: 'doc-trade',
      title: '关于促进外贸稳规模优结构的若干措施',
      category: 'innovation',
      draftingDept: 'dept-commerce',
      status: 'drafting',
      currentVersion: 2,
      createdBy: 'u-commerce-a',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const task = await t.task(await t.startResearch('dept-commerce', { documentId: 'doc-trade', documentTitle: '关于促进外贸稳规模优结构的若干措施' }), 'Task_Research');

    // when
    const [clerk, supervisor, office, stranger, missing, malformed] = await Promise.all([
      t.get('commerceB', `/api/tasks/${task.id}`),
      t.get('supervisor', `/api/tasks/${task.id}`),
      t.get('office', `/api/tasks/${task.id}`),
      t.get('housing', `/api/tasks/${task.id}`),
      t.get('commerceB', '/api/tasks/999999999'),
      t.get('commerceB', '/api/tasks/abc'),
    ]);

    // then
    expect(clerk.status).toBe(200);
    expect(clerk.body.task).toMatchObject({ id: task.id, documentTitle: '关于促进外贸稳规模优结构的若干措施' });
    expect(clerk.body.form).toMatchObject({ id: 'research-survey' });
    expect(clerk.body.form.components.some((c: { key?: string }) => c.key === 'researchTeam')).toBe(true);
    expect(clerk.body.variables).toMatchObject({ draftingDept: 'dept-commerce', documentId: 'doc-trade' });
    expect(clerk.body.document).toEqual({ id: 'doc-trade', number: null, title: '关于促进外贸稳规模优结构的若干措施', category: 'innovation', version: 2, status: 'drafting' });
    expect(supervisor.status).toBe(200);
    expect(office.status).toBe(200);
    expect(stranger.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it('claims, refuses a colleague, gives back and is assigned by the General Office only', async () => {
    // given
    const task = await t.task(await t.startResearch('dept-commerce'), 'Task_Research');

    // when A claims, B tries to claim, complete and unclaim it
    const claimed = await t.post('commerceA', `/api/tasks/${task.id}/claim`);
    const again = await t.post('commerceA', `/api/tasks/${task.id}/claim`);
    const mine = await t.get('commerceA', '/api/tasks?filter=mine');
    const bClaims = await t.post('commerceB', `/api/tasks/${task.id}/claim`);
    const bCompletes = await t.post('commerceB', `/api/tasks/${task.id}/complete`, { variables: RESEARCH_FORM });
    const bUnclaims = await t.post('commerceB', `/api/tasks/${task.id}/unclaim`);
    const housingClaims = await t.post('housing', `/api/tasks/${task.id}/claim`);

    // then
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: task.id, assignee: 'commerce-a', state: 'CREATED' });
    expect(again.status).toBe(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(task.id);
    expect(bClaims.status).toBe(409);
    expect(bClaims.body.error.code).toBe('TASK_CLAIMED');
    expect(bCompletes.status).toBe(403);
    expect(bUnclaims.status).toBe(403);
    expect(housingClaims.status).toBe(403);

    // when a drafter tries to assign, the General Office assigns it to B, then a supervisor to no one
    const drafterAssigns = await t.post('commerceA', `/api/tasks/${task.id}/assign`, { assignee: 'commerce-b' });
    const unknownUser = await t.post('office', `/api/tasks/${task.id}/assign`, { assignee: 'nobody' });
    const assigned = await t.post('office', `/api/tasks/${task.id}/assign`, { assignee: 'u-commerce-b' });
    const aUnclaims = await t.post('commerceA', `/api/tasks/${task.id}/unclaim`);
    const cleared = await t.post('supervisor', `/api/tasks/${task.id}/assign`, { assignee: null });

    // then
    expect(drafterAssigns.status).toBe(403);
    expect(unknownUser.status).toBe(422);
    expect(unknownUser.body.error.code).toBe('UNKNOWN_USER');
    expect(assigned.body).toMatchObject({ assignee: 'commerce-b' });
    expect(aUnclaims.status).toBe(403);
    expect(cleared.body).toMatchObject({ assignee: null });
    // and every change is in the audit log
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.resourceId, task.id));
    expect(audit.map((a) => a.action)).toEqual(['task.claim', 'task.assign', 'task.assign']);
    expect(audit[1]).toMatchObject({ actor: 'u-office', before: { assignee: 'commerce-a' }, after: { assignee: 'commerce-b' } });
  });

  it('checks the form data on the server: 422 FORM_INVALID with every field that is wrong', async () => {
    // given
    const task = await t.task(await t.startResearch('dept-commerce'), 'Task_Research');

    // when
    const missing = await t.post('commerceA', `/api/tasks/${task.id}/complete`, { variables: { researchTeam: '', enterpriseRelated: false } });
    const wrong = await t.post('commerceA', `/api/tasks/${task.id}/complete`, {
      variables: { ...RESEARCH_FORM, researchMethods: ['telepathy'], enterpriseRelated: 'yes', draftingDept: 'dept-housing' },
    });
    const notAnObject = await t.post('commerceA', `/api/tasks/${task.id}/complete`, { variables: ['x'] });

    // then
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('FORM_INVALID');
    expect(missing.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'researchTeam', message: 'is required' },
        { field: 'researchMethods', message: 'is required' },
        { field: 'legalBasis', message: 'is required' },
      ]),
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details).toEqual([
      { field: 'draftingDept', message: "is not a field of form 'research-survey'" },
      { field: 'researchMethods', message: 'must be one of: sampling, questionnaire, field, symposium' },
      { field: 'enterpriseRelated', message: 'must be true or false' },
    ]);
    expect(notAnObject.status).toBe(400);
    // and the task is still open
    expect((await t.get('commerceA', `/api/tasks/${task.id}`)).body.task.state).toBe('CREATED');
  });

  it('completes with valid data: the process moves on, a second completion is a 409', async () => {
    // given
    const processInstanceKey = await t.startResearch('dept-commerce');
    const task = await t.task(processInstanceKey, 'Task_Research');

    // when
    const done = await t.post('commerceA', `/api/tasks/${task.id}/complete`, { variables: RESEARCH_FORM });
    const twice = await t.post('commerceA', `/api/tasks/${task.id}/complete`, { variables: RESEARCH_FORM });
    const next = await t.task(processInstanceKey, 'Task_PublishDraft');

    // then
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: task.id, state: 'COMPLETED' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('TASK_COMPLETED');
    expect(next).toMatchObject({ formId: 'public-comment', candidateGroups: ['dept-commerce'] });
    expect(next.variables).toMatchObject({ researchTeam: RESEARCH_FORM.researchTeam });
    await t.projection.idle();
    const row = (await t.get('commerceA', `/api/tasks/${task.id}`)).body.task;
    expect(row).toMatchObject({ state: 'COMPLETED' });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.resourceId, task.id));
    expect(audit.map((a) => a.action)).toEqual(['task.complete']);
    expect(audit[0]).toMatchObject({ actor: 'u-commerce-a', after: { state: 'COMPLETED', variables: RESEARCH_FORM } });
  });

  it('lets exactly one of two concurrent completions through', async () => {
    // given an unclaimed task both clerks may complete
    const processInstanceKey = await t.startResearch('dept-commerce');
    const task = await t.task(processInstanceKey, 'Task_Research');

    // when both complete it at the same moment
    const results = await Promise.all([
      t.post('commerceA', `/api/tasks/${task.id}/complete`, { variables: RESEARCH_FORM }),
      t.post('commerceB', `/api/tasks/${task.id}/complete`, { variables: RESEARCH_FORM }),
    ]);

    // then
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    await t.task(processInstanceKey, 'Task_PublishDraft');
    const publishTasks = t.events.filter((e) => e.type === 'userTask.created' && e.processInstanceKey === processInstanceKey && e.elementId === 'Task_PublishDraft');
    expect(publishTasks).toHaveLength(1);
  });

  it('tells the process who completed a task: completedBy comes from the token, never from the client', async () => {
    // given a research task of commerce, and a countersign task (no form) offered to commerce B by name
    const researchKey = await t.startResearch('dept-commerce');
    const research = await t.task(researchKey, 'Task_Research');
    const countersignKey = await t.startCountersign(['commerce-b']);
    const countersign = await t.task(countersignKey, 'Task_Countersign');
    const forged = { id: 'u-leader', username: 'leader', name: '市领导', department: 'city-leaders' };

    // when A completes the research, and B signs while claiming to be the leader
    const done = await t.post('commerceA', `/api/tasks/${research.id}/complete`, { variables: RESEARCH_FORM });
    const signed = await t.post('commerceB', `/api/tasks/${countersign.id}/complete`, { variables: { opinion: '同意', completedBy: forged } });

    // then the engine received each principal as completedBy
    expect(done.status).toBe(200);
    expect(signed.status).toBe(200);
    const researchVariables = (await t.engine.getProcessInstance(researchKey))!.variables;
    expect(researchVariables).toMatchObject({ researchTeam: RESEARCH_FORM.researchTeam, completedBy: { id: 'u-commerce-a', username: 'commerce-a', name: '张商务', department: 'dept-commerce' } });
    const countersignVariables = (await t.engine.getProcessInstance(countersignKey))!.variables;
    expect(countersignVariables.opinion).toBe('同意');
    expect(countersignVariables.completedBy).toEqual({ id: 'u-commerce-b', username: 'commerce-b', name: '李商务', department: 'dept-commerce' });
    // and the next task starts from it
    expect((await t.task(countersignKey, 'Task_Check')).variables.completedBy).toMatchObject({ username: 'commerce-b' });
    // and the audit keeps what was submitted
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.resourceId, countersign.id));
    expect(audit).toMatchObject({ action: 'task.complete', actor: 'u-commerce-b', after: { variables: { opinion: '同意', completedBy: forged } } });
  });

  it('lists a task offered to people by name (candidate users, no group) to those people only', async () => {
    // given a countersign task offered to commerce B by username and to the housing clerk by user id
    const processInstanceKey = await t.startCountersign(['commerce-b', 'u-housing']);
    const task = await t.task(processInstanceKey, 'Task_Countersign');
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

    // when
    const lists = async () => {
      const [bDefault, bMine, bGroups, bOverdue, housingDefault, housingMine, aDefault, officeGroups] = await Promise.all([
        t.get('commerceB', '/api/tasks'),
        t.get('commerceB', '/api/tasks?filter=mine'),
        t.get('commerceB', '/api/tasks?filter=groups'),
        t.get('commerceB', '/api/tasks?overdue=true'),
        t.get('housing', '/api/tasks'),
        t.get('housing', '/api/tasks?filter=mine'),
        t.get('commerceA', '/api/tasks'),
        t.get('office', '/api/tasks?filter=groups'),
      ]);
      return { bDefault, bMine, bGroups, bOverdue, housingDefault, housingMine, aDefault, officeGroups };
    };
    const offered = await lists();

    // then it is in both signers' default, mine and groups lists, and in no one else's
    expect(ids(offered.bDefault)).toContain(task.id);
    expect(ids(offered.bMine)).toContain(task.id);
    expect(ids(offered.bGroups)).toContain(task.id);
    expect(ids(offered.housingDefault)).toContain(task.id);
    expect(ids(offered.housingMine)).toContain(task.id);
    expect(ids(offered.bOverdue)).not.toContain(task.id);
    expect(ids(offered.aDefault)).not.toContain(task.id);
    expect(ids(offered.officeGroups)).not.toContain(task.id);
    expect(offered.bDefault.body.items.find((i: { id: string }) => i.id === task.id)).toMatchObject({ candidateUsers: ['commerce-b', 'u-housing'], candidateGroups: [] });
    expect(offered.housingMine.body).toMatchObject({ total: offered.housingMine.body.items.length, totalIsLowerBound: false });

    // when B claims it
    expect((await t.post('commerceB', `/api/tasks/${task.id}/claim`)).status).toBe(200);
    const claimed = await lists();

    // then it is B's, no longer the housing clerk's to do, though still offered to them by name
    expect(ids(claimed.bMine)).toContain(task.id);
    expect(ids(claimed.housingMine)).not.toContain(task.id);
    expect(ids(claimed.housingDefault)).toContain(task.id);

    // when B completes it
    expect((await t.post('commerceB', `/api/tasks/${task.id}/complete`, { variables: { opinion: '同意' } })).status).toBe(200);
    const completed = await lists();

    // then it leaves every open list
    for (const list of Object.values(completed)) expect(ids(list)).not.toContain(task.id);
  });
});

