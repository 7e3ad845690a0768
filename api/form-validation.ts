import { evaluateValue, isExpression } from '../engine/embedded/feel';
import type { Variables } from '../engine/port';

/** One component of a form-js schema (the parts the server checks). */
export interface FormComponent {
  id?: string;
  type: string;
  key?: string;
  path?: string;
  label?: string;
  /** The markdown of a text component. */
  text?: string;
  subtype?: string;
  readonly?: boolean | string;
  disabled?: boolean;
  values?: { label?: string; value: unknown }[];
  valuesKey?: string;
  valuesExpression?: string;
  conditional?: { hide?: string };
  validate?: {
    required?: boolean;
    minLength?: number;
    maxLength?: number;
    min?: number;
    max?: number;
    pattern?: string;
    validationType?: 'email' | 'phone' | 'custom' | string;
  };
  components?: FormComponent[];
}

export interface FormSchema {
  id?: string;
  components?: FormComponent[];
}

export interface FormIssue {
  field: string;
  message: string;
}

/** Components that show something but hold no value. */
const DISPLAY_ONLY = new Set(['text', 'html', 'image', 'spacer', 'separator', 'button', 'iframe', 'table', 'documentPreview']);
const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE = /^(\+|00)\d{6,20}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const isEmpty = (value: unknown, type: string) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (type === 'checkbox' && value === false);

function read(scope: unknown, dotted: string): unknown {
  let value = scope;
  for (const part of dotted.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Top-level names a form can submit: the first segment of every field key and list/group path. */
export function formFieldRoots(schema: FormSchema): Set<string> {
  const roots = new Set<string>();
  const walk = (components: FormComponent[] | undefined) => {
    for (const c of components ?? []) {
      if (c.path) roots.add(c.path.split('.')[0]!);
      else if (c.key && !DISPLAY_ONLY.has(c.type)) roots.add(c.key.split('.')[0]!);
      else walk(c.components);
    }
  };
  walk(schema.components);
  return roots;
}

/**
 * Checks submitted form data against a form-js schema as the form-js viewer would, on the server:
 * required, minLength / maxLength, pattern and email / phone, number min / max, the options of
 * selects, radios, checklists and tag lists, date / time formats, dynamic lists item by item.
 * Components hidden by `conditional.hide` (FEEL over the task variables and the data) and
 * read-only or disabled ones are not checked; names the form does not have are refused.
 * Returns every problem found (empty when the data is valid).
 */
export function validateFormData(schema: FormSchema, data: Variables, variables: Variables): FormIssue[] {
  const issues: FormIssue[] = [];
  const roots = formFieldRoots(schema);
  for (const name of Object.keys(data)) {
    if (!roots.has(name)) issues.push({ field: name, message: `is not a field of form '${schema.id ?? ''}'` });
  }
  checkComponents(schema.components ?? [], data, '', { ...variables, ...data }, variables, issues);
  return issues;
}

function checkComponents(components: FormComponent[], scope: unknown, prefix: string, context: Variables, variables: Variables, issues: FormIssue[]): void {
  for (const component of components) {
    if (hidden(component, context)) continue;
    if (component.type === 'dynamiclist' && component.path) {
      const field = prefix + component.path;
      const items = read(scope, component.path);
      if (items === undefined || items === null) continue;
      if (!Array.isArray(items)) {
        issues.push({ field, message: 'must be a list' });
        continue;
      }
      items.forEach((item, index) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) issues.push({ field: `${field}[${index}]`, message: 'must be an object' });
        else checkComponents(component.components ?? [], item, `${field}[${index}].`, { ...context, ...(item as Variables) }, variables, issues);
      });
      continue;
    }
    if (component.components) {
      // a group: its own path (if any) nests the data
      const inner = component.path ? read(scope, component.path) : scope;
      const innerPrefix = component.path ? `${prefix}${component.path}.` : prefix;
      checkComponents(component.components, inner ?? {}, innerPrefix, context, variables, issues);
      continue;
    }
    if (!component.key || DISPLAY_ONLY.has(component.type) || component.disabled || component.readonly === true) continue;
    const problem = checkField(component, read(scope, component.key), context, variables);
    if (problem) issues.push({ field: prefix + component.key, message: problem });
  }
}

