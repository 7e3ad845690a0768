import { done } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

const USER_TASK = 'io.camunda.zeebe:userTask';

describe('user task', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
    await t.deploy('user-task.bpmn');
  });
  afterEach(() => t.close());

  const draftVariables = {
    drafter: 'lin',
    draftingDept: 'drafting',
    reviewers: ['alice', 'bob'],
    followUp: '2026-11-30T09:00:00+08:00',
    formName: 'draft-form',
  };
  const userTaskCreated = (processInstanceKey: string, elementId: string) =>
    t.waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === elementId);

  it('creates a job of type io.camunda.zeebe:userTask with the assignment, schedule and form evaluated from FEEL', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'user-task', variables: draftVariables });

    // when
    const created = await userTaskCreated(processInstanceKey, 'Task_Draft');

    // then
    const headers = {
      'io.camunda.zeebe:assignee': 'lin',
      'io.camunda.zeebe:candidateGroups': '["drafting"]',
      'io.camunda.zeebe:candidateUsers': '["alice","bob"]',
      'io.camunda.zeebe:dueDate': '2026-12-01T09:00:00+08:00',
      'io.camunda.zeebe:followUpDate': '2026-11-30T09:00:00+08:00',
      'io.camunda.zeebe:formKey': 'custom:draft-form',
    };
    expect(created.payload).toMatchObject({ name: 'Draft the policy', customHeaders: headers });
    const job = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    expect(job.payload).toMatchObject({ jobKey: created.payload.jobKey, type: USER_TASK, customHeaders: headers });
  });

  it('static assignment, schedule and form arrive as headers of the job a worker receives', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'user-task', variables: draftVariables });
    const draft = await userTaskCreated(processInstanceKey, 'Task_Draft');
    await t.engine.completeJob(draft.payload.jobKey as string, { draft: 'v1' });
    const received: Record<string, string>[] = [];

    // when
    t.engine.createWorker({ taskType: USER_TASK, handler: (job) => (received.push(job.customHeaders), done.complete({ verdict: 'fine' })) });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(received).toEqual([
      {
        'io.camunda.zeebe:assignee': 'demo',
        'io.camunda.zeebe:candidateGroups': '["legal","policy"]',
        'io.camunda.zeebe:candidateUsers': '["alice","bob"]',
        'io.camunda.zeebe:dueDate': '2026-12-15T17:00:00+08:00',
        'io.camunda.zeebe:followUpDate': '2026-12-10T09:00:00+08:00',
        'io.camunda.zeebe:formKey': 'custom:review-form',
      },
    ]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toMatchObject({ draft: 'v1', verdict: 'fine' });
  });

  it('completing the job emits userTask.completed with the submitted variables', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'user-task', variables: draftVariables });
    const draft = await userTaskCreated(processInstanceKey, 'Task_Draft');

    // when
    await t.engine.completeJob(draft.payload.jobKey as string, { draft: 'v1' });

    // then
    const completed = await t.waitFor('userTask.completed', (e) => e.processInstanceKey === processInstanceKey);
    expect(completed).toMatchObject({ elementId: 'Task_Draft', payload: { jobKey: draft.payload.jobKey, variables: { draft: 'v1' } } });
    await userTaskCreated(processInstanceKey, 'Task_Review');
    expect(t.events.filter((e) => e.type.startsWith('userTask.')).map((e) => `${e.type} ${e.elementId}`)).toEqual([
      'userTask.created Task_Draft',
      'userTask.completed Task_Draft',
      'userTask.created Task_Review',
    ]);
  });

  it('cancelling the instance emits userTask.canceled and terminates it', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'user-task', variables: draftVariables });
    const draft = await userTaskCreated(processInstanceKey, 'Task_Draft');

    // when
    await t.engine.cancelProcessInstance(processInstanceKey);

    // then
    const canceled = await t.waitFor('userTask.canceled', (e) => e.processInstanceKey === processInstanceKey);
    expect(canceled).toMatchObject({ elementId: 'Task_Draft', payload: { jobKey: draft.payload.jobKey } });
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('TERMINATED');
    expect(t.events.filter((e) => e.processInstanceKey === processInstanceKey).map((e) => e.type).slice(-5)).toEqual([
      'job.canceled',
      'userTask.canceled',
      'element.terminated',
      'element.terminated',
      'processInstance.terminated',
    ]);
    await expect(t.engine.completeJob(draft.payload.jobKey as string)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
