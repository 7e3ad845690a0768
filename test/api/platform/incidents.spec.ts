import request from 'supertest';
import { done } from '../../../engine/port';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, fixture } from './support';

describe('incidents', () => {
  let api: TestApi;
  let supervisor: string;
  let office: string;
  let leader: string;
  beforeAll(async () => {
    api = await startTestApi();
    await api.engine.deployResources([{ name: 'one-task.bpmn', content: fixture('one-task.bpmn') }]);
    supervisor = await api.tokenFor({ id: 'u-supervisor', roles: ['supervisor'] });
    office = await api.tokenFor({ id: 'u-office', roles: ['general-office'] });
    leader = await api.tokenFor({ roles: ['leader'] });
  });
  afterAll(() => api.close());

  /** An instance whose job failed with no retries left: a job incident. */
  async function failingInstance(): Promise<{ processInstanceKey: string; jobKey: string }> {
    const { processInstanceKey } = await api.engine.createProcessInstance({ bpmnProcessId: 'one-task' });
    const job = await api.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    const jobKey = String(job.payload.jobKey);
    await api.engine.failJob(jobKey, 'the registry is down', 0);
    await api.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);
    return { processInstanceKey, jobKey };
  }

  it('lists active incidents with their element and error', async () => {
    // given
    const { processInstanceKey, jobKey } = await failingInstance();

    // when
    const res = await request(api.app).get('/api/incidents?state=ACTIVE').set('Authorization', bearer(supervisor));

    // then
    expect(res.status).toBe(200);
    expect(res.body).toContainEqual({
      key: expect.stringMatching(/^\d+$/),
      state: 'ACTIVE',
      errorType: expect.any(String),
      errorMessage: 'the registry is down',
      processInstanceKey,
      elementId: 'Task_Work',
      elementName: null,
      elementInstanceKey: expect.any(String),
      bpmnProcessId: 'one-task',
      jobKey,
      incidentKey: expect.stringMatching(/^\d+$/),
      createdAt: '2026-11-27T01:00:00.000Z',
    });
    const listed = res.body.find((i: { processInstanceKey: string }) => i.processInstanceKey === processInstanceKey);
    expect(listed.incidentKey).toBe(listed.key);
  });

  it('resolves a job incident: the job gets a retry and the instance goes on', async () => {
    // given
    const { processInstanceKey } = await failingInstance();
    const incident = (await request(api.app).get('/api/incidents?state=ACTIVE').set('Authorization', bearer(office))).body.find((i: { processInstanceKey: string }) => i.processInstanceKey === processInstanceKey);

    // when resolved, and a worker then does the job
    const res = await request(api.app).post(`/api/incidents/${incident.key}/resolve`).set('Authorization', bearer(office));
    const worker = api.engine.createWorker({ taskType: 'work', handler: () => done.complete({ registered: true }) });
    await api.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
    await worker.close();

    // then
    expect(res.status).toBe(204);
    const resolved = (await request(api.app).get('/api/incidents?state=RESOLVED').set('Authorization', bearer(office))).body;
    expect(resolved.map((i: { key: string }) => i.key)).toContain(incident.key);
    const [entry] = (await api.ctx.audit.list({ resource: 'incident', resourceId: incident.key, limit: 1 })) as { action: string; actor: string; before: { state: string } }[];
    expect(entry).toMatchObject({ action: 'incident.resolve', actor: 'u-office', before: { state: 'ACTIVE' } });
  });

  it('answers 409 for a resolved incident, 404 for an unknown one, 403 for other roles', async () => {
    // given
    const { processInstanceKey } = await failingInstance();
    const incident = (await request(api.app).get('/api/incidents?state=ACTIVE').set('Authorization', bearer(office))).body.find((i: { processInstanceKey: string }) => i.processInstanceKey === processInstanceKey);
    await request(api.app).post(`/api/incidents/${incident.key}/resolve`).set('Authorization', bearer(office));

    // when
    const again = await request(api.app).post(`/api/incidents/${incident.key}/resolve`).set('Authorization', bearer(supervisor));
    const unknown = await request(api.app).post('/api/incidents/987654321/resolve').set('Authorization', bearer(supervisor));
    const byLeader = await request(api.app).post(`/api/incidents/${incident.key}/resolve`).set('Authorization', bearer(leader));
    const listByLeader = await request(api.app).get('/api/incidents').set('Authorization', bearer(leader));

    // then
    expect(again.status).toBe(409);
    expect(unknown.status).toBe(404);
    expect(byLeader.status).toBe(403);
    expect(listByLeader.status).toBe(403);
  });
});
