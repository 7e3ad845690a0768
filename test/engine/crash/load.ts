/**
 * Child process of the crash test: starts the engine on the given database, deploys the
 * two-task process, and keeps starting instances whose jobs workers complete. Prints
 * `started <key>` after each creation is acknowledged, until the parent kills it.
 * argv: <dataDir or postgres url>
 */
import fs from 'node:fs';
import path from 'node:path';
import { EmbeddedEngine } from '../../../engine/embedded';
import { done } from '../../../engine/port';
import { openDatabase } from '../../../store/database';

const target = process.argv[2]!;
const database = await openDatabase(target.startsWith('postgres') ? { url: target } : { dataDir: target });
const engine = await EmbeddedEngine.start({ database, jobPollMs: 50 });
await engine.deployResources([{ name: 'two-tasks.bpmn', content: fs.readFileSync(path.resolve('test/engine/fixtures/two-tasks.bpmn'), 'utf8') }]);
for (const taskType of ['draft', 'review']) {
  engine.createWorker({ taskType, maxJobsToActivate: 16, handler: () => done.complete({ [`${taskType}Done`]: true }) });
}
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => engine.createProcessInstance({ bpmnProcessId: 'two-tasks', variables: { n: i * 10 + j } })));
  process.stdout.write(batch.map((b) => `started ${b.processInstanceKey}\n`).join(''));
}
