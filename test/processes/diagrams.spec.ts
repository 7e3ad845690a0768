import fs from 'node:fs';
import path from 'node:path';
import { lintBpmn } from '../../engine/embedded/bpmn/lint';
import { parseBpmn } from '../../engine/embedded/bpmn/parse';
import { checkSupport } from '../../engine/embedded/bpmn/support';

const PROCESSES = path.resolve('processes');
const diagrams = fs.existsSync(PROCESSES) ? fs.readdirSync(PROCESSES).filter((f) => f.endsWith('.bpmn')) : [];
const forms = fs.existsSync(path.join(PROCESSES, 'forms')) ? fs.readdirSync(path.join(PROCESSES, 'forms')).filter((f) => f.endsWith('.form')) : [];

/**
 * Every diagram the product ships runs on both engines: it lints clean for Camunda 8.5 (what
 * Zeebe 8.5 accepts) and uses only elements the embedded engine supports; every form it links
 * by formId exists.
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
});
