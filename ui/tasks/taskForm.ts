/**
 * A task's form rendered with the form-js Viewer, its validation messages and its own texts
 * (placeholders, file picker) in the UI language (form-js itself only speaks English).
 */
import { Form } from '@bpmn-io/form-js-viewer';
import { locale } from '../i18n';
import { translateFormViewer } from '../i18n/form-viewer-zh-CN';

import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

/** form-js validation messages and their Chinese wording. */
const ZH_MESSAGES: [RegExp, string][] = [
  [/^Field is required\.$/, '此项为必填项。'],
  [/^Field must have minimum value of (.+)\.$/, '不得小于 $1。'],
  [/^Field must have maximum value of (.+)\.$/, '不得大于 $1。'],
  [/^Field must have minimum length of (.+)\.$/, '至少填写 $1 个字符。'],
  [/^Field must have maximum length of (.+)\.$/, '最多填写 $1 个字符。'],
  [/^Field must match pattern (.+)\.$/, '格式不符合要求（$1）。'],
  [/^Field must be a valid email\.$/, '请输入有效的电子邮件地址。'],
  [/^Field must be a valid\s+international phone number.*$/, '请输入有效的国际格式电话号码（如 +861012345678）。'],
  [/^Value is not a number\.$/, '请输入数字。'],
  [/^Value is expected to be an integer\.$/, '请输入整数。'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, '最多保留 $1 位小数。'],
  [/^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/, '请输入有效值，最接近的有效值为 $1 和 $2。'],
];

/** Chinese text for a form-js validation message (unchanged when unknown or in English). */
export function translateValidation(message: string): string {
  if (locale !== 'zh-CN') return message;
  for (const [pattern, replacement] of ZH_MESSAGES) if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}

interface ValidatorService {
  validateField(...args: unknown[]): string[];
  validateFieldInstance(...args: unknown[]): string[];
}

/** Wraps form-js's validator so every message it returns is translated. */
function TranslatedValidation(validator: ValidatorService) {
  for (const method of ['validateField', 'validateFieldInstance'] as const) {
    const original = validator[method].bind(validator);
    validator[method] = (...args: unknown[]) => original(...args).map(translateValidation);
  }
}
TranslatedValidation.$inject = ['validator'];

const translatedValidationModule = { __init__: ['pfTranslatedValidation'], pfTranslatedValidation: ['type', TranslatedValidation] };

/** Containers whose form-js texts are kept Chinese already. */
const translated = new WeakSet<HTMLElement>();

/** Renders `schema` filled with `variables` into `container`. */
export async function renderTaskForm(container: HTMLElement, schema: Record<string, unknown>, variables: Record<string, unknown>): Promise<Form> {
  if (locale === 'zh-CN' && !translated.has(container)) {
    translated.add(container);
    translateFormViewer(container);
  }
  const form = new Form({ container, additionalModules: [translatedValidationModule] });
  await form.importSchema(schema, variables);
  return form;
}

/** Validates and returns the form's data; null (errors shown on the fields) when it is not valid. */
export function submitTaskForm(form: Form): Record<string, unknown> | null {
  const { data, errors } = form.submit();
  return Object.keys(errors ?? {}).length ? null : (data as Record<string, unknown>);
}
