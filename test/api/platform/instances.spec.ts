import request from 'supertest';
import { tasks } from '../../../store/schema';
import { deadlineWorker } from '../../../workers/deadline/handler';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, fixture, shippedProcess } from './support';

describe('process instances and messages', () => {
  let api: TestApi;
  let commerce: string;
  let finance: string;
  let office: string;
  let admin: string;
  let research: string;
  beforeAll(async () => {
    api = await startTestApi();
    await api.engine.deployResources([
      { name: 'research-deliberation.bpmn', content: shippedProcess('research-deliberation') },
      { name: 'third-party-evaluation.bpmn', content: shippedProcess('third-party-evaluation') },
      { name: 'message-catch.bpmn', content: fixture('message-catch.bpmn') },
    ]);
    commerce = await api.tokenFor({ id: 'u-commerce', roles: ['drafting-dept'], departmentId: 'dept-commerce' });
    finance = await api.tokenFor({ id: 'u-finance-dept', roles: ['drafting-dept'], departmentId: 'dept-finance' });
    office = await api.tokenFor({ id: 'u-office', roles: ['general-office'] });
    admin = await api.tokenFor({ id: 'u-admin', roles: ['admin'] });
    research = await api.tokenFor({ roles: ['research-office'] });
  });
  afterAll(() => api.close());

  const start = (token: string, body: object) => request(api.app).post('/api/instances').set('Authorization', bearer(token)).send(body);
  const get = (token: string, key: string) => request(api.app).get(`/api/instances/${key}`).set('Authorization', bearer(token));

  it('lets a drafting department start regime 1 for itself only', async () => {
    // when
    const own = await start(commerce, { bpmnProcessId: 'research-deliberation', variables: { documentTitle: '关于促进外贸发展的若干措施' } });
    const otherDept = await start(commerce, { bpmnProcessId: 'research-deliberation', variables: { draftingDept: 'dept-finance' } });
    const evaluation = await start(commerce, { bpmnProcessId: 'third-party-evaluation', variables: {} });

    // then
    expect(own.status).toBe(201);
    expect(own.body).toEqual({ processInstanceKey: expect.stringMatching(/^\d+$/), bpmnProcessId: 'research-deliberation', version: 1, processDefinitionKey: expect.any(String) });
    expect((await get(commerce, own.body.processInstanceKey)).body.variables).toMatchObject({ draftingDept: 'dept-commerce', documentTitle: '关于促进外贸发展的若干措施' });
    expect(otherDept.status).toBe(403);
    expect(evaluation.status).toBe(403);
    const [entry] = (await api.ctx.audit.list({ resource: 'process-instance', resourceId: own.body.processInstanceKey, limit: 1 })) as { action: string; actor: string }[];
    expect(entry).toMatchObject({ action: 'instance.start', actor: 'u-commerce' });
  });

  it('lets the General Office start any regime for any department; other roles not at all', async () => {
    // when
    const forFinance = await start(office, { bpmnProcessId: 'research-deliberation', variables: { draftingDept: 'dept-finance', documentTitle: '财政补贴办法' } });
    const evaluation = await start(office, { bpmnProcessId: 'third-party-evaluation', variables: {} });
    const byResearch = await start(research, { bpmnProcessId: 'research-deliberation', variables: {} });
    const unknown = await start(office, { bpmnProcessId: 'no-such-process', variables: {} });

    // then
    expect(forFinance.status).toBe(201);
    expect(evaluation.status).toBe(201);
    expect(byResearch.status).toBe(403);
    expect(unknown.status).toBe(404);
  });

  it('lists instances newest first with paging; a drafting department sees only its own', async () => {
    // when
    const all = await request(api.app).get('/api/instances?bpmnProcessId=research-deliberation').set('Authorization', bearer(office));
    const paged = await request(api.app).get('/api/instances?pageSize=1&page=2').set('Authorization', bearer(office));
    const own = await request(api.app).get('/api/instances').set('Authorization', bearer(commerce));
    const completed = await request(api.app).get('/api/instances?state=COMPLETED').set('Authorization', bearer(office));

    // then
    expect(all.body.total).toBe(2);
    expect(all.body.items.map((i: { documentTitle: string }) => i.documentTitle)).toEqual(['财政补贴办法', '关于促进外贸发展的若干措施']);
    expect(all.body.items[0]).toEqual({ processInstanceKey: expect.any(String), bpmnProcessId: 'research-deliberation', version: 1, state: 'ACTIVE', createdAt: '2026-11-27T01:00:00.000Z', endedAt: null, documentTitle: '财政补贴办法' });
    expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(paged.body.items).toHaveLength(1);
    expect(own.body.items.map((i: { documentTitle: string }) => i.documentTitle)).toEqual(['关于促进外贸发展的若干措施']);
    expect(completed.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20, source: 'engine', complete: true });
  });

  it('shows one instance with element states, incidents and history; hides it from other departments', async () => {
    // given
    const { processInstanceKey } = (await start(commerce, { bpmnProcessId: 'research-deliberation', variables: { documentTitle: '草案甲' } })).body;
    await api.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey && e.payload.type === 'deadline');

    // when
    const detail = await get(office, processInstanceKey);
    const otherDept = await get(finance, processInstanceKey);
    const noRole = await get(research, processInstanceKey);

    // then
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ processInstanceKey, bpmnProcessId: 'research-deliberation', version: 1, state: 'ACTIVE', endedAt: null, incidents: [], source: 'engine', complete: true });
    expect(detail.body.elements).toEqual(
      expect.arrayContaining([
        { elementId: 'StartEvent_Started', state: 'COMPLETED', overdue: false },
        { elementId: 'Task_StagePeriods', state: 'COMPLETED', overdue: false },
        { elementId: 'Task_ResearchPeriod', state: 'ACTIVE', overdue: false },
      ]),
    );
    expect(detail.body.history[0]).toEqual({ type: 'processInstance.created', elementId: expect.any(String), timestamp: '2026-11-27T01:00:00.000Z' });
    expect(detail.body.history.map((h: { type: string }) => h.type)).toContain('job.created');
    expect(otherDept.status).toBe(404);
    expect(noRole.status).toBe(403);
  });

  it('marks an open user task past its due date as overdue in the overlay', async () => {
    // given the real deadline worker sets the research period and the task reaches the inbox
    const worker = api.engine.createWorker(deadlineWorker(api.ctx.calendar, api.clock));
    const { processInstanceKey } = (await start(commerce, { bpmnProcessId: 'research-deliberation', variables: { documentTitle: '草案乙' } })).body;
    const created = await api.waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === 'Task_Research');
    await worker.close();
    const headers = created.payload.customHeaders as Record<string, string>;
    const dueDate = headers['io.camunda.zeebe:dueDate']!;
    await api.database.db
      .insert(tasks)
      .values({
        id: String(created.payload.jobKey),
        name: String(created.payload.name),
        elementId: 'Task_Research',
        processInstanceKey,
        bpmnProcessId: 'research-deliberation',
        processDefinitionKey: String(created.payload.processDefinitionKey),
        state: 'CREATED',
        candidateGroups: ['dept-commerce'],
        candidateUsers: [],
        dueAt: Date.parse(dueDate),
        dueDate,
        variables: {},
        createdAt: api.clock.now(),
      })
      .onConflictDoNothing();
    const before = await get(commerce, processInstanceKey);

    // when the clock passes the due date
    api.clock.advance(Date.parse(dueDate) - api.clock.now() + 60_000);
    const after = await get(commerce, processInstanceKey);

    // then
    expect(before.body.elements).toContainEqual({ elementId: 'Task_Research', state: 'ACTIVE', overdue: false });
    expect(after.body.elements).toContainEqual({ elementId: 'Task_Research', state: 'ACTIVE', overdue: true });
  });

  it('cancels a running instance (General Office), once', async () => {
    // given
    const { processInstanceKey } = (await start(commerce, { bpmnProcessId: 'research-deliberation', variables: {} })).body;

    // when
    const byDept = await request(api.app).post(`/api/instances/${processInstanceKey}/cancel`).set('Authorization', bearer(commerce));
    const cancel = await request(api.app).post(`/api/instances/${processInstanceKey}/cancel`).set('Authorization', bearer(office));
    const again = await request(api.app).post(`/api/instances/${processInstanceKey}/cancel`).set('Authorization', bearer(office));
    const unknown = await request(api.app).post('/api/instances/12345/cancel').set('Authorization', bearer(office));
    const detail = await get(office, processInstanceKey);

    // then
    expect(byDept.status).toBe(403);
    expect(cancel.status).toBe(204);
    expect(again.status).toBe(409);
    expect(unknown.status).toBe(404);
    expect(detail.body.state).toBe('TERMINATED');
    expect(detail.body.endedAt).not.toBeNull();
    const [entry] = (await api.ctx.audit.list({ resource: 'process-instance', resourceId: processInstanceKey, limit: 1 })) as { action: string; before: { state: string }; after: { state: string } }[];
    expect(entry).toMatchObject({ action: 'instance.cancel', before: { state: 'ACTIVE' }, after: { state: 'TERMINATED' } });
  });

  it('publishes a message that completes a waiting instance', async () => {
    // given
    const { processInstanceKey } = (await start(admin, { bpmnProcessId: 'message-catch', variables: { orderId: 'A-1' } })).body;
    await api.waitFor('element.activated', (e) => e.processInstanceKey === processInstanceKey && e.elementId === 'Event_Payment');

    // when
    const byDept = await request(api.app).post('/api/messages').set('Authorization', bearer(commerce)).send({ name: 'payment-received', correlationKey: 'A-1' });
    const res = await request(api.app).post('/api/messages').set('Authorization', bearer(office)).send({ name: 'payment-received', correlationKey: 'A-1', variables: { paid: true } });
    await api.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(byDept.status).toBe(403);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ messageKey: expect.stringMatching(/^\d+$/) });
    const detail = await get(office, processInstanceKey);
    expect(detail.body).toMatchObject({ state: 'COMPLETED', variables: { orderId: 'A-1', paid: true } });
    expect(detail.body.elements).toContainEqual({ elementId: 'Event_Payment', state: 'COMPLETED', overdue: false });
  });

  it('refuses malformed keys and bodies with 400', async () => {
    // when
    const badKey = await get(office, 'abc');
    const unknownField = await start(office, { bpmnProcessId: 'research-deliberation', variables: {}, priority: 1 });
    const badVariables = await start(office, { bpmnProcessId: 'research-deliberation', variables: [1, 2] });
    const badState = await request(api.app).get('/api/instances?state=RUNNING').set('Authorization', bearer(office));

    // then
    expect([badKey.status, unknownField.status, badVariables.status, badState.status]).toEqual([400, 400, 400, 400]);
  });
});
