/**
 * Our own UI strings: Simplified Chinese by default, English on request (kept in localStorage).
 * Switching reloads the page so every lazily loaded part (bpmn-js, form-js) starts in the new language.
 */
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type Locale = 'zh-CN' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'pf.locale';

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const locale: Locale = initialLocale();
const messages: Record<MessageKey, string> = locale === 'en' ? en : zhCN;
if (typeof document !== 'undefined') document.documentElement.lang = locale;

/** The message for `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Stores the language and reloads the page in it. */
export function setLocale(next: Locale): void {
  localStorage.setItem(STORAGE_KEY, next);
  location.reload();
}
