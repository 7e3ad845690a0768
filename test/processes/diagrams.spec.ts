import fs from 'node:fs';
import path from 'node:path';
import { lintBpmn } from '../../engine/embedded/bpmn/lint';
import { parseBpmn } from '../../engine/embedded/bpmn/parse';
import { checkSupport } from '../../engine/embedded/bpmn/support';

const PROCESSES = path.resolve('processes');
const diagrams = fs.existsSync(PROCESSES) ? fs.readdirSync(PROCESSES).filter((f) => f.endsWith('.bpmn')) : [];
const forms = fs.existsSync(path.join(PROCESSES, 'forms')) ? fs.readdirSync(path.join(PROCESSES, 'forms')).filter((f) => f.endsWith('.form')) : [];

/** Every user task of every executable process, sub-processes included. */
function userTasks(definitions: any): any[] {
  const found: any[] = [];
  const walk = (container: any) => {
    for (const element of container.flowElements ?? []) {
      if (element.$type === 'bpmn:UserTask') found.push(element);
      if (element.flowElements) walk(element);
    }
  };
  for (const root of definitions.rootElements ?? []) if (root.$type === 'bpmn:Process' && root.isExecutable) walk(root);
  return found;
}

/** What a user task lacks of what the regimes require of every human stage: an owner, a due date, a form. */
function lacking(task: any): string[] {
  const extension = (type: string) => (task.extensionElements?.values ?? []).find((v: any) => v.$type === type);
  const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  const assignment = extension('zeebe:AssignmentDefinition');
  const missing: string[] = [];
  if (!filled(assignment?.candidateGroups) && !filled(assignment?.assignee)) missing.push('candidate groups or assignee');
  if (!filled(extension('zeebe:TaskSchedule')?.dueDate)) missing.push('due date');
  if (!filled(extension('zeebe:FormDefinition')?.formId)) missing.push('formId');
  return missing;
}

/** `elementId: what is missing` for every incomplete user task of a diagram. */
async function incompleteUserTasks(xml: string): Promise<string[]> {
  const { definitions } = await parseBpmn(xml);
  return userTasks(definitions).flatMap((task) => {
    const missing = lacking(task);
    return missing.length > 0 ? [`${task.id}: no ${missing.join(', no ')}`] : [];
  });
}

/**
 * Every diagram the product ships runs on both engines: it lints clean for Camunda 8.5 (what
 * Zeebe 8.5 accepts) and uses only elements the embedded engine supports; every form it links
 * by formId exists; every human stage has an owner, a due date and a form.
 */
describe('shipped diagrams', () => {
  it('are there', () => {
    expect(diagrams.length).toBeGreaterThan(0);
  });

  it.each(diagrams)('%s lints clean for camunda-cloud-8-5 and uses only supported elements', async (file) => {
    // given
    const parsed = await parseBpmn(fs.readFileSync(path.join(PROCESSES, file), 'utf8'));

    // when
    const problems = [...(await lintBpmn(parsed.definitions)), ...checkSupport(parsed)];

    // then
    expect(problems).toEqual([]);
  });

  it.each(diagrams)('%s links only forms that exist', async (file) => {
    // given
    const xml = fs.readFileSync(path.join(PROCESSES, file), 'utf8');
    const formIds = new Set(forms.map((f) => JSON.parse(fs.readFileSync(path.join(PROCESSES, 'forms', f), 'utf8')).id as string));

    // when
    const linked = [...xml.matchAll(/formId="([^"]+)"/g)].map((m) => m[1]!);

    // then
    expect(linked.filter((id) => !formIds.has(id))).toEqual([]);
  });

  it.each(diagrams)('%s gives every user task candidate groups (or an assignee), a due date and a formId', async (file) => {
    // given
    const xml = fs.readFileSync(path.join(PROCESSES, file), 'utf8');

    // when
    const incomplete = await incompleteUserTasks(xml);

    // then
    expect(incomplete).toEqual([]);
  });

  it('the user-task check names each task and what it lacks, inside sub-processes too', async () => {
    // given a diagram with a complete task, a bare one and one in a sub-process without due date
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="Task_Complete"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=expert" /><zeebe:taskSchedule dueDate="=dueDate" /><zeebe:formDefinition formId="f" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:userTask id="Task_Bare" />
    <bpmn:subProcess id="Sub"><bpmn:userTask id="Task_Inner"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="office" /><zeebe:formDefinition formId="f" /></bpmn:extensionElements></bpmn:userTask></bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>`;

    // when
    const incomplete = await incompleteUserTasks(xml);

    // then
    expect(incomplete).toEqual(['Task_Bare: no candidate groups or assignee, no due date, no formId', 'Task_Inner: no due date']);
  });
});
