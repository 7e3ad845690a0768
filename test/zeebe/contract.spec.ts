import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { done, EngineRejection, type EngineEvent, type EngineEventType, type Job } from '../../engine/port';
import { ZeebeEngine } from '../../engine/zeebe';
import { loadConfig } from '../../config';

/**
 * The engine contract on a real Zeebe 8.5 broker (e.g. `docker compose up zeebe`, then
 * `ZEEBE_GRPC_ADDRESS=localhost:26500 npx jest test/zeebe/contract`). Without a reachable broker
 * the suite is reported as skipped, with the reason in its name.
 */
const ADDRESS = loadConfig().ZEEBE_GRPC_ADDRESS ?? '';
const FIXTURES = path.resolve('test/engine/fixtures');

/** Jest picks `describe` or `describe.skip` while loading, so the probe is a synchronous TCP connect in a child process. */
function brokerUnreachableReason(address: string): string | undefined {
  if (!address) return 'ZEEBE_GRPC_ADDRESS is not set';
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  if (!host || !port) return `ZEEBE_GRPC_ADDRESS '${address}' is not host:port`;
  const probe = `require('net').connect(${port}, ${JSON.stringify(host)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  const result = spawnSync(process.execPath, ['-e', probe], { timeout: 3_000 });
  return result.status === 0 ? undefined : `no broker at ${address}`;
}

const unreachable = brokerUnreachableReason(ADDRESS);
const suite = unreachable ? describe.skip : describe;
// Jest lists no names for a file whose every test is skipped, so the reason is also printed.
if (unreachable) process.stderr.write(`contract on Zeebe skipped: ${unreachable}\n`);

suite(unreachable ? `contract on Zeebe (skipped: ${unreachable})` : `contract on Zeebe at ${ADDRESS}`, () => {
  let engine: ZeebeEngine;
  let events: EngineEvent[];

  const deploy = (...files: string[]) => engine.deployResources(files.map((name) => ({ name, content: fs.readFileSync(path.join(FIXTURES, name), 'utf8') })));
  const waitFor = async (type: EngineEventType, match: (e: EngineEvent) => boolean = () => true, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find((e) => e.type === type && match(e));
      if (found) return found;
      if (Date.now() > until) throw new Error(`timed out waiting for ${type}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    engine = new ZeebeEngine({ client: { ZEEBE_GRPC_ADDRESS: ADDRESS, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SECURE_CONNECTION: false, zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_MAX_RETRIES: 3 } } });
    engine.onEvent((event) => events.push(event));
    await deploy('one-task.bpmn', 'error-boundary.bpmn', 'message-catch.bpmn', 'user-task.bpmn');
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(() => engine.close());

  it('runs a service task through a worker', async () => {
    // given
    const received: Job[] = [];
    const worker = engine.createWorker({ taskType: 'work', handler: (job) => (received.push(job), done.complete({ worked: true })) });
    const run = randomUUID();

    // when
    const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'one-task', variables: { run } });
    await waitFor('job.completed', (e) => e.processInstanceKey === processInstanceKey);
    await worker.close();

    // then
    const job = received.find((j) => j.processInstanceKey === processInstanceKey)!;
    expect(job).toMatchObject({ type: 'work', elementId: 'Task_Work', bpmnProcessId: 'one-task', retries: 3, variables: { run } });
    expect(job.key).toMatch(/^\d+$/);
  });

  it('throws a BPMN error that a boundary event catches', async () => {
    // given
    const worker = engine.createWorker({ taskType: 'check', handler: () => done.error('REJECTED', 'not eligible') });

    // when
    const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'error-boundary' });

    // then
    await waitFor('job.errorThrown', (e) => e.processInstanceKey === processInstanceKey);
    await worker.close();
  });

  it('buffers a message for its time to live and rejects a duplicate message id', async () => {
    // given
    const orderId = randomUUID();
    const message = { name: 'payment-received', correlationKey: orderId, timeToLive: 60_000, messageId: `payment-${orderId}` };

    // when
    const { messageKey } = await engine.publishMessage(message);
    const duplicate = await engine.publishMessage(message).catch((e: unknown) => e);

    // then
    expect(messageKey).toMatch(/^\d+$/);
    expect(duplicate).toMatchObject({ code: 'ALREADY_EXISTS' });
    await engine.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId } });
  });

  it('bridges a user task into the inbox and completes it from there', async () => {
    // given
    const bridge = engine.bridgeUserTasks({ timeout: 60_000 });
    const variables = { drafter: 'ada', draftingDept: 'policy', reviewers: ['bob'], followUp: '2026-11-20T09:00:00+08:00', formName: 'draft' };

    // when
    const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'user-task', variables });
    const created = await waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey);
    await engine.completeJob(String(created.payload.jobKey), { draft: 'v1' });

    // then
    expect(created).toMatchObject({ elementId: 'Task_Draft', payload: { customHeaders: { 'io.camunda.zeebe:assignee': 'ada' } } });
    await waitFor('userTask.completed', (e) => e.payload.jobKey === created.payload.jobKey);
    await waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === 'Task_Review');
    await engine.cancelProcessInstance(processInstanceKey);
    await bridge.close();
  });

  it('rejects commands on what does not exist', async () => {
    // when
    const unknownProcess = await engine.createProcessInstance({ bpmnProcessId: `missing-${randomUUID()}` }).catch((e: unknown) => e);
    const unknownInstance = await engine.cancelProcessInstance('2251799813999999').catch((e: unknown) => e);
    const unknownJob = await engine.completeJob('2251799813999998').catch((e: unknown) => e);

    // then
    for (const error of [unknownProcess, unknownInstance, unknownJob]) {
      expect(error).toBeInstanceOf(EngineRejection);
      expect(error).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
