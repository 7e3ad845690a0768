import { status } from '@grpc/grpc-js';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { createApp } from '../../../api/app';
import { startTaskProjection, type TaskProjection } from '../../../domain/task-projection';
import type { EngineEvent } from '../../../engine/port';
import { ZeebeEngine } from '../../../engine/zeebe';
import { engineMeta, tasks } from '../../../store/schema';
import { PROJECTION_POSITION } from '../../../store/task.repository';
import { GatewayStub } from '../../zeebe/gateway-stub';
import { RESEARCH_FORM, startInbox, type Inbox } from './inbox-harness';

describe('the task projection', () => {
  let t: Inbox;
  beforeAll(async () => {
    t = await startInbox();
  });
  afterAll(() => t.close());

  const rowOf = async (id: string) => (await t.database.db.select().from(tasks).where(eq(tasks.id, id)))[0];

  describe('on the embedded engine', () => {
    it('catches up from its stored position after it was stopped, then follows live events', async () => {
      // given a task projected, then the projection stopped
      const processInstanceKey = await t.startResearch('dept-industry');
      const research = await t.task(processInstanceKey, 'Task_Research');
      await t.projection.stop();
      const [stored] = await t.database.db.select().from(engineMeta).where(eq(engineMeta.name, PROJECTION_POSITION));

      // when the task is completed and the next one created while nobody projects
      await t.engine.completeJob(research.id, RESEARCH_FORM);
      const published = await t.waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === 'Task_PublishDraft');
      const missed = await rowOf(published.payload.jobKey as string);
      t.projection = await startTaskProjection({ database: t.database, engine: t.engine });

      // then the new projection caught up with both
      expect(stored!.value).toBeGreaterThan(0);
      expect(missed).toBeUndefined();
      expect(await rowOf(research.id)).toMatchObject({ state: 'COMPLETED', completedAt: t.clock.now() });
      expect(await rowOf(published.payload.jobKey as string)).toMatchObject({
        state: 'CREATED',
        elementId: 'Task_PublishDraft',
        department: 'dept-industry',
        variables: expect.objectContaining({ researchTeam: RESEARCH_FORM.researchTeam }),
      });

      // and follows live events again
      await t.engine.cancelProcessInstance(processInstanceKey);
      await t.waitFor('userTask.canceled', (e) => e.processInstanceKey === processInstanceKey);
      await t.projection.idle();
      expect(await rowOf(published.payload.jobKey as string)).toMatchObject({ state: 'CANCELED', completedAt: t.clock.now() });
    });

    it('applies an event it has already applied only once (live and re-read events overlap)', async () => {
      // given a task someone claimed since it was projected
      const task = await t.task(await t.startResearch('dept-industry'), 'Task_Research');
      await t.database.db.update(tasks).set({ assignee: 'someone' }).where(eq(tasks.id, task.id));
      const created = t.events.find((e) => e.type === 'userTask.created' && e.payload.jobKey === task.id)!;

      // when the same creation event arrives again
      t.projection.handle(created);
      await t.projection.idle();

      // then nothing changed
      expect(await rowOf(task.id)).toMatchObject({ assignee: 'someone', state: 'CREATED', createdAt: task.createdAt });
    });
  });

  describe('on Zeebe (the user-task bridge over real gRPC)', () => {
    let gateway: GatewayStub;
    let zeebe: ZeebeEngine;
    let projection: TaskProjection;
    let app: ReturnType<typeof createApp>;
    const zeebeEvents: EngineEvent[] = [];

    const userTaskJob = (key: string, variables: Record<string, unknown>) => ({
      key,
      type: 'io.camunda.zeebe:userTask',
      processInstanceKey: '2251799813685260',
      bpmnProcessId: 'research-deliberation',
      processDefinitionVersion: 3,
      processDefinitionKey: '2251799813685250',
      elementId: 'Task_Research',
      elementInstanceKey: '2251799813685270',
      customHeaders: JSON.stringify({
        'io.camunda.zeebe:candidateGroups': '["dept-commerce"]',
        'io.camunda.zeebe:dueDate': '2026-12-04T18:00:00+08:00',
        'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:research-survey',
      }),
      worker: 'user-task-bridge',
      retries: 1,
      deadline: String(Date.now() + 86_400_000),
      variables: JSON.stringify(variables),
      tenantId: '<default>',
    });

    beforeAll(async () => {
      gateway = await GatewayStub.start();
      zeebe = new ZeebeEngine({
        client: {
          ZEEBE_GRPC_ADDRESS: gateway.address,
          CAMUNDA_AUTH_STRATEGY: 'NONE',
          CAMUNDA_SECURE_CONNECTION: false,
          zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10, ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 50, ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: 1 },
        },
      });
      zeebe.onEvent((e) => zeebeEvents.push(e));
      projection = await startTaskProjection({ database: t.database, engine: zeebe });
      zeebe.bridgeUserTasks();
      app = createApp({ ...t.ctx, engine: zeebe, engineKind: 'zeebe' });
    });
    afterAll(async () => {
      await projection.stop();
      await zeebe.close();
      await gateway.close();
      // the SDK's gRPC channels finish closing a moment after close() resolves; let them, so Jest can exit
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    });

    /** Waits until the bridge announced `count` creations of job `key` and the projection applied them. */
    async function announced(key: string, count: number) {
      const until = Date.now() + 10_000;
      while (zeebeEvents.filter((e) => e.type === 'userTask.created' && e.payload.jobKey === key).length < count) {
        if (Date.now() > until) throw new Error(`job ${key} was not announced ${count} times`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await projection.idle();
      return rowOf(key);
    }
    const as = (user: keyof Inbox['tokens']) => ({
      post: (url: string, body: object = {}) => request(app).post(url).set('Authorization', `Bearer ${t.tokens[user]}`).send(body),
    });

    it('upserts a job announced again after its activation timeout, keeping the claim, and completes the job from the inbox', async () => {
      // given the bridge activated the job once, and a clerk claimed the task
      gateway.offerJob(userTaskJob('2251799813685700', { draftingDept: 'dept-commerce', documentId: 'doc-z', documentTitle: '第一稿' }));
      const first = await announced('2251799813685700', 1);
      const claim = await as('commerceA').post('/api/tasks/2251799813685700/claim');

      // when the job's activation times out and the bridge announces it again with newer variables
      gateway.offerJob(userTaskJob('2251799813685700', { draftingDept: 'dept-commerce', documentId: 'doc-z', documentTitle: '第二稿' }));
      const second = await announced('2251799813685700', 2);

      // then one row, still claimed, with the newer snapshot
      expect(first).toMatchObject({
        name: 'Task_Research', // a definition this app did not deploy: the element id stands in for the name
        processInstanceKey: '2251799813685260',
        candidateGroups: ['dept-commerce'],
        dueAt: Date.parse('2026-12-04T10:00:00Z'),
        dueDate: '2026-12-04T18:00:00+08:00',
        formId: 'research-survey',
        department: 'dept-commerce',
        documentId: 'doc-z',
        documentTitle: '第一稿',
        assignee: null,
      });
      expect(claim.status).toBe(200);
      expect(second).toMatchObject({ assignee: 'commerce-a', state: 'CREATED', createdAt: first!.createdAt, documentTitle: '第二稿' });

      // when the clerk completes it
      const done = await as('commerceA').post('/api/tasks/2251799813685700/complete', { variables: RESEARCH_FORM });
      await projection.idle();

      // then the job was completed over gRPC with the form data and who completed it, and the row is completed
      expect(done.status).toBe(200);
      const completeJob = await gateway.waitFor('CompleteJob', (r) => r.jobKey === '2251799813685700');
      expect(JSON.parse(String(completeJob.variables))).toEqual({ ...RESEARCH_FORM, completedBy: { id: 'u-commerce-a', username: 'commerce-a', name: '张商务', department: 'dept-commerce' } });
      expect(await rowOf('2251799813685700')).toMatchObject({ state: 'COMPLETED', completedBy: 'commerce-a' });
    });

    it('puts the task back when the broker refuses the completion, and cancels it when the job is gone', async () => {
      // given
      gateway.offerJob(userTaskJob('2251799813685800', { draftingDept: 'dept-commerce' }));
      gateway.offerJob(userTaskJob('2251799813685900', { draftingDept: 'dept-commerce' }));
      await announced('2251799813685800', 1);
      await announced('2251799813685900', 1);

      // when the broker refuses one completion for now, and does not know the other job any more
      gateway.rejectNext('CompleteJob', status.FAILED_PRECONDITION, 'Expected to complete job, but it is not activatable');
      const refused = await as('commerceB').post('/api/tasks/2251799813685800/complete', { variables: RESEARCH_FORM });
      const afterRefusal = await rowOf('2251799813685800');
      gateway.rejectNext('CompleteJob', status.NOT_FOUND, 'Expected to complete job with key 2251799813685900, but no such job was found');
      const gone = await as('commerceB').post('/api/tasks/2251799813685900/complete', { variables: RESEARCH_FORM });
      await projection.idle();

      // then
      expect(refused.status).toBe(409);
      expect(afterRefusal).toMatchObject({ state: 'CREATED', completedAt: null, completedBy: null });
      expect(gone.status).toBe(409);
      expect(gone.body.error.code).toBe('TASK_CANCELED');
      expect(await rowOf('2251799813685900')).toMatchObject({ state: 'CANCELED' });

      // and the refused one can be completed later
      const retried = await as('commerceB').post('/api/tasks/2251799813685800/complete', { variables: RESEARCH_FORM });
      expect(retried.status).toBe(200);
    });
  });
});
