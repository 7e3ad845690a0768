import { done } from '../../../engine/port';
import { startTestEngine, T0, type TestEngine } from '../../support/engine-harness';
import { activeElements, completed, deployFixtures, eventsOf, jobKeyOf, settle, start, trail } from './scenario';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('event sub-processes', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const timerFirings = (startEventId: string) => eventsOf(t, 'timer.triggered').filter((e) => e.payload.elementId === startEventId);

  it('an interrupting message event sub-process cancels the running user task and completes the process through itself', async () => {
    // given
    await deployFixtures(t, 'esp-message.bpmn');
    const processInstanceKey = await start(t, 'esp-message', { caseId: 'C-1' });
    const taskJob = await jobKeyOf(t, 'Task_Draft', processInstanceKey);

    // when
    await t.engine.publishMessage({ name: 'withdrawn', correlationKey: 'C-1' });
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(
      expect.arrayContaining(['userTask.canceled Task_Draft', 'element.terminated Task_Draft', 'element.completed Esp_Withdrawn', 'element.completed EndEvent_Withdrawn']),
    );
    expect(trail(t, processInstanceKey)).not.toContain('element.activated EndEvent_Drafted');
    await expect(t.engine.completeJob(taskJob)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a message for another correlation key does not trigger the event sub-process', async () => {
    // given
    await deployFixtures(t, 'esp-message.bpmn');
    const processInstanceKey = await start(t, 'esp-message', { caseId: 'C-2' });
    await jobKeyOf(t, 'Task_Draft', processInstanceKey);

    // when
    await t.engine.publishMessage({ name: 'withdrawn', correlationKey: 'C-3' });
    await settle(t);

    // then
    expect(await activeElements(t, processInstanceKey)).toEqual(['Task_Draft']);
  });

  it('a non-interrupting timer event sub-process (PT1H) notifies the supervisor once while the draft goes on', async () => {
    // given
    await deployFixtures(t, 'esp-timer.bpmn');
    const processInstanceKey = await start(t, 'esp-timer');
    const draftJob = await jobKeyOf(t, 'Task_Draft', processInstanceKey);

    // when
    t.clock.advance(HOUR);
    const supervisorJob = await jobKeyOf(t, 'Task_Supervisor', processInstanceKey);
    const activeDuringEscalation = await activeElements(t, processInstanceKey);
    await t.engine.completeJob(supervisorJob);
    t.clock.advance(HOUR);
    await settle(t);
    const activeAfterEscalation = await activeElements(t, processInstanceKey);
    await t.engine.completeJob(draftJob);
    await completed(t, processInstanceKey);

    // then
    expect(activeDuringEscalation).toEqual(['Esp_Escalate', 'Task_Draft', 'Task_Supervisor']);
    expect(activeAfterEscalation).toEqual(['Task_Draft']);
    expect(timerFirings('StartEvent_Hour').map((e) => e.payload.dueAt)).toEqual([T0 + HOUR]);
    expect(trail(t, processInstanceKey)).toEqual(expect.arrayContaining(['element.completed EndEvent_Escalated', 'element.completed EndEvent_Drafted']));
  });

  it('a non-interrupting cycle event sub-process (R3/P1D) fires three times without stopping the work', async () => {
    // given
    await deployFixtures(t, 'esp-timer.bpmn');
    const processInstanceKey = await start(t, 'esp-timer');
    await jobKeyOf(t, 'Task_Draft', processInstanceKey);
    t.clock.advance(HOUR);
    await t.engine.completeJob(await jobKeyOf(t, 'Task_Supervisor', processInstanceKey));

    // when
    for (let day = 1; day <= 4; day++) {
      t.clock.advance(DAY);
      await settle(t);
    }

    // then
    expect(timerFirings('StartEvent_Daily').map((e) => e.payload.dueAt)).toEqual([T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY]);
    expect(eventsOf(t, 'element.completed', 'EndEvent_Reminded')).toHaveLength(3);
    expect(await activeElements(t, processInstanceKey)).toEqual(['Task_Draft']);
  });

  it('an error event sub-process catches an error thrown by a job in the same scope and interrupts it', async () => {
    // given
    await deployFixtures(t, 'esp-error.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.error('INVALID', 'missing signature') });
    t.engine.createWorker({ taskType: 'send-rejection', handler: () => done.complete() });

    // when
    const processInstanceKey = await start(t, 'esp-error');
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(
      expect.arrayContaining(['element.terminated Task_Check', 'element.completed StartEvent_Invalid', 'element.completed Task_Reject', 'element.completed EndEvent_Rejected']),
    );
    expect(trail(t, processInstanceKey)).not.toContain('element.activated EndEvent_Checked');
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([]);
  });

  it('an error the event sub-process does not catch is an incident on the task', async () => {
    // given
    await deployFixtures(t, 'esp-error.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.error('TIMEOUT') });

    // when
    const processInstanceKey = await start(t, 'esp-error');
    await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([expect.objectContaining({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'Task_Check' })]);
    expect(trail(t, processInstanceKey)).not.toContain('element.activated Esp_Invalid');
  });

  it('an event sub-process inside a sub-process interrupts only that sub-process, and the process goes on after it', async () => {
    // given
    await deployFixtures(t, 'esp-in-subprocess.bpmn');
    const processInstanceKey = await start(t, 'esp-in-subprocess', { caseId: 'R-1' });
    const reviewJob = await jobKeyOf(t, 'Task_Review', processInstanceKey);

    // when
    await t.engine.publishMessage({ name: 'review-cancelled', correlationKey: 'R-1' });
    const publishJob = await jobKeyOf(t, 'Task_Publish', processInstanceKey);
    await t.engine.publishMessage({ name: 'review-cancelled', correlationKey: 'R-1' });
    await t.engine.completeJob(publishJob);
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(
      expect.arrayContaining(['element.terminated Task_Review', 'element.completed Esp_Cancelled', 'element.completed SubProcess_Review', 'element.completed EndEvent_Done']),
    );
    expect(eventsOf(t, 'message.correlated')).toHaveLength(1);
    await expect(t.engine.completeJob(reviewJob)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
