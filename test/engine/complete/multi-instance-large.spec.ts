import { done } from '../../../engine/port';
import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { deployFixtures, start } from './scenario';

const TEN_MINUTES = 600_000;

describe('large multi-instance', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('a 10,000-item parallel service task completed by one worker with a high maxJobsToActivate finishes, outputs in order', async () => {
    // given
    await deployFixtures(t, 'mi-large-service.bpmn');
    const comments = Array.from({ length: 10_000 }, (_, i) => i);
    t.engine.createWorker({ taskType: 'tag', maxJobsToActivate: 1_000, handler: (job) => done.complete({ tag: `t${job.variables.comment}` }) });

    // when
    const began = Date.now();
    const processInstanceKey = await start(t, 'mi-large-service', { comments });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey, TEN_MINUTES);
    console.log(`10,000 parallel service-task instances completed in ${Date.now() - began} ms`);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables.tags).toEqual(comments.map((c) => `t${c}`));
    expect(t.events.filter((e) => e.type === 'job.completed')).toHaveLength(10_000);
  }, TEN_MINUTES);
});
