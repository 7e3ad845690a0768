import fs from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import pino from 'pino';
import { done, EngineRejection, type EngineEvent, type Job } from '../../engine/port';
import { ZeebeEngine } from '../../engine/zeebe';
import { GatewayStub } from './gateway-stub';

/**
 * Wire-level proof of the Zeebe adapter: the real SDK client talks real gRPC (plaintext, no auth)
 * to a loopback gateway built from the SDK's own zeebe.proto, which records what it receives.
 */
const BPMN = fs.readFileSync(path.resolve('test/engine/fixtures/one-task.bpmn'), 'utf8');
const DMN = fs.readFileSync(path.resolve('test/fixtures/dmn/consultation-route.dmn'), 'utf8');
const USER_TASKS = fs.readFileSync(path.resolve('test/engine/fixtures/user-task.bpmn'), 'utf8');
const CLIENT = { CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SECURE_CONNECTION: false } as const;
const SETTINGS = { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10, ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 50, ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: 1 };

/** The broker's answer to deploying one diagram. */
const deployed = (bpmnProcessId: string, resourceName: string, processDefinitionKey: string) => ({
  key: '2251799813685249',
  deployments: [{ process: { bpmnProcessId, version: 1, processDefinitionKey, resourceName, tenantId: '<default>' } }],
});

const activatedJob = (overrides: Record<string, unknown> = {}) => ({
  key: '2251799813685300',
  type: 'work',
  processInstanceKey: '2251799813685260',
  bpmnProcessId: 'one-task',
  processDefinitionVersion: 1,
  processDefinitionKey: '2251799813685250',
  elementId: 'Task_Work',
  elementInstanceKey: '2251799813685270',
  customHeaders: JSON.stringify({ channel: 'email' }),
  worker: 'test-worker',
  retries: 3,
  deadline: '1767225600000',
  variables: JSON.stringify({ applicant: 'Ada', amount: 12 }),
  tenantId: '<default>',
  ...overrides,
});

