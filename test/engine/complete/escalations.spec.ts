import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { activeElements, childrenOf, completed, deployFixtures, jobKeyOf, start, trail } from './scenario';

describe('escalations', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('an intermediate escalation caught by a non-interrupting boundary on the sub-process: both paths go on', async () => {
    // given
    await deployFixtures(t, 'escalation-boundary.bpmn');

    // when
    const processInstanceKey = await start(t, 'escalation-boundary');
    const informJob = await jobKeyOf(t, 'Task_Inform', processInstanceKey);
    const finishJob = await jobKeyOf(t, 'Task_Finish', processInstanceKey);
    const activeWhileEscalated = await activeElements(t, processInstanceKey);
    await t.engine.completeJob(informJob);
    await t.engine.completeJob(finishJob);
    await completed(t, processInstanceKey);

    // then
    expect(activeWhileEscalated).toEqual(['SubProcess_Review', 'Task_Finish', 'Task_Inform']);
    expect(trail(t, processInstanceKey)).toEqual(expect.arrayContaining(['element.completed EndEvent_Informed', 'element.completed SubProcess_Review', 'element.completed EndEvent_Done']));
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([]);
  });

  it('an escalation end event caught by an interrupting boundary terminates the sub-process and takes the boundary path', async () => {
    // given
    await deployFixtures(t, 'escalation-end.bpmn');

    // when
    const processInstanceKey = await start(t, 'escalation-end');
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(expect.arrayContaining(['element.terminated SubProcess_Review', 'element.completed EndEvent_Minister']));
    expect(trail(t, processInstanceKey)).not.toContain('element.completed SubProcess_Review');
    expect(trail(t, processInstanceKey)).not.toContain('element.activated EndEvent_Done');
  });

  it('an escalation nobody catches raises no incident and the process continues', async () => {
    // given
    await deployFixtures(t, 'escalation-uncaught.bpmn');

    // when
    const processInstanceKey = await start(t, 'escalation-uncaught');
    await jobKeyOf(t, 'Task_Finish', processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toContain('element.completed Event_Late');
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([]);
    expect(await activeElements(t, processInstanceKey)).toEqual(['Task_Finish']);
  });

  it('an escalation thrown in a child is caught by the non-interrupting boundary on the call activity; the child goes on', async () => {
    // given
    await deployFixtures(t, 'escalation-call.bpmn', 'escalation-child.bpmn');

    // when
    const parentKey = await start(t, 'escalation-call');
    const informJob = await jobKeyOf(t, 'Task_Inform', parentKey);
    const [childKey] = childrenOf(t, parentKey);
    const finishJob = await jobKeyOf(t, 'Task_Finish', childKey);
    await t.engine.completeJob(informJob);
    await t.engine.completeJob(finishJob);
    await completed(t, parentKey);

    // then
    expect((await t.engine.getProcessInstance(childKey!))?.state).toBe('COMPLETED');
    expect(trail(t, parentKey)).toEqual(expect.arrayContaining(['element.completed Event_LateCaught', 'element.completed Call_Review', 'element.completed EndEvent_Done']));
    expect(await t.engine.listIncidents()).toEqual([]);
  });
});
