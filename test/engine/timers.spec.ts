import { done } from '../../engine/port';
import { startTestEngine, T0, type TestEngine } from '../support/engine-harness';

const HOUR = 3_600_000;
/** Lets the scheduler react to a clock jump and the processor drain, so that "nothing fired" can be asserted. */
const settle = (t: TestEngine) => new Promise((resolve) => setTimeout(resolve, 200)).then(() => t.engine.idle());

describe('timers', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const completed = (processInstanceKey: string) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
  const triggered = (elementId: string) => t.events.filter((e) => e.type === 'timer.triggered' && e.payload.elementId === elementId);
  const nthTrigger = (elementId: string, n: number) => t.waitFor('timer.triggered', () => triggered(elementId).length >= n);
  const start = async (bpmnProcessId: string, variables = {}) => (await t.engine.createProcessInstance({ bpmnProcessId, variables })).processInstanceKey;

  it('an intermediate timer with a duration fires when the duration has passed, not before', async () => {
    // given
    await t.deploy('timer-duration.bpmn');
    const processInstanceKey = await start('timer-duration');

    // when
    t.clock.advance(HOUR - 1);
    await settle(t);
    const triggersBeforeDue = triggered('Event_Wait').length;
    t.clock.advance(1);
    await completed(processInstanceKey);

    // then
    expect(triggersBeforeDue).toBe(0);
    expect(triggered('Event_Wait').map((e) => e.payload.dueAt)).toEqual([T0 + HOUR]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.endedAt).toBe(T0 + HOUR);
  });

  it('an intermediate timer with a date fires at that date', async () => {
    // given
    await t.deploy('timer-date.bpmn');
    const processInstanceKey = await start('timer-date');
    const due = Date.parse('2026-11-28T09:00:00Z');

    // when
    t.clock.advance(due - T0 - 1);
    await settle(t);
    const stateBeforeDue = (await t.engine.getProcessInstance(processInstanceKey))?.state;
    t.clock.advance(1);
    await completed(processInstanceKey);

    // then
    expect(stateBeforeDue).toBe('ACTIVE');
    expect(triggered('Event_Wait').map((e) => e.payload.dueAt)).toEqual([due]);
  });

  it('a timer given as a FEEL expression is evaluated when the event is entered', async () => {
    // given
    await t.deploy('timer-feel.bpmn');
    const processInstanceKey = await start('timer-feel', { hours: 2 });

    // when
    t.clock.advance(2 * HOUR);
    await completed(processInstanceKey);

    // then
    expect(triggered('Event_Wait').map((e) => e.payload.dueAt)).toEqual([T0 + 2 * HOUR]);
  });

  it('a non-interrupting cycle boundary R3/PT1H fires three times while the task waits', async () => {
    // given
    await t.deploy('timer-boundary.bpmn');
    const processInstanceKey = await start('timer-boundary');
    await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // when
    for (let n = 1; n <= 3; n++) {
      t.clock.advance(HOUR);
      await nthTrigger('Event_Remind', n);
    }
    t.clock.advance(HOUR);
    await settle(t);

    // then
    expect(triggered('Event_Remind').map((e) => e.payload.dueAt)).toEqual([T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]);
    expect(t.events.filter((e) => e.type === 'element.completed' && e.elementId === 'EndEvent_Reminded')).toHaveLength(3);
    const instance = await t.engine.getProcessInstance(processInstanceKey);
    expect(instance?.state).toBe('ACTIVE');
    expect(instance?.elementInstances.map((e) => e.elementId)).toEqual(['Task_Review']);
    t.engine.createWorker({ taskType: 'review', handler: () => done.complete() });
    await completed(processInstanceKey);
  });

  it('a cycle whose firings passed while the engine was away fires once, then one period after now (as Zeebe)', async () => {
    // given
    await t.deploy('timer-boundary.bpmn');
    const processInstanceKey = await start('timer-boundary');
    await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // when the clock jumps past all three firings at once
    t.clock.advance(3 * HOUR + 30 * 60_000);
    await nthTrigger('Event_Remind', 1);
    await settle(t);

    // then it fired once, and the next firing is an hour after the jump
    expect(triggered('Event_Remind').map((e) => e.payload.dueAt)).toEqual([T0 + HOUR]);
    t.clock.advance(HOUR);
    await nthTrigger('Event_Remind', 2);
    expect(triggered('Event_Remind').map((e) => e.payload.dueAt)).toEqual([T0 + HOUR, T0 + 4.5 * HOUR]);
  });

  it('an interrupting timer boundary cancels the job and takes the boundary path', async () => {
    // given
    await t.deploy('timer-boundary.bpmn');
    const processInstanceKey = await start('timer-boundary');
    const job = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // when
    t.clock.advance(24 * HOUR);
    await completed(processInstanceKey);

    // then
    const trail = t.events.filter((e) => e.processInstanceKey === processInstanceKey).map((e) => `${e.type} ${e.elementId}`);
    expect(trail).toEqual(expect.arrayContaining(['job.canceled Task_Review', 'element.terminated Task_Review', 'element.completed EndEvent_Escalated']));
    expect(trail).not.toContain('element.completed EndEvent_Done');
    expect(triggered('Event_Escalate').map((e) => e.payload.dueAt)).toEqual([T0 + 24 * HOUR]);
    await expect(t.engine.completeJob(job.payload.jobKey as string)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a non-interrupting cron boundary fires at each matching time', async () => {
    // given: T0 is 01:00 UTC, the cron says every day at 09:00
    await t.deploy('timer-cron.bpmn');
    const processInstanceKey = await start('timer-cron');
    await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // when
    t.clock.advance(8 * HOUR);
    await nthTrigger('Event_Daily', 1);
    t.clock.advance(24 * HOUR);
    await nthTrigger('Event_Daily', 2);

    // then
    expect(triggered('Event_Daily').map((e) => new Date(e.payload.dueAt as number).toISOString())).toEqual([
      '2026-11-27T09:00:00.000Z',
      '2026-11-28T09:00:00.000Z',
    ]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.elementInstances.map((e) => e.elementId)).toEqual(['Task_Review']);
  });

  it('an armed timer survives an engine restart and fires afterwards', async () => {
    // given
    await t.deploy('timer-duration.bpmn');
    const processInstanceKey = await start('timer-duration');
    await t.engine.idle();

    // when
    await t.restart();
    t.clock.advance(HOUR);
    await completed(processInstanceKey);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('COMPLETED');
    expect(triggered('Event_Wait')).toHaveLength(1);
  });

  it('a timeDate FEEL expression returning a zoned date and time fires at that instant', async () => {
    // given: =date and time("2026-11-28T09:00:00+08:00") is 2026-11-28T01:00:00Z
    await t.deploy('timer-feel-date.bpmn');
    const processInstanceKey = await start('timer-feel-date');
    await t.engine.idle();

    // when
    t.clock.advance(Date.parse('2026-11-28T01:00:00Z') - T0);
    await completed(processInstanceKey);

    // then
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([]);
    expect(triggered('Event_Wait').map((e) => new Date(e.payload.dueAt as number).toISOString())).toEqual(['2026-11-28T01:00:00.000Z']);
  });
});
