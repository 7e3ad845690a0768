/**
 * One process instance: its version's diagram with the state of every element (active, done,
 * overdue, incident), its incidents with retry, its history and variables.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { t } from '../i18n';
import { api } from '../lib/api';
import { versionXml } from '../lib/definitions';
import { formatDateTime, stateLabel } from '../lib/format';
import { useResource } from '../lib/hooks';
import { incidentElementLabel } from '../lib/incidents';
import { processName } from '../lib/names';
import type { InstanceDetail } from '../lib/types';
import type { PageProps } from '../routes';
import { describeError, ErrorBox, Loading } from '../components/ui';
import { badge, clearMarks, mark } from '../modeler/marks';
import { diagramProcessName, elementName, focusElement, openViewer } from '../modeler/viewer';
import { IncidentRetry } from './IncidentRetry';
import { ObservedNotice } from './ObservedNotice';

type Mark = 'done' | 'active' | 'overdue' | 'incident';
const RANK: Record<Mark, number> = { done: 0, active: 1, overdue: 2, incident: 3 };

/** The one mark each element gets: the most urgent of its states (an element can run several times). */
export function elementMarks(instance: Pick<InstanceDetail, 'elements' | 'incidents'>): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  const raise = (id: string, markKind: Mark) => {
    const current = marks.get(id);
    if (!current || RANK[markKind] > RANK[current]) marks.set(id, markKind);
  };
  for (const element of instance.elements) {
    if (element.state === 'ACTIVE') raise(element.elementId, element.overdue ? 'overdue' : 'active');
    else if (element.state === 'COMPLETED') raise(element.elementId, element.overdue ? 'overdue' : 'done');
  }
  for (const incident of instance.incidents) if (incident.state !== 'RESOLVED') raise(incident.elementId, 'incident');
  return marks;
}

/** The document the instance is about, when its variables say (`documentTitle`, or `document.title`). */
export function documentTitleOf(variables: Record<string, unknown>): string | null {
  const direct = variables.documentTitle;
  if (typeof direct === 'string' && direct.trim()) return direct.trim();
  const document = variables.document as { title?: unknown } | null | undefined;
  return typeof document?.title === 'string' && document.title.trim() ? document.title.trim() : null;
}

const EVENTS = ['element.activated', 'element.completed', 'element.terminated', 'incident.created', 'incident.resolved', 'job.created', 'job.completed', 'job.failed', 'job.errorThrown', 'job.canceled', 'processInstance.created', 'processInstance.completed', 'processInstance.terminated', 'timer.triggered', 'userTask.created', 'userTask.completed', 'userTask.canceled', 'message.correlated'] as const;

/** A history entry's event in the UI language (the engine's name when unknown). */
function eventLabel(type: string): string {
  return (EVENTS as readonly string[]).includes(type) ? t(`instance.event.${type as (typeof EVENTS)[number]}`) : type;
}

export default function InstancePage({ params }: PageProps) {
  const key = params.key!;
  const instance = useResource(() => api<InstanceDetail>(`/api/instances/${encodeURIComponent(key)}`), [key]);
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setViewerReady] = useState(0);
  const [definitionName, setDefinitionName] = useState<string | null>(null);
  const data = instance.data;

  // the diagram of the instance's version, loaded once per process version
  useEffect(() => {
    if (!data) return;
    let destroyed = false;
    (async () => {
      const xml = await versionXml(data.bpmnProcessId, data.version);
      if (destroyed) return;
      const viewer = await openViewer(containerRef.current!, xml);
      viewerRef.current = viewer;
      setDefinitionName(diagramProcessName(viewer, data.bpmnProcessId));
      // start at the most urgent element: incident, overdue, then active
      const marks = [...elementMarks(data)].sort(([, a], [, b]) => RANK[b] - RANK[a]);
      if (marks[0] && marks[0][1] !== 'done') focusElement(viewer, marks[0][0]);
      setViewerReady((n) => n + 1);
    })().catch((caught: unknown) => !destroyed && setError(describeError(caught)));
    return () => {
      destroyed = true;
      viewerRef.current?.destroy();
      viewerRef.current = null;
    };
  }, [data?.bpmnProcessId, data?.version]);

  // states on the diagram, refreshed with every reload of the instance
  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer || !data) return;
    clearMarks(viewer, 'pf-state', ['pf-done', 'pf-active', 'pf-overdue', 'pf-incident']);
    for (const [elementId, kind] of elementMarks(data)) {
      mark(viewer, elementId, `pf-${kind}`);
      if (kind !== 'done') badge(viewer, elementId, 'pf-state', t(`instance.mark.${kind}`), `pf-badge-${kind}`);
    }
  });

  if (instance.error) return <ErrorBox error={instance.error} />;
  if (!data) return <Loading />;
  const viewer = viewerRef.current;
  const openIncidents = data.incidents.filter((i) => i.state !== 'RESOLVED');
  // the definition's own name once its diagram is read; until then our name for the four regimes (or the id)
  const name = definitionName ?? processName(data.bpmnProcessId);
  const document = documentTitleOf(data.variables);
  return (
    <div class="diagram-page">
      <div class="diagram-toolbar">
        <h1 data-testid="instance-title">{document ? t('instance.title', { document, process: name }) : name}</h1>
        <span class="muted">
          {t('instance.meta', { key, id: data.bpmnProcessId, version: data.version })} · {stateLabel(data.state)} · {t('instances.started')} {formatDateTime(data.createdAt)}
        </span>
        <span class="spacer" />
        <span class="legend">
          {(['active', 'done', 'overdue', 'incident'] as const).map((kind) => (
            <span>
              <i class={`l-${kind}`} />
              {t(`instance.mark.${kind}`)}
            </span>
          ))}
        </span>
      </div>
      <ObservedNotice view={data} kind="instance" startedHere={data.startedHere} />
      {error ? <div class="error">{error}</div> : null}
      <div class="diagram-body">
        <div class="diagram-canvas" ref={containerRef} data-testid="instance-diagram" />
        <div class="diagram-side side-padding">
          <h2>{t('instance.incidents', { count: openIncidents.length })}</h2>
          {openIncidents.length === 0 ? <p class="muted">{t('incidents.none')}</p> : null}
          {openIncidents.map((incident) => (
            <div class="incident">
              <strong title={incident.elementId}>{incidentElementLabel(incident, viewer ? (id) => elementName(viewer, id) : undefined)}</strong> · {incident.errorType}
              <p class="wrap">{incident.errorMessage}</p>
              <IncidentRetry incident={incident} onResolved={instance.reload} />
            </div>
          ))}
          <h2>{t('instance.history')}</h2>
          <ol class="history" data-testid="instance-history">
            {[...data.history].reverse().map((entry) => (
              <li>
                <time>{formatDateTime(entry.timestamp)}</time>
                <span>{viewer ? elementName(viewer, entry.elementId) : (entry.elementId ?? '—')}</span>
                <small class="muted" title={entry.type}>
                  {eventLabel(entry.type)}
                </small>
              </li>
            ))}
          </ol>
          <details>
            <summary>{t('instance.variables', { count: Object.keys(data.variables).length })}</summary>
            <dl>
              {Object.entries(data.variables).map(([name, value]) => [<dt>{name}</dt>, <dd class="wrap">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>])}
            </dl>
          </details>
        </div>
      </div>
    </div>
  );
}
