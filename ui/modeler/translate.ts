/**
 * The `translate` service for bpmn-js, its properties panel, the element templates and the
 * create / append menus (bpmn-js-i18n style): in Chinese the dictionary's text, else the English
 * original; `{name}` placeholders are filled in either way.
 */
import { locale } from '../i18n';
import { bpmnZhCN } from '../i18n/bpmn-zh-CN';

/**
 * The same label in another spelling: the properties panel's header writes "User Task", "Timer
 * Start Event (Non Interrupting)", "Expanded Sub Process" where the menus write "User task".
 */
function fold(text: string): string {
  return text.toLowerCase().replace(/sub[- ]?process/g, 'subprocess').replace(/non[- ]?interrupting/g, 'noninterrupting').replace(/\s+/g, ' ').trim();
}

const folded = new Map(Object.entries(bpmnZhCN).map(([english, chinese]) => [fold(english), chinese]));

/** Translates one bpmn-js template string. */
export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = locale === 'zh-CN' ? (bpmnZhCN[template] ?? folded.get(fold(template)) ?? template) : template;
  return text.replace(/{([^}]+)}/g, (whole, key: string) => replacements[key] ?? whole);
}

/** didi module that replaces the default (English) translate service. */
export const translateModule = { translate: ['value', translate] };
