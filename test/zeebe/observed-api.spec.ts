import fs from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { done, type EngineEvent, type EngineEventType } from '../../engine/port';
import { tasks } from '../../store/schema';
import { startZeebeApi, type ZeebeApi } from './zeebe-api';

/**
 * The instance and incident views on Zeebe: the real HTTP app, adapter, task projection and
 * observations on PGlite, the real SDK talking gRPC to a loopback gateway built from its zeebe.proto.
 */
const RESEARCH = fs.readFileSync(path.resolve('processes/research-deliberation.bpmn'), 'utf8');
const DEFINITION_KEY = '2251799813685250';

/** A job as the gateway hands it out, of the research diagram. */
const job = (key: string, processInstanceKey: string, elementId: string, type: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => ({
  key,
  type,
  processInstanceKey,
  bpmnProcessId: 'research-deliberation',
  processDefinitionVersion: 1,
  processDefinitionKey: DEFINITION_KEY,
  elementId,
  elementInstanceKey: String(BigInt(key) + 1n),
  customHeaders: JSON.stringify(headers),
  worker: 'test',
  retries: 3,
  deadline: String(Date.now() + 86_400_000),
  variables: JSON.stringify(variables),
  tenantId: '<default>',
});
const researchTask = (key: string, processInstanceKey: string, variables: Record<string, unknown>) =>
  job(key, processInstanceKey, 'Task_Research', 'io.camunda.zeebe:userTask', variables, {
    'io.camunda.zeebe:candidateGroups': '["dept-commerce"]',
    'io.camunda.zeebe:dueDate': '2026-12-04T18:00:00+08:00',
    'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:research-survey',
  });

describe('instances and incidents on Zeebe: what the app observed', () => {
  let z: ZeebeApi;
  let admin: string;
  let office: string;
  let supervisor: string;
  let commerce: string;
  let finance: string;

  beforeAll(async () => {
    z = await startZeebeApi();
    admin = await z.api.tokenFor({ id: 'u-admin', roles: ['admin'] });
    office = await z.api.tokenFor({ id: 'u-office', roles: ['general-office'] });
    supervisor = await z.api.tokenFor({ id: 'u-supervisor', roles: ['supervisor'] });
    commerce = await z.api.tokenFor({ id: 'u-commerce', roles: ['drafting-dept'], departmentId: 'dept-commerce' });
    finance = await z.api.tokenFor({ id: 'u-finance', roles: ['drafting-dept'], departmentId: 'dept-finance' });
    // deployed through the API, as the modeler does: recorded in the catalogue with its XML
    z.gateway.responses.DeployResource = {
      key: '2251799813685249',
      deployments: [{ process: { bpmnProcessId: 'research-deliberation', version: 1, processDefinitionKey: DEFINITION_KEY, resourceName: 'research-deliberation.bpmn', tenantId: '<default>' } }],
    };
    const deploy = await request(z.app).post('/api/definitions').set('Authorization', `Bearer ${admin}`).send({ name: 'research-deliberation.bpmn', xml: RESEARCH });
    expect(deploy.status).toBe(201);
  });
  afterAll(() => z.close());

  const as = (token: string) => ({
    get: (url: string) => request(z.app).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => request(z.app).post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  /** Starts an instance through the API; the gateway answers with this key. */
  async function start(token: string, processInstanceKey: string, variables: Record<string, unknown>) {
    z.gateway.responses.CreateProcessInstance = { processDefinitionKey: DEFINITION_KEY, bpmnProcessId: 'research-deliberation', version: 1, processInstanceKey, tenantId: '<default>' };
    const res = await as(token).post('/api/instances', { bpmnProcessId: 'research-deliberation', variables });
    expect(res.status).toBe(201);
  }
  async function waitFor(type: EngineEventType, match: (e: EngineEvent) => boolean): Promise<EngineEvent> {
    const until = Date.now() + 10_000;
    for (;;) {
      const found = z.events.find((e) => e.type === type && match(e));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no ${type} event`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  /** Offers a user-task job to the bridge and waits until the inbox has it. */
  async function bridged(offer: ReturnType<typeof job>) {
    z.gateway.offerJob(offer);
    await waitFor('userTask.created', (e) => e.payload.jobKey === offer.key);
    await z.projection.idle();
  }
  /** Runs one job of `type` through a worker with this outcome, until the gateway heard it. */
  async function work(offer: ReturnType<typeof job>, outcome: () => ReturnType<typeof done.complete>, heard: 'CompleteJob' | 'FailJob') {
    z.gateway.offerJob(offer);
    const worker = z.zeebe.createWorker({ taskType: offer.type, handler: outcome });
    await z.gateway.waitFor(heard, (r) => r.jobKey === offer.key);
    await waitFor(heard === 'CompleteJob' ? 'job.completed' : 'job.failed', (e) => e.payload.jobKey === offer.key);
    await worker.close();
  }

  it('shows an instance it started with its bridged user task, named from the diagram, marked as observed', async () => {
    // given an instance started through the API and its first user task bridged
    await start(commerce, '2251799813690001', { documentTitle: '关于促进外贸发展的若干措施' });
    await bridged(researchTask('2251799813690100', '2251799813690001', { draftingDept: 'dept-commerce', documentTitle: '关于促进外贸发展的若干措施' }));

    // when
    const detail = await as(commerce).get('/api/instances/2251799813690001');
    const list = await as(office).get('/api/instances?bpmnProcessId=research-deliberation');
    const otherDept = await as(finance).get('/api/instances/2251799813690001');
    const otherDeptList = await as(finance).get('/api/instances');

    // then the inbox row has the element's name and definition key, as on the embedded engine
    const [row] = await z.api.database.db.select().from(tasks).where(eq(tasks.id, '2251799813690100'));
    expect(row).toMatchObject({ name: '成立专题调研组开展调研', processDefinitionKey: DEFINITION_KEY, elementId: 'Task_Research' });
    // and the instance view says what it is
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      processInstanceKey: '2251799813690001',
      bpmnProcessId: 'research-deliberation',
      version: 1,
      processDefinitionKey: DEFINITION_KEY,
      state: 'ACTIVE',
      startedHere: true,
      endedAt: null,
      variables: { draftingDept: 'dept-commerce', documentTitle: '关于促进外贸发展的若干措施' },
      elements: [{ elementId: 'Task_Research', state: 'ACTIVE', overdue: false }],
      incidents: [],
      source: 'observed',
      complete: false,
      message: expect.stringContaining('Operate holds the full state'),
    });
    expect(detail.body.history.map((h: { type: string; elementId: string }) => [h.type, h.elementId])).toEqual([
      ['processInstance.created', 'research-deliberation'],
      ['userTask.created', 'Task_Research'],
    ]);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20, source: 'observed', complete: false });
    expect(list.body.items).toEqual([
      { processInstanceKey: '2251799813690001', bpmnProcessId: 'research-deliberation', version: 1, state: 'ACTIVE', createdAt: expect.any(String), endedAt: null, documentTitle: '关于促进外贸发展的若干措施', startedHere: true },
    ]);
    expect(otherDept.status).toBe(404);
    expect(otherDeptList.body.items).toEqual([]);
  });

  it('marks what its workers and the inbox finished as completed; with nothing open the state is unknown', async () => {
    // given an instance whose deadline job a worker completes, and whose user task is completed
    await start(office, '2251799813690002', { draftingDept: 'dept-commerce', documentTitle: '草案乙' });
    await work(job('2251799813690200', '2251799813690002', 'Task_ResearchPeriod', 'deadline'), () => done.complete({ dueDate: '2026-12-04T18:00:00+08:00' }), 'CompleteJob');
    await bridged(researchTask('2251799813690210', '2251799813690002', { draftingDept: 'dept-commerce' }));
    const whileOpen = await as(office).get('/api/instances/2251799813690002');

    // when the task is completed (as the inbox does)
    await z.zeebe.completeJob('2251799813690210', { researchTeam: ['a'] });
    await z.projection.idle();
    const after = await as(office).get('/api/instances/2251799813690002');

    // then
    expect(whileOpen.body.state).toBe('ACTIVE');
    expect(after.body.state).toBe('UNKNOWN');
    expect(after.body.elements).toEqual([
      { elementId: 'Task_ResearchPeriod', state: 'COMPLETED', overdue: false },
      { elementId: 'Task_Research', state: 'COMPLETED', overdue: false },
    ]);
    expect(after.body.history.map((h: { type: string }) => h.type)).toEqual(['processInstance.created', 'job.completed', 'userTask.created', 'job.completed', 'userTask.completed']);
  });

  it("lists a worker's incident as on the embedded engine, with the element's name; resolving it gives the job a retry and resolves it at the gateway", async () => {
    // given a notify job that fails with no retries left
    await start(office, '2251799813690003', { draftingDept: 'dept-commerce' });
    await work(job('2251799813690300', '2251799813690003', 'Task_ResearchRemind', 'notify'), () => done.fail('no recipient', { retries: 0 }), 'FailJob');

    // when
    const active = await as(supervisor).get('/api/incidents?state=ACTIVE');
    const detail = await as(office).get('/api/instances/2251799813690003');
    const withoutKey = await as(office).post('/api/incidents/2251799813690300/resolve');
    const retriesAfterRefusal = z.gateway.requests('UpdateJobRetries').length;
    const callsBefore = z.gateway.calls.length;
    const resolved = await as(office).post('/api/incidents/2251799813690300/resolve', { incidentKey: '2251799813690399' });
    const again = await as(office).post('/api/incidents/2251799813690300/resolve', { incidentKey: '2251799813690399' });
    const list = await as(office).get('/api/incidents?state=RESOLVED');

    // then it was listed like an embedded incident, keyed by its job
    const incident = {
      key: '2251799813690300',
      state: 'ACTIVE',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'no recipient',
      processInstanceKey: '2251799813690003',
      elementId: 'Task_ResearchRemind',
      elementName: '提醒起草部门',
      elementInstanceKey: '2251799813690301',
      bpmnProcessId: 'research-deliberation',
      jobKey: '2251799813690300',
      incidentKey: null,
      createdAt: expect.any(String),
    };
    expect(active.body).toEqual([incident]);
    expect(detail.body).toMatchObject({ state: 'ACTIVE', incidents: [incident], elements: [{ elementId: 'Task_ResearchRemind', state: 'ACTIVE', overdue: false }] });
    // without the incident key (Zeebe never returned it) nothing is sent
    expect(withoutKey.status).toBe(422);
    expect(withoutKey.body.error.code).toBe('INCIDENT_KEY_REQUIRED');
    expect(retriesAfterRefusal).toBe(0);
    // with it: one retry for the job, then the incident resolved, in that order
    expect(resolved.status).toBe(204);
    expect(z.gateway.calls.slice(callsBefore).filter((c) => c.method !== 'ActivateJobs').map((c) => [c.method, c.request])).toEqual([
      ['UpdateJobRetries', { jobKey: '2251799813690300', retries: 1 }],
      ['ResolveIncident', { incidentKey: '2251799813690399' }],
    ]);
    expect(again.status).toBe(409);
    expect(list.body).toEqual([{ ...incident, state: 'RESOLVED', incidentKey: '2251799813690399' }]);
    const [entry] = (await z.api.ctx.audit.list({ resource: 'incident', resourceId: '2251799813690300', limit: 1 })) as { action: string; actor: string; before: { state: string }; after: object }[];
    expect(entry).toMatchObject({ action: 'incident.resolve', actor: 'u-office', before: { state: 'ACTIVE' }, after: { state: 'RESOLVED', retries: 1, incidentKey: '2251799813690399' } });
  });

  it('resolves an incident it did not observe (its key read in Operate) as given, and maps the broker refusal', async () => {
    // given
    z.gateway.rejectNext('ResolveIncident', status.NOT_FOUND, 'Expected to resolve incident with key 2251799813690499, but no such incident was found');

    // when
    const unknown = await as(office).post('/api/incidents/2251799813690499/resolve');

    // then
    expect(unknown.status).toBe(404);
    expect(z.gateway.requests('ResolveIncident')).toContainEqual({ incidentKey: '2251799813690499' });
  });

  it('shows an instance cancelled here as terminated, once; its open task as terminated', async () => {
    // given
    await start(office, '2251799813690004', { draftingDept: 'dept-commerce' });
    await bridged(researchTask('2251799813690400', '2251799813690004', { draftingDept: 'dept-commerce' }));

    // when
    const cancel = await as(office).post('/api/instances/2251799813690004/cancel');
    const again = await as(office).post('/api/instances/2251799813690004/cancel');
    const detail = await as(office).get('/api/instances/2251799813690004');
    const terminated = await as(office).get('/api/instances?state=TERMINATED');

    // then
    expect(cancel.status).toBe(204);
    expect(again.status).toBe(409);
    expect(z.gateway.requests('CancelProcessInstance')).toEqual([{ processInstanceKey: '2251799813690004' }]);
    expect(detail.body).toMatchObject({ state: 'TERMINATED', endedAt: expect.any(String), elements: [{ elementId: 'Task_Research', state: 'TERMINATED', overdue: false }] });
    expect(terminated.body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual(['2251799813690004']);
  });

  it('lists an instance met only through its job (started by a timer or message), and refuses the COMPLETED filter', async () => {
    // given a user task of an instance the app did not start
    await bridged(researchTask('2251799813690500', '2251799813690005', { draftingDept: 'dept-commerce', documentTitle: '清理目录' }));

    // when
    const list = await as(commerce).get('/api/instances');
    const detail = await as(commerce).get('/api/instances/2251799813690005');
    const completed = await as(office).get('/api/instances?state=COMPLETED');
    const never = await as(office).get('/api/instances/2251799813699999');

    // then
    expect(list.body.items[0]).toEqual({ processInstanceKey: '2251799813690005', bpmnProcessId: 'research-deliberation', version: 1, state: 'ACTIVE', createdAt: expect.any(String), endedAt: null, documentTitle: '清理目录', startedHere: false });
    expect(detail.body).toMatchObject({ startedHere: false, processDefinitionKey: DEFINITION_KEY, variables: { documentTitle: '清理目录' }, source: 'observed' });
    expect(completed.status).toBe(422);
    expect(completed.body.error.code).toBe('NOT_SUPPORTED');
    expect(never.status).toBe(404);
  });

  it('names the elements of a definition deployed through the app also after a restart (from the catalogue)', async () => {
    // given an adapter that deployed nothing itself (its own job type, so that only it takes the job)
    const restarted = z.restartedAdapter();
    const seen: EngineEvent[] = [];
    restarted.onEvent((e) => seen.push(e));
    z.gateway.offerJob(job('2251799813690600', '2251799813690006', 'Task_ResearchRemind', 'notify-after-restart'));

    // when its worker fails the job for good
    restarted.createWorker({ taskType: 'notify-after-restart', handler: () => done.fail('no recipient', { retries: 0 }) });
    const until = Date.now() + 10_000;
    while (!seen.some((e) => e.type === 'incident.created')) {
      if (Date.now() > until) throw new Error('no incident');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // then the element's name came from the catalogue
    expect(seen.find((e) => e.type === 'incident.created')!.payload).toMatchObject({ elementName: '提醒起草部门', processDefinitionKey: DEFINITION_KEY });
  });
});
