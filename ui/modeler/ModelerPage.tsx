/**
 * Edit a process version (or a new process) in bpmn-js, lint it on the server, deploy it. Problems
 * from the lint or from a refused deployment (422 LINT_FAILED) are shown on their elements.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { locale, t } from '../i18n';
import { lintMessageZhCN } from '../i18n/lint-zh-CN';
import { api, ApiError } from '../lib/api';
import { elementTemplates, versionXml } from '../lib/definitions';
import { takePrefetched } from '../lib/prefetch';
import type { LintProblem } from '../lib/types';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { describeError } from '../components/ui';
import { createModeler, newDiagram } from './createModeler';
import { fitReadable, showProblems } from './marks';

type Status = { kind: 'info' | 'ok' | 'error'; text: string } | null;

export default function ModelerPage({ params }: PageProps) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<BpmnModeler | null>(null);
  const [ready, setReady] = useState(false);
  const [panelReady, setPanelReady] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [problems, setProblems] = useState<LintProblem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const isNew = !params.processId;

  useEffect(() => {
    let destroyed = false;
    // both requests usually started while this chunk was downloading (routes.ts)
    const templates = takePrefetched('element-templates', elementTemplates);
    (async () => {
      const diagram = isNew
        ? Promise.resolve(newDiagram(`Process_${Math.random().toString(36).slice(2, 9)}`, t('modeler.untitled')))
        : takePrefetched(`xml:${params.processId}:${params.version}`, () => versionXml(params.processId!, params.version!));
      // bpmn-js is set up while the diagram is still on its way
      const modeler = createModeler(canvasRef.current!);
      modelerRef.current = modeler;
      // read before the diagram is drawn: the fit then lays the drawn diagram out once, not three times
      const size = modeler.get<Canvas>('canvas').getSize();
      const xml = await diagram;
      if (destroyed) return;
      await modeler.importXML(xml);
      if (destroyed) return;
      fitReadable(modeler, size);
      setReady(true);
      // bench/ui: the diagram is on screen and takes clicks, selection and editing from here
      performance.mark('pf:canvas-ready');
      // then the properties panel and the element templates, most of the modeler's code: once the
      // browser has drawn the diagram and is idle, so its first frame and first click come first
      await whenIdle();
      if (destroyed) return;
      const [{ addPropertiesPanel }, list] = await Promise.all([import('./propertiesPanel'), templates]);
      if (destroyed) return;
      await addPropertiesPanel(modeler, panelRef.current!, list, () => !destroyed);
      if (destroyed) return;
      setPanelReady(true);
      // bench/ui: everything is in (the mark's meaning before the panel was split off)
      performance.mark('pf:modeler-ready');
    })().catch((error: unknown) => !destroyed && setStatus({ kind: 'error', text: describeError(error) }));
    return () => {
      destroyed = true;
      modelerRef.current?.destroy();
      modelerRef.current = null;
      setReady(false);
      setPanelReady(false);
    };
  }, [params.processId, params.version]);

  const currentXml = async () => (await modelerRef.current!.saveXML({ format: true })).xml!;

  /** Shows problems in the list and on the diagram, their messages in the UI language. */
  const display = (found: LintProblem[]) => {
    const shown = locale === 'zh-CN' ? found.map((problem) => ({ ...problem, message: lintMessageZhCN(problem.message) })) : found;
    setProblems(shown);
    showProblems(modelerRef.current!, shown);
  };

  const lint = async (): Promise<LintProblem[] | null> => {
    setStatus({ kind: 'info', text: t('modeler.linting') });
    try {
      const { problems: found } = await api<{ problems: LintProblem[] }>('/api/definitions/lint', { body: { xml: await currentXml() } });
      display(found);
      setStatus(found.length ? { kind: 'error', text: t('modeler.lintProblems', { count: found.length }) } : { kind: 'ok', text: t('modeler.lintClean') });
      return found;
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
      return null;
    }
  };

  const deploy = async () => {
    setBusy(true);
    try {
      const found = await lint();
      if (found === null || (found.length && !confirm(t('modeler.deployAnyway', { count: found.length })))) return;
      setStatus({ kind: 'info', text: t('modeler.deploying') });
      const xml = await currentXml();
      const processId = processIdOf(modelerRef.current!);
      const result = await api<{ processes: { bpmnProcessId: string; version: number }[] }>('/api/definitions', { body: { name: `${processId}.bpmn`, xml } });
      const deployed = result.processes[0];
      display([]);
      setStatus({ kind: 'ok', text: t('modeler.deployed', { id: deployed?.bpmnProcessId ?? processId, version: deployed?.version ?? '?' }) });
      if (deployed) history.replaceState(null, '', `/admin/modeler/${encodeURIComponent(deployed.bpmnProcessId)}/${deployed.version}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'LINT_FAILED' && Array.isArray(error.details)) {
        display(error.details as LintProblem[]);
        setStatus({ kind: 'error', text: t('modeler.deployRefused', { count: error.details.length }) });
      } else {
        setStatus({ kind: 'error', text: describeError(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    const xml = await currentXml();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    link.download = `${processIdOf(modelerRef.current!)}.bpmn`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const select = (elementId: string | null) => {
    const modeler = modelerRef.current;
    const element = elementId ? modeler?.get<ElementRegistry>('elementRegistry').get(elementId) : null;
    if (!modeler || !element) return;
    modeler.get<Selection>('selection').select(element);
    modeler.get<Canvas>('canvas').scrollToElement(element);
  };

  return (
    <div class="diagram-page">
      <div class="diagram-toolbar">
        <h1>{isNew ? t('modeler.newProcess') : t('modeler.editing', { id: params.processId!, version: params.version! })}</h1>
        <button type="button" disabled={!ready || busy} onClick={() => void lint()} data-testid="lint">
          {t('modeler.lint')}
        </button>
        <button type="button" class="primary" disabled={!ready || busy} onClick={() => void deploy()} data-testid="deploy">
          {t('modeler.deploy')}
        </button>
        <button type="button" disabled={!ready} onClick={() => void download()}>
          {t('modeler.download')}
        </button>
        {isNew ? null : (
          <button type="button" onClick={() => navigate(`/admin/processes?open=${encodeURIComponent(params.processId!)}`)}>
            {t('modeler.versions')}
          </button>
        )}
        <span class="spacer" />
        {status ? (
          <span class={`status status-${status.kind}`} role="status" data-testid="modeler-status">
            {status.text}
          </span>
        ) : null}
      </div>
      <div class="diagram-body">
        <div class="diagram-canvas" ref={canvasRef} data-testid="canvas" data-ready={ready ? 'true' : 'false'} />
        <div class="diagram-side" data-testid="properties-panel" data-ready={panelReady ? 'true' : 'false'}>
          {panelReady ? null : <p class="muted side-padding">{t('modeler.panelLoading')}</p>}
          <div class="panel-host" ref={panelRef} />
        </div>
      </div>
      {problems && problems.length ? (
        <div class="problems" data-testid="problems">
          <h2>{t('modeler.problems', { count: problems.length })}</h2>
          <ul>
            {problems.map((problem) => (
              <li onClick={() => select(problem.elementId)}>
                <strong>{problem.elementId ?? t('modeler.wholeDiagram')}</strong>: {problem.message}
                {problem.rule ? <span class="rule">({problem.rule})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Resolves once the browser is idle (at the latest after `timeout` ms). */
function whenIdle(timeout = 200): Promise<void> {
  return new Promise((resolve) => {
    if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, 0);
  });
}

/** The id of the (first) process in the diagram, used as the deployment's resource name. */
function processIdOf(modeler: BpmnModeler): string {
  const root = modeler.get<Canvas>('canvas').getRootElement();
  const businessObject = root.businessObject as { id?: string; $type?: string; participants?: { processRef?: { id: string } }[] };
  if (businessObject.$type === 'bpmn:Collaboration') return businessObject.participants?.find((p) => p.processRef)?.processRef?.id ?? 'process';
  return businessObject.id ?? 'process';
}
