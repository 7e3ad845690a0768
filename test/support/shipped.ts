import fs from 'node:fs';
import path from 'node:path';

/** The shipped diagrams under processes/, as main.ts deploys them. */
export function shippedResources(): { name: string; content: string }[] {
  const dir = path.resolve('processes');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn'))
    .map((name) => ({ name, content: fs.readFileSync(path.join(dir, name), 'utf8') }));
}