function hidden(component: FormComponent, context: Variables): boolean {
  const expression = component.conditional?.hide;
  if (!expression || !isExpression(expression)) return false;
  try {
    return evaluateValue(expression, context) === true;
  } catch {
    return false; // an expression that cannot be evaluated hides nothing
  }
}

/** The problem with one field's value, or undefined. */
function checkField(component: FormComponent, value: unknown, context: Variables, variables: Variables): string | undefined {
  const { type } = component;
  const rules = component.validate ?? {};
  if (isEmpty(value, type)) return rules.required ? 'is required' : undefined;
  switch (type) {
    case 'textfield':
    case 'textarea':
      if (typeof value !== 'string') return 'must be text';
      return checkText(value, rules);
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return 'must be a number';
      if (rules.min !== undefined && n < rules.min) return `must be at least ${rules.min}`;
      if (rules.max !== undefined && n > rules.max) return `must be at most ${rules.max}`;
      return undefined;
    }
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'radio':
    case 'select':
      return checkOption(component, value, context, variables);
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(value)) return 'must be a list';
      for (const item of value) {
        const problem = checkOption(component, item, context, variables);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'datetime':
      return checkDateTime(component.subtype ?? 'date', value);
    default:
      return undefined;
  }
}

function checkText(value: string, rules: NonNullable<FormComponent['validate']>): string | undefined {
  const length = [...value].length;
  if (rules.minLength !== undefined && length < rules.minLength) return `must be at least ${rules.minLength} characters`;
  if (rules.maxLength !== undefined && length > rules.maxLength) return `must be at most ${rules.maxLength} characters`;
  if (rules.validationType === 'email' && !EMAIL.test(value)) return 'must be an e-mail address';
  if (rules.validationType === 'phone' && !PHONE.test(value.replace(/[\s-]/g, ''))) return 'must be a phone number with country code';
  if (rules.pattern && (rules.validationType === undefined || rules.validationType === 'custom')) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(rules.pattern);
    } catch {
      pattern = undefined; // a broken pattern in the schema is the modeller's problem, not the user's
    }
    if (pattern && !pattern.test(value)) return `must match the pattern ${rules.pattern}`;
  }
  return undefined;
}

/** The allowed values of a select, radio, checklist or tag list; undefined when they cannot be known. */
function optionsOf(component: FormComponent, context: Variables, variables: Variables): unknown[] | undefined {
  let options: unknown = component.values;
  if (component.valuesKey) options = read(variables, component.valuesKey);
  else if (component.valuesExpression) {
    try {
      options = evaluateValue(component.valuesExpression, context);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(options)) return undefined;
  return options.map((o) => (o !== null && typeof o === 'object' && 'value' in o ? (o as { value: unknown }).value : o));
}

function checkOption(component: FormComponent, value: unknown, context: Variables, variables: Variables): string | undefined {
  if (value !== null && typeof value === 'object') return 'must be one of the options';
  const options = optionsOf(component, context, variables);
  if (!options) return component.type === 'taglist' && typeof value !== 'string' ? 'must be text' : undefined;
  return options.some((o) => o === value) ? undefined : `must be one of: ${options.map((o) => String(o)).join(', ')}`;
}

function checkDateTime(subtype: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a date or time text';
  if (subtype === 'date') return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date YYYY-MM-DD';
  if (subtype === 'time') return TIME.test(value) ? undefined : 'must be a time HH:mm';
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.length === 16 ? `${value}:00` : value)) ? undefined : 'must be a date-time YYYY-MM-DDTHH:mm';
}
