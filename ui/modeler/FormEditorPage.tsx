/**
 * Edit one task form with the form-js editor (GET /api/forms/:id, PUT to save). form-js speaks
 * only English: in Chinese a module gives its field types Chinese names and new fields Chinese
 * default labels, and its palette and properties panel are translated on screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { FormEditor } from '@bpmn-io/form-js-editor';
import { locale, t } from '../i18n';
import { translateDom } from '../i18n/domTranslate';
import { translateFormViewer } from '../i18n/form-viewer-zh-CN';
import { formEditorCanvasZhCN, formEditorPatternsZhCN, formEditorZhCN } from '../i18n/form-editor-zh-CN';
import { formEditorFieldsZhCN } from '../i18n/form-editor-fields-zh-CN';
import { api } from '../lib/api';
import type { PageProps } from '../routes';
import { describeError } from '../components/ui';

import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import './modeler.css';

/** Text the editor's dictionary leaves alone: the form being designed (see translateFormViewer) and code editors. */
const NOT_EDITOR_TEXT = '.fjs-form, .cm-editor';

export default function FormEditorPage({ params }: PageProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<FormEditor | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const [ready, setReady] = useState(false);
  const id = params.id!;

  useEffect(() => {
    let destroyed = false;
    const stops = locale === 'zh-CN' ? [translateDom(containerRef.current!, { texts: formEditorZhCN, patterns: formEditorPatternsZhCN }, NOT_EDITOR_TEXT)] : [];
    (async () => {
      const schema = await api<Record<string, unknown>>(`/api/forms/${encodeURIComponent(id)}`);
      if (destroyed) return;
      const editor = new FormEditor({
        container: containerRef.current!,
        exporter: { name: 'policy-flow', version: '1' },
        additionalModules: locale === 'zh-CN' ? [formEditorFieldsZhCN] : [],
      });
      editorRef.current = editor;
      await editor.importSchema(schema);
      const form = containerRef.current!.querySelector<HTMLElement>('.fjs-form');
      if (locale === 'zh-CN' && form) stops.push(translateFormViewer(form, formEditorCanvasZhCN));
      if (!destroyed) setReady(true);
    })().catch((error: unknown) => !destroyed && setStatus({ kind: 'error', text: describeError(error) }));
    return () => {
      destroyed = true;
      for (const stop of stops) stop();
      editorRef.current?.destroy();
      editorRef.current = null;
    };
  }, [id]);

  const save = async () => {
    setStatus({ kind: 'info', text: t('forms.saving') });
    try {
      const schema = editorRef.current!.saveSchema() as Record<string, unknown>;
      await api(`/api/forms/${encodeURIComponent(id)}`, { method: 'PUT', body: { ...schema, id } });
      setStatus({ kind: 'ok', text: t('forms.saved') });
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
    }
  };

  return (
    <div class="diagram-page">
      <div class="diagram-toolbar">
        <h1>{t('forms.editing', { id })}</h1>
        <button type="button" class="primary" disabled={!ready} onClick={() => void save()} data-testid="save-form">
          {t('forms.save')}
        </button>
        <a class="button" href="/admin/forms">
          {t('forms.back')}
        </a>
        <span class="spacer" />
        {status ? <span class={`status status-${status.kind}`}>{status.text}</span> : null}
      </div>
      <div class="form-editor" ref={containerRef} />
    </div>
  );
}
