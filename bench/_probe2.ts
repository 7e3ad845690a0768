import fs from 'node:fs';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';

const source = fs.readFileSync('bench/engine/fixtures/bench-three-tasks.bpmn-engine.bpmn', 'utf8');
const moddleContext = await new BpmnModdle().fromXML(source);
const extensions = {
  benchService(activity: any) {
    if (activity.type !== 'bpmn:ServiceTask') return;
    activity.behaviour.Service = function () { return { execute(_m: unknown, cb: (e: unknown, r?: unknown) => void) { cb(null); } }; };
  },
};
const services = { isAbove: (a: number, b: number) => a > b, isAtMost: (a: number, b: number) => a <= b };
const probe = new Engine({ moddleContext: moddleContext as any });
const sourceContext = (await probe.getDefinitions())[0]!.context.definitionContext;
const ends: Record<string, number> = {};
async function one(amount: number, mode: string) {
  const opts: any = mode === 'source' ? { source } : mode === 'moddle' ? { moddleContext } : { sourceContext };
  const engine = new Engine({ ...opts, extensions, services });
  const listener = new EventEmitter();
  listener.on('activity.end', (api: any) => { if (api.type === 'bpmn:EndEvent') ends[api.id] = (ends[api.id] ?? 0) + 1; });
  await new Promise<void>((resolve, reject) => {
    engine.once('end', () => resolve());
    engine.once('error', reject);
    void engine.execute({ listener, variables: { amount } });
  });
}
for (const mode of ['source', 'moddle', 'context', 'context']) {
  const N = 4000;
  const t = Date.now();
  for (let i = 0; i < N; i += 200) await Promise.all(Array.from({ length: 200 }, (_, j) => one((i + j) % 200, mode)));
  console.log(mode, N, Date.now() - t, (N / ((Date.now() - t) / 1000)).toFixed(0), '/s', ends);
}
