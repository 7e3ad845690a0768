import fs from 'node:fs';
import path from 'node:path';
import type { Resource } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

const dmn = (name: string): Resource => ({ name, content: fs.readFileSync(path.resolve('test/fixtures/dmn', name), 'utf8') });

describe('business rule task calling a DMN decision', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('evaluates the latest decision (with its required decisions) and stores the result variable', async () => {
    // given the diagram and its decisions deployed together
    const bpmn = fs.readFileSync('test/engine/fixtures/decision-task.bpmn', 'utf8');
    const deployment = await t.engine.deployResources([{ name: 'decision-task.bpmn', content: bpmn }, dmn('consultation-route.dmn')]);
    expect(deployment.decisions.map((d) => `${d.decisionId} v${d.version}`)).toEqual(['fiscalImpact v1', 'consultationRoute v1', 'commentDeadline v1']);

    // when a draft affecting enterprises with a high fiscal cost runs through it
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'decision-task', variables: { affectsEnterprises: true, fiscalCost: 2_500_000, category: 'tax' } });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then the route and comment period come from the table
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables.consultation).toEqual({ route: 'public', commentDays: 15 });
    expect(t.events.find((e) => e.type === 'decision.evaluated')?.payload).toMatchObject({ decisionId: 'consultationRoute' });
  });

  it('raises CALLED_DECISION_ERROR while the decision is missing, and continues once it is deployed and the incident resolved', async () => {
    // given the diagram without its decisions
    await t.deploy('decision-task.bpmn');
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'decision-task', variables: { affectsEnterprises: false, fiscalCost: 0, category: 'urgent' } });
    const raised = await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);
    expect(raised.payload.errorType).toBe('CALLED_DECISION_ERROR');

    // when the decisions are deployed and the incident resolved
    await t.engine.deployResources([dmn('consultation-route.dmn')]);
    await t.engine.resolveIncident(raised.payload.incidentKey as string);
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables.consultation).toEqual({ route: 'internal', commentDays: 7 });
  });

  it('raises DECISION_EVALUATION_ERROR when an input has the wrong type, and survives a restart with the decision loaded', async () => {
    // given
    await t.engine.deployResources([{ name: 'decision-task.bpmn', content: fs.readFileSync('test/engine/fixtures/decision-task.bpmn', 'utf8') }, dmn('consultation-route.dmn')]);
    await t.restart();

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'decision-task', variables: { affectsEnterprises: true, fiscalCost: 'a lot', category: 'tax' } });
    const raised = await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(raised.payload.errorType).toBe('DECISION_EVALUATION_ERROR');
    expect(String(raised.payload.errorMessage)).toContain('fiscalCost');
  });

  it('keeps the version for identical content, refuses an unsafe or invalid DMN and changes nothing', async () => {
    // given
    const first = await t.engine.deployResources([dmn('consultation-route.dmn')]);

    // when
    const again = await t.engine.deployResources([dmn('consultation-route.dmn')]);
    const unsafe = t.engine.deployResources([dmn('unsafe-entity.dmn')]);
    const invalid = t.engine.deployResources([dmn('invalid-feel.dmn')]);

    // then
    expect(again.decisions.map((d) => d.version)).toEqual(first.decisions.map((d) => d.version));
    await expect(unsafe).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(invalid).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