describe('Zeebe adapter on the wire', () => {
  let gateway: GatewayStub;
  let engine: ZeebeEngine;
  let events: EngineEvent[];

  beforeEach(async () => {
    gateway = await GatewayStub.start();
    engine = new ZeebeEngine({
      client: {
        ZEEBE_GRPC_ADDRESS: gateway.address,
        CAMUNDA_AUTH_STRATEGY: 'NONE',
        CAMUNDA_SECURE_CONNECTION: false,
        zeebeGrpcSettings: {
          ZEEBE_GRPC_CLIENT_RETRY: false,
          ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10,
          ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 50,
          ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: 1,
        },
      },
    });
    events = [];
    engine.onEvent((event) => events.push(event));
  });

  afterEach(async () => {
    await engine.close();
    await gateway.close();
  });
  // the SDK's gRPC channels finish closing a moment after close() resolves; let them, so Jest can exit
  afterAll(() => new Promise((resolve) => setTimeout(resolve, 1_500)));

  /** Starts a worker whose handler ends with `outcome` and waits for the gateway to hear that outcome. */
  async function runJob(outcome: (job: Job) => ReturnType<typeof done.complete>, method: 'CompleteJob' | 'FailJob' | 'ThrowError', job = activatedJob()) {
    gateway.offerJob(job);
    const received: Job[] = [];
    engine.createWorker({ taskType: job.type, worker: 'test-worker', handler: (j) => (received.push(j), outcome(j)) });
    const request = await gateway.waitFor(method);
    await waitUntil(() => events.some((e) => e.type.startsWith('job.')));
    return { request, received };
  }

  it('deploys a diagram and a decision, and reports both', async () => {
    // given
    gateway.responses.DeployResource = {
      key: '2251799813685249',
      deployments: [
        { process: { bpmnProcessId: 'one-task', version: 2, processDefinitionKey: '2251799813685250', resourceName: 'one-task.bpmn', tenantId: '<default>' } },
        { decisionRequirements: { dmnDecisionRequirementsId: 'consultation', dmnDecisionRequirementsName: 'Consultation', version: 1, decisionRequirementsKey: '2251799813685251', resourceName: 'consultation-route.dmn', tenantId: '<default>' } },
        { decision: { dmnDecisionId: 'route', dmnDecisionName: 'Route', version: 1, decisionKey: '2251799813685252', dmnDecisionRequirementsId: 'consultation', decisionRequirementsKey: '2251799813685251', tenantId: '<default>' } },
      ],
    };

    // when
    const deployment = await engine.deployResources([
      { name: 'one-task.bpmn', content: BPMN },
      { name: 'consultation-route.dmn', content: DMN },
    ]);

    // then
    const [request] = gateway.requests('DeployResource');
    const resources = request!.resources as { name: string; content: Buffer }[];
    expect(resources.map((r) => [r.name, r.content.toString('utf8')])).toEqual([
      ['one-task.bpmn', BPMN],
      ['consultation-route.dmn', DMN],
    ]);
    expect(deployment).toEqual({
      key: '2251799813685249',
      processes: [{ bpmnProcessId: 'one-task', version: 2, processDefinitionKey: '2251799813685250', resourceName: 'one-task.bpmn' }],
      decisions: [{ decisionId: 'route', version: 1, decisionKey: '2251799813685252', decisionRequirementsId: 'consultation', resourceName: 'consultation-route.dmn' }],
    });
    expect(events.map((e) => e.type)).toEqual(['deployment.created']);
  });

  it('creates an instance of the latest version with its variables, keys as strings', async () => {
    // given
    gateway.responses.CreateProcessInstance = { processDefinitionKey: '2251799813685250', bpmnProcessId: 'one-task', version: 2, processInstanceKey: '2251799813685260', tenantId: '<default>' };

    // when
    const created = await engine.createProcessInstance({ bpmnProcessId: 'one-task', variables: { applicant: 'Ada' } });

    // then
    const [request] = gateway.requests('CreateProcessInstance');
    expect(request).toMatchObject({ bpmnProcessId: 'one-task', version: -1 });
    expect(JSON.parse(String(request!.variables))).toEqual({ applicant: 'Ada' });
    expect(created).toEqual({ processInstanceKey: '2251799813685260', processDefinitionKey: '2251799813685250', bpmnProcessId: 'one-task', version: 2 });
    expect(events[0]).toMatchObject({ type: 'processInstance.created', processInstanceKey: '2251799813685260', bpmnProcessId: 'one-task' });
  });

  it('activates a job for a worker and completes it with the handler variables', async () => {
    // given a worker with its activation settings
    gateway.offerJob(activatedJob());
    const received: Job[] = [];

    // when
    engine.createWorker({
      taskType: 'work',
      worker: 'test-worker',
      maxJobsToActivate: 4,
      timeout: 30_000,
      fetchVariable: ['applicant', 'amount'],
      handler: (job) => (received.push(job), done.complete({ approved: true })),
    });
    const completion = await gateway.waitFor('CompleteJob');
    await waitUntil(() => events.length > 0);

    // then the activation request carried the worker's settings
    expect(gateway.requests('ActivateJobs')[0]).toMatchObject({ type: 'work', worker: 'test-worker', maxJobsToActivate: 4, timeout: '30000', fetchVariable: ['applicant', 'amount'] });
    // and the handler saw the job in the port's shape
    expect(received).toEqual([
      {
        key: '2251799813685300',
        type: 'work',
        processInstanceKey: '2251799813685260',
        bpmnProcessId: 'one-task',
        processDefinitionVersion: 1,
        processDefinitionKey: '2251799813685250',
        elementId: 'Task_Work',
        elementInstanceKey: '2251799813685270',
        customHeaders: { channel: 'email' },
        retries: 3,
        deadline: 1767225600000,
        variables: { applicant: 'Ada', amount: 12 },
      },
    ]);
    expect(completion.jobKey).toBe('2251799813685300');
    expect(JSON.parse(String(completion.variables))).toEqual({ approved: true });
    expect(events[0]).toMatchObject({ type: 'job.completed', processInstanceKey: '2251799813685260', elementId: 'Task_Work', payload: { jobKey: '2251799813685300', type: 'work' } });
  });

  it('fails a job with the retries and back-off the handler chose', async () => {
    // when
    const { request } = await runJob(() => done.fail('registry unreachable', { retries: 2, retryBackOff: 30_000 }), 'FailJob');

    // then
    expect(request).toMatchObject({ jobKey: '2251799813685300', retries: 2, retryBackOff: '30000', errorMessage: 'registry unreachable' });
    expect(events.map((e) => e.type)).toEqual(['job.failed']);
  });

  it('fails a job whose handler throws with one retry fewer, and reports the incident at zero', async () => {
    // when
    const { request } = await runJob(
      () => {
        throw new Error('bad input');
      },
      'FailJob',
      activatedJob({ retries: 1 }),
    );

    // then
    expect(request).toMatchObject({ jobKey: '2251799813685300', retries: 0, errorMessage: 'bad input' });
    await waitUntil(() => events.length === 2);
    expect(events.map((e) => e.type)).toEqual(['job.failed', 'incident.created']);
    expect(events[1]).toMatchObject({ processInstanceKey: '2251799813685260', payload: { jobKey: '2251799813685300', errorType: 'JOB_NO_RETRIES' } });
  });

  it('throws a BPMN error with its code, message and variables', async () => {
    // when
    const { request } = await runJob(() => done.error('NOT_ELIGIBLE', 'applicant is not a resident', { reason: 'residence' }), 'ThrowError');

    // then
    expect(request).toMatchObject({ jobKey: '2251799813685300', errorCode: 'NOT_ELIGIBLE', errorMessage: 'applicant is not a resident' });
    expect(JSON.parse(String(request.variables))).toEqual({ reason: 'residence' });
    expect(events[0]).toMatchObject({ type: 'job.errorThrown', payload: { errorCode: 'NOT_ELIGIBLE' } });
  });

  it('publishes a message with its time to live in ms and its id', async () => {
    // given
    gateway.responses.PublishMessage = { key: '2251799813685400', tenantId: '<default>' };

    // when
    const published = await engine.publishMessage({ name: 'comment-received', correlationKey: 'case-7', timeToLive: 60_000, messageId: 'mail-42', variables: { comment: 'ok' } });

    // then
    const [request] = gateway.requests('PublishMessage');
    expect(request).toMatchObject({ name: 'comment-received', correlationKey: 'case-7', timeToLive: '60000', messageId: 'mail-42' });
    expect(JSON.parse(String(request!.variables))).toEqual({ comment: 'ok' });
    expect(published).toEqual({ messageKey: '2251799813685400' });
  });

  it('broadcasts a signal', async () => {
    // given
    gateway.responses.BroadcastSignal = { key: '2251799813685500', tenantId: '<default>' };

    // when
    const { signalKey } = await engine.broadcastSignal({ signalName: 'council-dissolved', variables: { at: '2026-01-01' } });

    // then
    expect(gateway.requests('BroadcastSignal')[0]).toMatchObject({ signalName: 'council-dissolved' });
    expect(signalKey).toBe('2251799813685500');
  });

  it('sets variables on one scope only when asked to', async () => {
    // when
    await engine.setVariables({ elementInstanceKey: '2251799813685270', variables: { deadline: '2026-03-01' }, local: true });

    // then
    const [request] = gateway.requests('SetVariables');
    expect(request).toMatchObject({ elementInstanceKey: '2251799813685270', local: true });
    expect(JSON.parse(String(request!.variables))).toEqual({ deadline: '2026-03-01' });
    expect(events[0]).toMatchObject({ type: 'variables.updated', payload: { names: ['deadline'], local: true } });
  });

  it('gives a job new retries and resolves its incident', async () => {
    // when
    await engine.updateJobRetries('2251799813685300', 3);
    await engine.resolveIncident('2251799813685600');

    // then
    expect(gateway.requests('UpdateJobRetries')).toEqual([{ jobKey: '2251799813685300', retries: 3 }]);
    expect(gateway.requests('ResolveIncident')).toEqual([{ incidentKey: '2251799813685600' }]);
    expect(events.map((e) => e.type)).toEqual(['incident.resolved']);
  });

  it('cancels an instance', async () => {
    // when
    await engine.cancelProcessInstance('2251799813685260');

    // then
    expect(gateway.requests('CancelProcessInstance')).toEqual([{ processInstanceKey: '2251799813685260' }]);
    expect(events[0]).toMatchObject({ type: 'processInstance.terminated', processInstanceKey: '2251799813685260' });
  });

  it.each([
    [status.NOT_FOUND, 'NOT_FOUND'],
    [status.INVALID_ARGUMENT, 'INVALID_ARGUMENT'],
    [status.FAILED_PRECONDITION, 'INVALID_STATE'],
    [status.ALREADY_EXISTS, 'ALREADY_EXISTS'],
  ])('maps gRPC status %s to the rejection %s', async (code, expected) => {
    // given
    gateway.rejectNext('CancelProcessInstance', code, 'Command rejected by the broker');

    // when
    const error = await engine.cancelProcessInstance('2251799813685999').catch((e: unknown) => e);

    // then
    expect(error).toBeInstanceOf(EngineRejection);
    expect(error).toMatchObject({ code: expected, message: 'Command rejected by the broker' });
    expect(events).toEqual([]);
  });

  it('bridges a job-worker user task: announced on activation with a long timeout, completed from the inbox', async () => {
    // given
    gateway.offerJob(activatedJob({ key: '2251799813685700', type: 'io.camunda.zeebe:userTask', elementId: 'Task_Review', customHeaders: JSON.stringify({ 'io.camunda.zeebe:assignee': 'clerk' }) }));
    engine.bridgeUserTasks();
    await waitUntil(() => events.some((e) => e.type === 'userTask.created'));

    // when
    await engine.completeJob('2251799813685700', { decision: 'approve' });

    // then
    expect(gateway.requests('ActivateJobs')[0]).toMatchObject({ type: 'io.camunda.zeebe:userTask', timeout: String(24 * 60 * 60_000) });
    expect(gateway.requests('CompleteJob')).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['userTask.created', 'job.completed', 'userTask.completed']);
    expect(events[0]).toMatchObject({ elementId: 'Task_Review', payload: { jobKey: '2251799813685700', customHeaders: { 'io.camunda.zeebe:assignee': 'clerk' } } });
  });

  it('names a bridged user task from the diagram it deployed, with its processDefinitionKey', async () => {
    // given the adapter deployed the diagram
    gateway.responses.DeployResource = deployed('user-task', 'user-task.bpmn', '2251799813685251');
    await engine.deployResources([{ name: 'user-task.bpmn', content: USER_TASKS }]);
    gateway.offerJob(activatedJob({ key: '2251799813685701', type: 'io.camunda.zeebe:userTask', bpmnProcessId: 'user-task', processDefinitionKey: '2251799813685251', elementId: 'Task_Review' }));

    // when the bridge activates a user-task job of it
    engine.bridgeUserTasks();
    await waitUntil(() => events.some((e) => e.type === 'userTask.created'));

    // then the event carries what the embedded engine's does
    const created = events.find((e) => e.type === 'userTask.created')!;
    expect(created).toMatchObject({ elementId: 'Task_Review', bpmnProcessId: 'user-task', payload: { jobKey: '2251799813685701', name: 'Review the draft', processDefinitionKey: '2251799813685251' } });
  });

  it('looks up the diagram of a definition it did not deploy; for an unknown one the element id stands in, logged once', async () => {
    // given an adapter (started after the deployment) that can look diagrams up, and one definition nobody knows
    const lines: string[] = [];
    const lookedUp: string[] = [];
    const restarted = new ZeebeEngine({
      client: { ZEEBE_GRPC_ADDRESS: gateway.address, ...CLIENT, zeebeGrpcSettings: SETTINGS },
      logger: pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }),
      definitionXml: async (key) => (lookedUp.push(key), key === '2251799813685251' ? USER_TASKS : undefined),
    });
    const seen: EngineEvent[] = [];
    restarted.onEvent((e) => seen.push(e));
    gateway.offerJob(activatedJob({ key: '2251799813685702', type: 'io.camunda.zeebe:userTask', bpmnProcessId: 'user-task', processDefinitionKey: '2251799813685251', elementId: 'Task_Draft' }));
    gateway.offerJob(activatedJob({ key: '2251799813685703', type: 'io.camunda.zeebe:userTask', bpmnProcessId: 'elsewhere', processDefinitionKey: '2251799813685299', elementId: 'Task_Foreign' }));
    gateway.offerJob(activatedJob({ key: '2251799813685704', type: 'io.camunda.zeebe:userTask', bpmnProcessId: 'elsewhere', processDefinitionKey: '2251799813685299', elementId: 'Task_Foreign' }));

    // when
    restarted.bridgeUserTasks();
    await waitUntil(() => seen.filter((e) => e.type === 'userTask.created').length === 3);
    await restarted.close();

    // then
    const names = Object.fromEntries(seen.map((e) => [String(e.payload.jobKey), e.payload.name]));
    expect(names).toEqual({ '2251799813685702': 'Draft the policy', '2251799813685703': 'Task_Foreign', '2251799813685704': 'Task_Foreign' });
    expect(seen[1]!.payload.processDefinitionKey).toBe('2251799813685299');
    expect(lookedUp.sort()).toEqual(['2251799813685251', '2251799813685299']);
    const warnings = lines.map((line) => JSON.parse(line) as { msg: string; processDefinitionKey?: string }).filter((l) => l.processDefinitionKey === '2251799813685299');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/not deployed through this app/);
  });

  it("reports a worker's incident with the element's name", async () => {
    // given
    gateway.responses.DeployResource = deployed('one-task', 'one-task.bpmn', '2251799813685250');
    await engine.deployResources([{ name: 'one-task.bpmn', content: BPMN }]);
    events.length = 0;

    // when
    await runJob(() => done.fail('registry unreachable', { retries: 0 }), 'FailJob');
    await waitUntil(() => events.some((e) => e.type === 'incident.created'));

    // then
    expect(events.find((e) => e.type === 'incident.created')).toMatchObject({
      processInstanceKey: '2251799813685260',
      elementId: 'Task_Work',
      payload: { jobKey: '2251799813685300', errorType: 'JOB_NO_RETRIES', errorMessage: 'registry unreachable', elementName: 'Work', processDefinitionKey: '2251799813685250' },
    });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
