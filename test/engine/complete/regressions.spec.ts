/**
 * Regressions: engine bugs found while specifying the complete element set, each stating
 * Zeebe's behaviour (parallel multi-instance of instant tasks, forks whose first branch ends at
 * once, event-based gateways, buffered message-start messages, 10,000-item collections).
 */
import { messageSubscriptions, timers } from '../../../store/schema';
import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { completed, deployFixtures, eventsOf, jobKeyOf, settle, start, trail } from './scenario';

const DAY = 24 * 3_600_000;

describe('regressions of the complete element set', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const startedByMessage = () => t.events.filter((e) => e.type === 'processInstance.created' && e.bpmnProcessId === 'message-start');

  /*
   * Parallel multi-instance whose inner instances complete during their own activation (script
   * task, manual task, none task...): the body completes after the first inner instance.
   * executor.ts startLoop sets `body.loop.next = count` (line 332) right after *scheduling* the
   * inner activations; when inner #1 completes synchronously, innerCompleted (line 369) sees
   * `body.children === 0 && loop.next >= loop.total` and completes the body, so the remaining
   * scheduled activations find no scope and are dropped.
   */
  it('a parallel multi-instance script task runs every item and collects every result', async () => {
    // given
    await deployFixtures(t, 'mi-large-script.bpmn');

    // when
    const processInstanceKey = await start(t, 'mi-large-script', { comments: [1, 2, 3] });
    await completed(t, processInstanceKey);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables.scores).toEqual([2, 4, 6]);
    expect(t.events.filter((e) => e.type === 'element.completed' && e.elementId === 'Task_Score' && e.payload.elementType === 'bpmn:ScriptTask')).toHaveLength(3);
  });

  it('a 10,000-item parallel multi-instance script task completes without overflowing the stack', async () => {
    // given
    await deployFixtures(t, 'mi-large-script.bpmn');
    const comments = Array.from({ length: 10_000 }, (_, i) => i);

    // when
    const began = Date.now();
    const processInstanceKey = await start(t, 'mi-large-script', { comments });
    await completed(t, processInstanceKey);
    console.log(`10,000 parallel script-task instances completed in ${Date.now() - began} ms`);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables.scores).toEqual(comments.map((c) => c * 2));
  }, 120_000);

  /*
   * Zeebe (docs "Message events", message start events): "When the active process instance is
   * completed or terminated and a message with the same correlationKey and a matching message
   * name is buffered (TTL > 0), this message is correlated and a new instance of the latest
   * version of the process is created." The engine only consults message start subscriptions
   * when a message is published (commands.ts publishMessage, startCorrelationTaken); nothing
   * looks for buffered messages when an instance with a startCorrelationKey ends
   * (executor.ts completeScopeIfDone / cancel, commands.ts has no hook), so the buffered message
   * waits until it expires and no second instance is created.
   */
  it('a buffered message with the same correlation key starts a new instance once the active one completes', async () => {
    // given
    await deployFixtures(t, 'message-start.bpmn');
    await t.engine.publishMessage({ name: 'application-received', correlationKey: 'B-1', variables: { attempt: 1 } });
    await t.waitFor('processInstance.created', () => startedByMessage().length >= 1);
    const first = startedByMessage()[0]!.processInstanceKey!;
    await t.engine.publishMessage({ name: 'application-received', correlationKey: 'B-1', variables: { attempt: 2 }, timeToLive: 60_000 });

    // when
    await t.engine.completeJob(await jobKeyOf(t, 'Task_Register', first));
    await t.waitFor('processInstance.created', () => startedByMessage().length >= 2, 3_000);
    const second = startedByMessage()[1]!.processInstanceKey!;

    // then
    expect((await t.engine.getProcessInstance(second))?.variables).toEqual({ attempt: 2 });
  });

  /*
   * Forks whose first branch ends synchronously: removeAndLeave (executor.ts line 771) schedules
   * `take` for each outgoing flow without counting it in scope.pendingFlows. The first branch
   * reaches its end event inside the same run, completeScopeIfDone sees children 0 and
   * pendingFlows 0 and completes the process; the second scheduled `take` then finds no scope
   * (line ~796 `if (!scope) return`) and is dropped silently. Zeebe takes every flow whose
   * condition holds (docs "Inclusive gateways").
   */
  it('an inclusive gateway whose conditions both hold reaches both end events', async () => {
    // given
    await deployFixtures(t, 'inclusive.bpmn');

    // when
    const processInstanceKey = await start(t, 'inclusive', { budget: 250_000, changesLaw: true });
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey).filter((e) => e.startsWith('element.completed EndEvent_')).sort()).toEqual([
      'element.completed EndEvent_Finance',
      'element.completed EndEvent_Legal',
    ]);
  });

  /*
   * Event-based gateway: passEventGateway (executor.ts lines 590-600) calls
   * removeAndLeave(gateway, element, []) BEFORE it increments scope.pendingFlows. With no
   * outgoing flows and no other child, removeAndLeave runs completeScopeIfDone, which completes
   * the process (finish() empties runtime.elements); the next line reads
   * `this.runtime.elements[gateway.scopeKey]!.pendingFlows` -> TypeError "Cannot read properties
   * of undefined (reading 'pendingFlows')". The publish (or timer trigger) command fails and rolls
   * back; with the timer, the trigger keeps failing and the instance never moves. Fix: count the
   * pending flow before leaving the gateway.
   */
  it('event-based gateway: the message wins and the timer is cancelled', async () => {
    // given
    await deployFixtures(t, 'event-gateway.bpmn');
    const processInstanceKey = await start(t, 'event-gateway', { caseId: 'G-1' });
    await t.engine.idle();

    // when
    await t.engine.publishMessage({ name: 'reply', correlationKey: 'G-1', variables: { answer: 'yes' } });
    await completed(t, processInstanceKey);
    t.clock.advance(8 * DAY);
    await settle(t);

    // then
    expect(trail(t, processInstanceKey)).toContain('element.completed EndEvent_Replied');
    expect(eventsOf(t, 'timer.triggered')).toEqual([]);
    expect(await t.database.db.select().from(timers)).toEqual([]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ caseId: 'G-1', answer: 'yes' });
  });

  it('event-based gateway: the timer wins and the message subscription is closed', async () => {
    // given
    await deployFixtures(t, 'event-gateway.bpmn');
    const processInstanceKey = await start(t, 'event-gateway', { caseId: 'G-2' });
    await t.engine.idle();

    // when
    t.clock.advance(7 * DAY);
    await completed(t, processInstanceKey);
    await t.engine.publishMessage({ name: 'reply', correlationKey: 'G-2' });

    // then
    expect(trail(t, processInstanceKey)).toContain('element.completed EndEvent_Expired');
    expect(await t.database.db.select().from(messageSubscriptions)).toEqual([]);
    expect(eventsOf(t, 'message.correlated')).toEqual([]);
  });
});
