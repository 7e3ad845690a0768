import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { completed, deployFixtures, jobKeyOf, settle } from './scenario';

describe('message start events', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const created = () => t.events.filter((e) => e.type === 'processInstance.created' && e.bpmnProcessId === 'message-start');
  const nthInstance = async (n: number) => {
    await t.waitFor('processInstance.created', () => created().length >= n);
    return created()[n - 1]!.processInstanceKey!;
  };
  const publish = (correlationKey: string, variables = {}, timeToLive = 0) => t.engine.publishMessage({ name: 'application-received', correlationKey, variables, timeToLive });

  it('each published message starts one instance with the message variables', async () => {
    // given
    await deployFixtures(t, 'message-start.bpmn');

    // when
    await publish('A-1', { applicant: 'Li' });
    await publish('A-2', { applicant: 'Sam' });
    const first = await nthInstance(1);
    const second = await nthInstance(2);

    // then
    expect((await t.engine.getProcessInstance(first))?.variables).toEqual({ applicant: 'Li' });
    expect((await t.engine.getProcessInstance(second))?.variables).toEqual({ applicant: 'Sam' });
    expect(t.events.filter((e) => e.type === 'message.correlated').map((e) => [e.processInstanceKey, e.elementId])).toEqual([
      [first, 'StartEvent_Received'],
      [second, 'StartEvent_Received'],
    ]);
  });

  it('while an instance started with a correlation key is active, that key starts no second instance; after it completes, it does', async () => {
    // given
    await deployFixtures(t, 'message-start.bpmn');
    await publish('A-1', { attempt: 1 });
    const first = await nthInstance(1);

    // when
    await publish('A-1', { attempt: 2 });
    await settle(t);
    const whileActive = created().length;
    await t.engine.completeJob(await jobKeyOf(t, 'Task_Register', first));
    await completed(t, first);
    await publish('A-1', { attempt: 3 });
    const second = await nthInstance(2);

    // then
    expect(whileActive).toBe(1);
    expect((await t.engine.getProcessInstance(second))?.variables).toEqual({ attempt: 3 });
  });

  it('a message with an empty correlation key always starts a new instance', async () => {
    // given
    await deployFixtures(t, 'message-start.bpmn');

    // when
    await publish('');
    await publish('');
    await nthInstance(2);

    // then
    expect(created()).toHaveLength(2);
  });

  it('redeploying replaces the subscription: the message starts the new version only', async () => {
    // given
    await deployFixtures(t, 'message-start.bpmn');
    const { processes } = await deployFixtures(t, 'message-start-v2.bpmn');

    // when
    await publish('C-1');
    await nthInstance(1);
    await settle(t);

    // then
    expect(created()).toHaveLength(1);
    expect(created()[0]!.payload).toMatchObject({ version: 2, processDefinitionKey: processes[0]!.processDefinitionKey });
  });
});
