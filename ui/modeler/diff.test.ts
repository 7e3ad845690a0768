import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { diffVersions, fingerprint, type ModdleObject } from './diff';

const SHIPPED = fs.readFileSync(path.resolve('processes/research-deliberation.bpmn'), 'utf8');

/** Every flow element, the process and its message / error roots, as the viewer's registry has them. */
async function fingerprints(xml: string) {
  const moddle = new BpmnModdle({ zeebe });
  const { rootElement } = await moddle.fromXML(xml);
  const found: ModdleObject[] = [];
  const walk = (element: ModdleObject) => {
    found.push(element);
    for (const child of (element.flowElements as ModdleObject[] | undefined) ?? []) walk(child);
  };
  for (const root of (rootElement as unknown as { rootElements: ModdleObject[] }).rootElements) walk(root);
  return found.map(fingerprint);
}

describe('version diff', () => {
  it('finds nothing between a version and itself', async () => {
    // given the same diagram twice
    const before = await fingerprints(SHIPPED);
    const after = await fingerprints(SHIPPED);

    // when compared, then nothing differs
    expect(diffVersions(before, after)).toEqual([]);
  });

  it('reports a renamed task, a changed form, a removed boundary event and a moved shape apart', async () => {
    // given a new version: the research task renamed and given another form, its due-soon
    // reminder removed, and the start event moved on the canvas (layout only)
    const edited = SHIPPED.replace('name="成立专题调研组开展调研"', 'name="开展专题调研"')
      .replace('formId="research-survey"', 'formId="research-survey-v2"')
      .replace(/<bpmn:boundaryEvent id="Event_ResearchDueSoon"[\s\S]*?<\/bpmn:boundaryEvent>/, '')
      .replace('<dc:Bounds x="152" y="522" width="36" height="36" />', '<dc:Bounds x="100" y="400" width="36" height="36" />');

    // when the two versions are compared
    const entries = diffVersions(await fingerprints(SHIPPED), await fingerprints(edited));

    // then the task is changed in its name and its extension elements, the reminder removed,
    // and the move is not a difference
    const task = entries.find((e) => e.id === 'Task_Research');
    expect(task).toMatchObject({ change: 'changed', name: '开展专题调研', type: 'bpmn:UserTask' });
    expect(task!.fields).toEqual(expect.arrayContaining(['name', 'extensionElements']));
    expect(entries.find((e) => e.id === 'Event_ResearchDueSoon')).toMatchObject({ change: 'removed' });
    expect(entries.some((e) => e.id === 'StartEvent_Started')).toBe(false);
  });

  it('reports an element that only the new version has as added', async () => {
    // given a new version with one more task
    const edited = SHIPPED.replace('<bpmn:userTask id="Task_Research"', '<bpmn:task id="Task_New" name="新增环节" /><bpmn:userTask id="Task_Research"');

    // when compared
    const entries = diffVersions(await fingerprints(SHIPPED), await fingerprints(edited));

    // then the new task is added, the process itself (its children are not part of it) unchanged
    expect(entries).toEqual([{ id: 'Task_New', type: 'bpmn:Task', name: '新增环节', change: 'added' }]);
  });
});
