/**
 * Adds didi modules to a running bpmn-js modeler, so the canvas can be interactive before the
 * properties panel and the element templates (most of the modeler's code) have even downloaded.
 *
 * The modules are loaded into a child injector of the modeler's: they get the modeler's services
 * (one event bus, one command stack, our `translate`), the modeler never sees theirs by name. Their
 * dependencies the modeler already loaded are not loaded again (a second `selection` or `translate`
 * would split the editor in two), and their `diagram.init` listeners run once they are in, as the
 * event fired long before.
 */
import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type EventBus from 'diagram-js/lib/core/EventBus';

/** A didi module: named providers plus the lifecycle keys. */
export type ModuleDeclaration = { __depends__?: ModuleDeclaration[]; __init__?: (string | ((...args: never[]) => unknown))[] } & Record<string, unknown>;

interface ChildInjector {
  get<T>(name: string): T;
  init(): void;
}
interface Injector {
  createChild(modules: ModuleDeclaration[]): ChildInjector;
}

/** Every module `modules` load, their dependencies included. */
export function loadedModules(modules: readonly ModuleDeclaration[]): Set<ModuleDeclaration> {
  const seen = new Set<ModuleDeclaration>();
  const visit = (module: ModuleDeclaration) => {
    if (seen.has(module)) return;
    seen.add(module);
    for (const dependency of module.__depends__ ?? []) visit(dependency);
  };
  for (const module of modules) visit(module);
  return seen;
}

/** `module` (a copy when needed) without the dependencies in `present`, at any depth. */
function pruned(module: ModuleDeclaration, present: Set<ModuleDeclaration>, copies: Map<ModuleDeclaration, ModuleDeclaration>): ModuleDeclaration {
  const known = copies.get(module);
  if (known) return known;
  const depends = module.__depends__;
  if (!depends) return module;
  const copy: ModuleDeclaration = { ...module };
  copies.set(module, copy);
  copy.__depends__ = depends.filter((dependency) => !present.has(dependency)).map((dependency) => pruned(dependency, present, copies));
  return copy;
}

/**
 * Loads `modules` into `modeler`, whose own modules (bpmn-js's and the `additionalModules` it was
 * created with) are `base`. Returns the injector that holds the new services.
 */
export function addModules(modeler: BpmnModeler, base: readonly ModuleDeclaration[], modules: readonly ModuleDeclaration[]): ChildInjector {
  const present = loadedModules([...((modeler as unknown as { _modules: ModuleDeclaration[] })._modules ?? []), ...base]);
  const copies = new Map<ModuleDeclaration, ModuleDeclaration>();
  const added = modules.filter((module) => !present.has(module)).map((module) => pruned(module, present, copies));
  const child = modeler.get<Injector>('injector').createChild(added);

  // the new services subscribe while they are created: collect their `diagram.init` listeners
  const eventBus = modeler.get<EventBus>('eventBus');
  const on = eventBus.on;
  const onInit: (() => void)[] = [];
  const collect = function (this: EventBus, events: string | string[], ...rest: unknown[]) {
    const names = Array.isArray(events) ? events : [events];
    if (names.includes('diagram.init')) {
      const callback = (typeof rest[0] === 'function' ? rest[0] : rest[1]) as (event: unknown) => void;
      const that = typeof rest[0] === 'function' ? rest[1] : rest[2];
      onInit.push(() => callback.call(that, { type: 'diagram.init' }));
      const others = names.filter((name) => name !== 'diagram.init');
      if (!others.length) return;
      return (on as (...args: unknown[]) => void).call(this, others, ...rest);
    }
    return (on as (...args: unknown[]) => void).call(this, events, ...rest);
  };
  eventBus.on = collect as EventBus['on'];
  try {
    child.init();
  } finally {
    eventBus.on = on;
  }
  for (const listener of onInit) listener();
  return child;
}
