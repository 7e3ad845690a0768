import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { completed, deployFixtures, eventsOf, jobKeyOf, start, trail } from './scenario';

describe('inclusive gateway, link and throw events', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const endsReached = (processInstanceKey: string) =>
    trail(t, processInstanceKey)
      .filter((e) => e.startsWith('element.completed EndEvent_'))
      .map((e) => e.slice('element.completed '.length))
      .sort();

  it.each([
    [{ budget: 250_000, changesLaw: false }, ['EndEvent_Finance']],
    [{ budget: 5_000, changesLaw: false }, ['EndEvent_Standard']],
  ])('an inclusive gateway takes the branch whose condition holds, else the default (%j)', async (variables, ends) => {
    // given
    await deployFixtures(t, 'inclusive.bpmn');

    // when
    const processInstanceKey = await start(t, 'inclusive', variables);
    await completed(t, processInstanceKey);

    // then
    expect(endsReached(processInstanceKey)).toEqual(ends);
  });

  it('a none throw passes through, a link jumps to its catch, message throw and message end events are jobs', async () => {
    // given
    await deployFixtures(t, 'throw-events.bpmn');
    const processInstanceKey = await start(t, 'throw-events');

    // when
    const notifyJob = await jobKeyOf(t, 'Event_Notify', processInstanceKey);
    await t.engine.completeJob(notifyJob, { notified: 12 });
    const publicationJob = await jobKeyOf(t, 'EndEvent_Published', processInstanceKey);
    await t.engine.completeJob(publicationJob);
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey).filter((e) => e.startsWith('element.completed') || e.startsWith('job.created'))).toEqual([
      'element.completed StartEvent_1',
      'element.completed Event_Milestone',
      'element.completed Event_GoToPublication',
      'element.completed Event_Publication',
      'job.created Event_Notify',
      'element.completed Event_Notify',
      'job.created EndEvent_Published',
      'element.completed EndEvent_Published',
      'element.completed throw-events',
    ]);
    expect(eventsOf(t, 'job.created').map((e) => e.payload.type)).toEqual(['notify', 'send-publication']);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ notified: 12 });
  });
});
