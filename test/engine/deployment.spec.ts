import fs from 'node:fs';
import path from 'node:path';
import { done, EngineRejection } from '../../engine/port';
import { FIXTURES, startTestEngine, type TestEngine } from '../support/engine-harness';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('deployment and versions', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const versionOf = async (file: string) => (await t.deploy(file)).processes.map((p) => [p.bpmnProcessId, p.version]);
  const jobTypeOf = async (processInstanceKey: string) => (await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey)).payload.type;

  it('increments the version per process id when the content changes and keeps it for an identical redeploy', async () => {
    // when
    const first = await t.deploy('versioned-v1.bpmn');
    const identical = await t.deploy('versioned-v1.bpmn');
    const changed = await versionOf('versioned-v2.bpmn');
    const back = await versionOf('versioned-v1.bpmn');
    const other = await versionOf('one-task.bpmn');

    // then
    expect(first.processes).toEqual([expect.objectContaining({ bpmnProcessId: 'versioned', version: 1, resourceName: 'versioned-v1.bpmn' })]);
    expect(identical.processes).toEqual(first.processes);
    expect(changed).toEqual([['versioned', 2]]);
    expect(back).toEqual([['versioned', 3]]);
    expect(other).toEqual([['one-task', 1]]);
  });

  it('a running instance stays on the version it started with', async () => {
    // given
    await t.deploy('versioned-v1.bpmn');
    const onV1 = await t.engine.createProcessInstance({ bpmnProcessId: 'versioned' });

    // when
    await t.deploy('versioned-v2.bpmn');
    const onV2 = await t.engine.createProcessInstance({ bpmnProcessId: 'versioned' });

    // then
    expect([onV1.version, onV2.version]).toEqual([1, 2]);
    expect(await jobTypeOf(onV1.processInstanceKey)).toBe('work-v1');
    expect(await jobTypeOf(onV2.processInstanceKey)).toBe('work-v2');
    const versions: number[] = [];
    t.engine.createWorker({ taskType: 'work-v1', handler: (job) => (versions.push(job.processDefinitionVersion), done.complete()) });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === onV1.processInstanceKey);
    expect(versions).toEqual([1]);
  });

  it('starts an explicit older version on request', async () => {
    // given
    await t.deploy('versioned-v1.bpmn');
    const v2 = await t.deploy('versioned-v2.bpmn');

    // when
    const created = await t.engine.createProcessInstance({ bpmnProcessId: 'versioned', version: 1 });

    // then
    expect(created.version).toBe(1);
    expect(created.processDefinitionKey).not.toBe(v2.processes[0]!.processDefinitionKey);
    expect(await jobTypeOf(created.processInstanceKey)).toBe('work-v1');
    expect((await t.engine.getProcessInstance(created.processInstanceKey))?.version).toBe(1);
  });

  it('rejects an unknown process id or version with NOT_FOUND', async () => {
    // given
    await t.deploy('versioned-v1.bpmn');

    // when
    const unknownProcess = t.engine.createProcessInstance({ bpmnProcessId: 'no-such-process' });
    const unknownVersion = t.engine.createProcessInstance({ bpmnProcessId: 'versioned', version: 7 });

    // then
    await expect(unknownProcess).rejects.toMatchObject({ name: 'EngineRejection', code: 'NOT_FOUND' });
    await expect(unknownVersion).rejects.toMatchObject({ name: 'EngineRejection', code: 'NOT_FOUND' });
  });

  it.each([
    ['an unsupported element', 'versioned-unsupported.bpmn', () => fixture('versioned-unsupported.bpmn'), 'Task_NativeReview', 'Task_NativeReview'],
    ['a lint error', 'versioned-lint-error.bpmn', () => fixture('versioned-lint-error.bpmn'), 'Task_Work', 'Task_Work'],
    ['malformed XML', 'versioned-malformed.bpmn', () => fixture('versioned-v2.bpmn').replace('</bpmn:process>', ''), 'malformed XML', undefined],
    ['a DOCTYPE', 'versioned-doctype.bpmn', () => fixture('versioned-v2.bpmn').replace('?>\n', '?>\n<!DOCTYPE bpmn:definitions [ <!ENTITY team "drafting"> ]>\n'), '<!DOCTYPE>', undefined],
  ])('rejects %s with INVALID_ARGUMENT and leaves the versions unchanged', async (_what, name, content, mentions, elementId) => {
    // given
    await t.deploy('versioned-v1.bpmn');

    // when
    const rejection = await t.engine.deployResources([{ name, content: content() }]).catch((error: unknown) => error);

    // then
    expect(rejection).toBeInstanceOf(EngineRejection);
    expect(rejection).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((rejection as EngineRejection).message).toContain(mentions);
    if (elementId) {
      expect((rejection as EngineRejection).details).toEqual(expect.arrayContaining([expect.objectContaining({ elementId })]));
    }
    expect((await t.engine.createProcessInstance({ bpmnProcessId: 'versioned' })).version).toBe(1);
    expect(await versionOf('versioned-v2.bpmn')).toEqual([['versioned', 2]]);
    expect(t.events.filter((e) => e.type === 'deployment.created')).toHaveLength(2);
  });
});
