import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import { readDiagram } from './fixtures';

export type ModdleContext = BpmnEngineOptions['moddleContext'];

/** The id of (c)'s multi-instance task, whose service answers `{ result: item * 2 }`. */
const DOUBLE_TASK_ID = 'Task_Double';

/**
 * bpmn-engine's idiomatic way to run a service task: an extension that gives every
 * `bpmn:ServiceTask` a Service whose `execute` calls back at once (the in-memory stand-in for a
 * worker that completes its job immediately); (c)'s task calls back with `{ result: item * 2 }`.
 * bpmn-engine ignores the zeebe extension elements. The cast: bpmn-elements runs extensions that
 * return nothing (as its docs' examples do), while its typings ask for an activate/deactivate pair.
 */
const completeServiceTasks = {
  completeServiceTasks(activity: { type: string; id: string; behaviour: Record<string, unknown> }) {
    if (activity.type !== 'bpmn:ServiceTask') return;
    const doubles = activity.id === DOUBLE_TASK_ID;
    activity.behaviour.Service = function CompleteAtOnce() {
      return {
        execute: (message: { content: { item?: number } }, callback: (error: Error | null, output?: unknown) => void) =>
          doubles ? callback(null, { result: message.content.item! * 2 }) : callback(null),
      };
    };
  },
} as unknown as NonNullable<BpmnEngineOptions['extensions']>;

/** Called from the (b) copy's conditions: bpmn-engine expressions have no operators. */
const services = {
  isAbove: (value: number, limit: number) => value > limit,
  isAtMost: (value: number, limit: number) => value <= limit,
};

/** bpmn-engine logs through `debug`; silenced like our engine's pino. */
const quietLogger = () => ({ debug() {}, error() {}, warn() {} });

/**
 * The `js:collection` / `js:elementVariable` attributes bpmn-elements reads for a collection
 * loop (its LoopCharacteristics docs), declared for bpmn-moddle as bpmn-engine's own schema does.
 */
const jsSchema = {
  name: 'bpmn-engine',
  uri: 'http://paed01.github.io/bpmn-engine/schema/2017/08/bpmn',
  prefix: 'js',
  xml: { tagAlias: 'lowerCase' },
  types: [
    {
      name: 'Collectable',
      isAbstract: true,
      extends: ['bpmn:MultiInstanceLoopCharacteristics'],
      properties: [
        { name: 'collection', isAttr: true, type: 'String' },
        { name: 'elementVariable', isAttr: true, type: 'String' },
      ],
    },
  ],
};

/** Parses a bench diagram once; its tree is handed to every `Engine` as `moddleContext`. */
export async function parse(diagram: string): Promise<ModdleContext> {
  return (await new BpmnModdle({ js: jsSchema }).fromXML(readDiagram(diagram).content)) as unknown as ModdleContext;
}

/** One `Engine` per execution (bpmn-engine's model); `timers` replaces its setTimeout-based timers. */
export function newEngine(moddleContext: ModdleContext, timers?: BpmnEngineOptions['timers']): Engine {
  return new Engine({ moddleContext, extensions: completeServiceTasks, services, Logger: quietLogger, ...(timers && { timers }) });
}
