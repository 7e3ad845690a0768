/**
 * Two versions of a process side by side: removed elements red on the left, added green on the
 * right, changed amber on both; below, the list of changes with the properties that differ.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { t, type MessageKey } from '../i18n';
import { versionXml } from '../lib/definitions';
import type { PageProps } from '../routes';
import { describeError } from '../components/ui';
import { diffVersions, fingerprint, type DiffEntry } from './diff';
import { badge, mark } from './marks';
import { translate } from './translate';
import { businessObjects, focusElement, openViewer } from './viewer';

const CHANGE_LABEL = { added: 'diff.added', removed: 'diff.removed', changed: 'diff.changed' } as const;
const FIELD_LABEL: Record<string, MessageKey> = {
  name: 'diff.field.name',
  extensionElements: 'diff.field.extensionElements',
  documentation: 'diff.field.documentation',
  conditionExpression: 'diff.field.conditionExpression',
  eventDefinitions: 'diff.field.eventDefinitions',
};

/** The changed properties in words ("名称, Zeebe 配置"). */
function fieldsLabel(fields: string[] | undefined): string {
  return (fields ?? []).map((field) => (FIELD_LABEL[field] ? t(FIELD_LABEL[field]) : field)).join(', ');
}

/** Human label of a BPMN type such as bpmn:UserTask ("User task" → 用户任务). */
export function typeLabel(type: string): string {
  const words = type.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return translate(words.charAt(0) + words.slice(1).toLowerCase());
}

export default function DiffPage({ params }: PageProps) {
  const leftRef = useRef<HTMLDivElement>(null);
  const rightRef = useRef<HTMLDivElement>(null);
  const viewers = useRef<NavigatedViewer[]>([]);
  const [entries, setEntries] = useState<DiffEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let destroyed = false;
    (async () => {
      const [fromXml, toXml] = await Promise.all([versionXml(params.processId!, params.from!), versionXml(params.processId!, params.to!)]);
      if (destroyed) return;
      const left = await openViewer(leftRef.current!, fromXml);
      const right = await openViewer(rightRef.current!, toXml);
      viewers.current = [left, right];
      const found = diffVersions(businessObjects(left).map(fingerprint), businessObjects(right).map(fingerprint));
      for (const entry of found) {
        if (entry.change !== 'added') mark(left, entry.id, `pf-${entry.change}`);
        if (entry.change !== 'removed') mark(right, entry.id, `pf-${entry.change}`);
        const side = entry.change === 'removed' ? left : right;
        badge(side, entry.id, 'pf-diff', t(CHANGE_LABEL[entry.change]), `pf-badge-${entry.change}`, fieldsLabel(entry.fields));
      }
      // both sides start at the first difference
      const first = found[0];
      if (first) for (const viewer of [left, right]) focusElement(viewer, first.id, 0.8);
      if (!destroyed) setEntries(found);
    })().catch((caught: unknown) => !destroyed && setError(describeError(caught)));
    return () => {
      destroyed = true;
      for (const viewer of viewers.current) viewer.destroy();
      viewers.current = [];
    };
  }, [params.processId, params.from, params.to]);

  const focus = (elementId: string) => {
    for (const viewer of viewers.current) {
      const element = viewer.get<ElementRegistry>('elementRegistry').get(elementId);
      if (element) viewer.get<Canvas>('canvas').scrollToElement(element);
    }
  };

  return (
    <div class="diagram-page">
      <div class="diagram-toolbar">
        <h1>{t('diff.title', { id: params.processId!, from: params.from!, to: params.to! })}</h1>
        <a class="button" href={`/admin/processes?open=${encodeURIComponent(params.processId!)}`}>
          {t('modeler.versions')}
        </a>
        <span class="spacer" />
        <span class="legend">
          <span><i class="l-added" />{t('diff.added')}</span>
          <span><i class="l-removed" />{t('diff.removed')}</span>
          <span><i class="l-changed" />{t('diff.changed')}</span>
        </span>
      </div>
      {error ? <div class="error">{error}</div> : null}
      <div class="diagram-split">
        <div ref={leftRef} data-testid="diff-from">
          <span class="pane-title">v{params.from}</span>
        </div>
        <div ref={rightRef} data-testid="diff-to">
          <span class="pane-title">v{params.to}</span>
        </div>
      </div>
      <div class="problems" data-testid="diff-list">
        <h2>{entries ? t('diff.summary', { count: entries.length }) : t('common.loading')}</h2>
        <ul>
          {(entries ?? []).map((entry) => (
            <li onClick={() => focus(entry.id)}>
              <span class={`badge badge-${entry.change}`}>{t(CHANGE_LABEL[entry.change])}</span> {typeLabel(entry.type)} <strong>{entry.name ?? entry.id}</strong>
              {entry.fields?.length ? <span class="rule">{fieldsLabel(entry.fields)}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
