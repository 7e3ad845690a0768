import { done } from '../../../engine/port';
import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { activeElements, completed, deployFixtures, jobKeyOf, start } from './scenario';

/** Rows of the support table not covered by the other groups. */
describe('remaining supported elements', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('a non-interrupting escalation event sub-process catches an intermediate escalation while the work goes on', async () => {
    // given
    await deployFixtures(t, 'esp-escalation-message.bpmn');

    // when
    const processInstanceKey = await start(t, 'esp-escalation-message', { documentId: 'D-1' });
    const notify = await jobKeyOf(t, 'Task_Notify', processInstanceKey);
    const draft = await jobKeyOf(t, 'Task_Draft', processInstanceKey);

    // then both run side by side, and the process ends only when both are done
    expect(await activeElements(t, processInstanceKey)).toEqual(['Esp_Escalated', 'Task_Draft', 'Task_Notify']);
    await t.engine.completeJob(draft);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('ACTIVE');
    await t.engine.completeJob(notify);
    await completed(t, processInstanceKey);
  });

  it('a non-interrupting message event sub-process answers every enquiry without stopping the draft', async () => {
    // given a draft in progress (its escalation handled)
    await deployFixtures(t, 'esp-escalation-message.bpmn');
    const processInstanceKey = await start(t, 'esp-escalation-message', { documentId: 'D-2' });
    await t.engine.completeJob(await jobKeyOf(t, 'Task_Notify', processInstanceKey));
    await jobKeyOf(t, 'Task_Draft', processInstanceKey);

    // when two enquiries arrive for it and one for another document
    await t.engine.publishMessage({ name: 'enquiry', correlationKey: 'D-2', variables: { question: 'q1' } });
    await t.engine.publishMessage({ name: 'enquiry', correlationKey: 'D-2', variables: { question: 'q2' } });
    await t.engine.publishMessage({ name: 'enquiry', correlationKey: 'D-9' });

    // then two replies run beside the draft
    const active = await activeElements(t, processInstanceKey);
    expect(active.filter((id) => id === 'Task_Reply')).toHaveLength(2);
    expect(active).toContain('Task_Draft');
  });

  it('an intermediate signal throw event reaches a signal catch in another process and goes on', async () => {
    // given an instance waiting for the go-ahead signal
    await deployFixtures(t, 'signal-catch.bpmn', 'signal-throw.bpmn');
    const waiting = t.events.length;
    const catcher = await start(t, 'signal-catch');
    await t.engine.idle();
    expect(t.events.slice(waiting).some((e) => e.type === 'processInstance.completed')).toBe(false);

    // when another process throws it
    const thrower = await start(t, 'signal-throw');

    // then the catcher completes and the thrower continues to its next task
    await completed(t, catcher);
    await jobKeyOf(t, 'Task_Archive', thrower);
  });

  it('a user task with an embedded form (zeebe:userTaskForm) carries Zeebe\'s formKey header', async () => {
    // given
    await deployFixtures(t, 'embedded-form.bpmn');

    // when
    const processInstanceKey = await start(t, 'embedded-form');
    const created = await t.waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(created.payload.customHeaders).toMatchObject({
      'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:UserTaskForm_Review',
      'io.camunda.zeebe:candidateGroups': '["legal-office"]',
    });
  });

  it('a compensation end event runs the handler of the completed activity, then ends the instance', async () => {
    // given
    await deployFixtures(t, 'compensation-end.bpmn');
    t.engine.createWorker({ taskType: 'publish', handler: () => done.complete({ published: true }) });
    t.engine.createWorker({ taskType: 'review', handler: () => done.complete({ lawful: false }) });
    t.engine.createWorker({ taskType: 'withdraw', handler: () => done.complete({ withdrawn: true }) });

    // when
    const processInstanceKey = await start(t, 'compensation-end');
    await completed(t, processInstanceKey);

    // then
    const types = t.events.filter((e) => e.processInstanceKey === processInstanceKey && e.type === 'job.created').map((e) => e.payload.type);
    expect(types).toEqual(['publish', 'review', 'withdraw']);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toMatchObject({ withdrawn: true });
  });
});
