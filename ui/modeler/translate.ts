/**
 * The `translate` service for bpmn-js, its properties panel, the element templates and the
 * create / append menus (bpmn-js-i18n style): in Chinese the dictionary's text, else the English
 * original; `{name}` placeholders are filled in either way.
 */
import { locale } from '../i18n';
import { bpmnZhCN } from '../i18n/bpmn-zh-CN';

/** Translates one bpmn-js template string. */
export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = locale === 'zh-CN' ? (bpmnZhCN[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (whole, key: string) => replacements[key] ?? whole);
}

/** didi module that replaces the default (English) translate service. */
export const translateModule = { translate: ['value', translate] };
