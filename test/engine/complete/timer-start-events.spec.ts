import { startTestEngine, T0, type TestEngine } from '../../support/engine-harness';
import { deployFixtures, settle } from './scenario';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('timer start events', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const createdOf = (bpmnProcessId: string) => t.events.filter((e) => e.type === 'processInstance.created' && e.bpmnProcessId === bpmnProcessId);
  const instancesAfter = async (bpmnProcessId: string, n: number) => {
    await t.waitFor('processInstance.created', () => createdOf(bpmnProcessId).length >= n);
    return createdOf(bpmnProcessId);
  };
  const advanceTo = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock.now());
  const firings = () => t.events.filter((e) => e.type === 'timer.triggered').map((e) => new Date(e.payload.dueAt as number).toISOString());

  it('a timeDate start event starts one instance at that date and never again', async () => {
    // given
    await deployFixtures(t, 'timer-start-date.bpmn');

    // when
    advanceTo('2026-12-01T08:59:59Z');
    await settle(t);
    const beforeTheDate = createdOf('timer-start-date').length;
    advanceTo('2026-12-01T09:00:00Z');
    const [created] = await instancesAfter('timer-start-date', 1);
    t.clock.advance(400 * DAY);
    await settle(t);

    // then
    expect(beforeTheDate).toBe(0);
    expect(createdOf('timer-start-date')).toHaveLength(1);
    expect(firings()).toEqual(['2026-12-01T09:00:00.000Z']);
    expect(await t.waitFor('job.created', (e) => e.processInstanceKey === created!.processInstanceKey)).toMatchObject({ elementId: 'Task_Work' });
  });

  it('a yearly cycle R/2026-12-01T00:00:00Z/P1Y starts the cleanup on 1 December, then again a year later', async () => {
    // given: deployed on 27 November 2026
    await deployFixtures(t, 'timer-start-cycle.bpmn');

    // when
    advanceTo('2026-12-01T00:00:00Z');
    await instancesAfter('timer-start-cycle', 1);
    advanceTo('2027-11-30T23:59:59Z');
    await settle(t);
    const duringTheYear = createdOf('timer-start-cycle').length;
    advanceTo('2027-12-01T00:00:00Z');
    await instancesAfter('timer-start-cycle', 2);

    // then
    expect(duringTheYear).toBe(1);
    expect(firings()).toEqual(['2026-12-01T00:00:00.000Z', '2027-12-01T00:00:00.000Z']);
  });

  it('a cron cycle starts an instance at each matching time', async () => {
    // given: T0 is 01:00 UTC, the cron says every day at 09:00
    await deployFixtures(t, 'timer-start-cron.bpmn');

    // when
    t.clock.advance(8 * HOUR);
    await instancesAfter('timer-start-cron', 1);
    t.clock.advance(DAY);
    await instancesAfter('timer-start-cron', 2);

    // then
    expect(firings()).toEqual(['2026-11-27T09:00:00.000Z', '2026-11-28T09:00:00.000Z']);
    expect(T0 + 8 * HOUR).toBe(Date.parse('2026-11-27T09:00:00Z'));
  });

  it('redeploying changed content replaces the start timer: only the new version starts instances', async () => {
    // given
    await deployFixtures(t, 'timer-start-v1.bpmn');
    const { processes } = await deployFixtures(t, 'timer-start-v2.bpmn');

    // when
    advanceTo('2026-12-01T09:00:00Z');
    await settle(t);
    const atTheOldDate = createdOf('timer-start-versioned').length;
    advanceTo('2026-12-02T09:00:00Z');
    const [created] = await instancesAfter('timer-start-versioned', 1);
    await settle(t);

    // then
    expect(processes).toEqual([expect.objectContaining({ bpmnProcessId: 'timer-start-versioned', version: 2 })]);
    expect(atTheOldDate).toBe(0);
    expect(createdOf('timer-start-versioned')).toHaveLength(1);
    expect(created!.payload).toMatchObject({ version: 2, processDefinitionKey: processes[0]!.processDefinitionKey });
  });
});
