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

/** `{count, plural, one {# day} other {# days}}`: English singular and plural; `#` is the number. */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

/**
 * Fills a message: `{name}` placeholders from `params`, and plural choices by the number they
 * name (`one` for exactly 1, `other` otherwise). A placeholder without a parameter stays as it is.
 */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template
    .replace(PLURAL, (whole, name: string, one: string, other: string) => (name in params ? (Number(params[name]) === 1 ? one : other).replace(/#/g, String(params[name])) : whole))
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The message for `key` in the current language, its placeholders and plural choices filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return format(messages[key] ?? key, params);
}

/** Stores the language and reloads the page in it. */
export function setLocale(next: Locale): void {
  localStorage.setItem(STORAGE_KEY, next);
  location.reload();
}
