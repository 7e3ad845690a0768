import { done, type Job } from '../../../engine/port';
import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { activeElements, completed, deployFixtures, jobKeyOf, start, trail } from './scenario';

describe('embedded sub-processes', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('has its own variable scope: inputs are local, a job updates the local variable, only the outputs come out', async () => {
    // given
    await deployFixtures(t, 'subprocess-scope.bpmn');
    const seen: Job[] = [];
    t.engine.createWorker({ taskType: 'edit', handler: (job) => (seen.push(job), done.complete({ text: 'v2, tightened', editor: 'Ana' })) });

    // when
    const processInstanceKey = await start(t, 'subprocess-scope', { draft: 'v1' });
    await completed(t, processInstanceKey);

    // then
    expect(seen.map((job) => job.variables)).toEqual([{ draft: 'v1', text: 'v1' }]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ draft: 'v1', editor: 'Ana', finalText: 'v2, tightened' });
  });

  it('an error thrown by a job inside is caught by the error boundary on the sub-process', async () => {
    // given
    await deployFixtures(t, 'subprocess-error.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.error('REJECTED', 'incomplete file') });

    // when
    const processInstanceKey = await start(t, 'subprocess-error');
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(
      expect.arrayContaining(['element.terminated Task_Check', 'element.terminated SubProcess_Checks', 'element.completed Event_Rejected', 'element.completed EndEvent_Rejected']),
    );
    expect(trail(t, processInstanceKey)).not.toContain('element.activated EndEvent_Done');
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([]);
  });

  it('without an error the sub-process completes and the boundary is not taken', async () => {
    // given
    await deployFixtures(t, 'subprocess-error.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.complete() });

    // when
    const processInstanceKey = await start(t, 'subprocess-error');
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(expect.arrayContaining(['element.completed SubProcess_Checks', 'element.completed EndEvent_Done']));
    expect(trail(t, processInstanceKey)).not.toContain('element.activated Event_Rejected');
  });

  it('a terminate end event inside ends only the sub-process; the process continues after it', async () => {
    // given
    await deployFixtures(t, 'subprocess-terminate.bpmn');
    const processInstanceKey = await start(t, 'subprocess-terminate');
    const slowJob = await jobKeyOf(t, 'Task_Slow', processInstanceKey);

    // when
    await t.engine.completeJob(await jobKeyOf(t, 'Task_Quick', processInstanceKey));
    await jobKeyOf(t, 'Task_Publish', processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(
      expect.arrayContaining(['job.canceled Task_Slow', 'element.terminated Task_Slow', 'element.completed EndEvent_Terminate', 'element.completed SubProcess_Review']),
    );
    expect(await activeElements(t, processInstanceKey)).toEqual(['Task_Publish']);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('ACTIVE');
    await expect(t.engine.completeJob(slowJob)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
