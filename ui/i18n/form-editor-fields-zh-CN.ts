/**
 * Chinese field types for the form-js editor: their names (palette, palette search, properties
 * panel header) and the default texts form-js writes into a new field (its label, a date or time
 * label, a text view's text, a table's sample columns). form-js hard-codes these in English in each
 * field's `create`, so a didi module rewrites what the field factory makes; fields read from a
 * saved form are never touched.
 */

/** Field types by their form-js name (palette entries, default labels of new fields). */
export const formFieldNamesZhCN: Record<string, string> = {
  'Text field': '单行文本',
  'Text area': '多行文本',
  Number: '数字',
  'Date time': '日期时间',
  Expression: '表达式',
  'File picker': '文件选择',
  Checkbox: '复选框',
  'Checkbox group': '复选框组',
  'Radio group': '单选按钮组',
  Select: '下拉选择',
  'Tag list': '标签列表',
  'Text view': '文本展示',
  'Image view': '图片展示',
  Table: '表格',
  'HTML view': 'HTML 展示',
  'Document preview': '文档预览',
  Spacer: '空白间隔',
  Separator: '分隔线',
  Group: '分组',
  'Dynamic list': '动态列表',
  iFrame: '内嵌网页',
  Button: '按钮',
};

/** form-js's English defaults of a new field, property by property, and their Chinese. */
const NEW_FIELD_DEFAULTS_ZH_CN: Record<string, Record<string, string>> = {
  label: formFieldNamesZhCN,
  dateLabel: { Date: '日期' },
  timeLabel: { Time: '时间' },
  text: { '# Text': '# 文本' },
};

/** The sample columns form-js gives a new table, and the label of a column added in the properties panel. */
const TABLE_COLUMNS_ZH_CN: Record<string, string> = { ID: '编号', Name: '名称', Date: '日期', Column: '列' };

type Field = Record<string, unknown>;
type Entry = { label?: unknown; value?: unknown };

/** A static option's default label ('Value', 'Value 2', …) in Chinese; null for any other. */
function optionLabelZhCN(label: unknown): string | null {
  const match = typeof label === 'string' ? /^Value(?: (\d+))?$/.exec(label) : null;
  return match ? (match[1] ? `值 ${match[1]}` : '值') : null;
}

/** `entries` with the labels `translate` knows replaced in the entries `isNew` picks; `entries` itself when none is. */
function relabel(entries: unknown, translate: (label: unknown) => string | null, isNew: (entry: Entry) => boolean): unknown {
  if (!Array.isArray(entries)) return entries;
  let changed = false;
  const result = entries.map((entry: Entry) => {
    const label = entry && isNew(entry) ? translate(entry.label) : null;
    if (label === null) return entry;
    changed = true;
    return { ...entry, label };
  });
  return changed ? result : entries;
}

const columnLabelZhCN = (label: unknown) => (typeof label === 'string' ? (TABLE_COLUMNS_ZH_CN[label] ?? null) : null);

/** Replaces form-js's English defaults in a newly created field by Chinese (in place); returns the field. */
export function localizeNewField(field: Field): Field {
  for (const [property, chinese] of Object.entries(NEW_FIELD_DEFAULTS_ZH_CN)) {
    const value = field[property];
    if (typeof value === 'string' && chinese[value]) field[property] = chinese[value];
  }
  if (field.values) field.values = relabel(field.values, optionLabelZhCN, () => true);
  if (field.type === 'table' && field.columns) field.columns = relabel(field.columns, columnLabelZhCN, () => true);
  return field;
}

/**
 * The Chinese of what the properties panel writes by default — 'Date' or 'Time' into an empty
 * date or time label when a date-time field changes subtype, 'Value 2' for an added option,
 * 'Column' for an added table column — as the new value of `property`; null when the edit
 * writes no such default (the user's own texts are kept).
 */
export function localizeDefaultEdit(property: string, value: unknown, current: unknown): unknown {
  if (property === 'dateLabel' || property === 'timeLabel') {
    return current === undefined && typeof value === 'string' ? (NEW_FIELD_DEFAULTS_ZH_CN[property]![value] ?? null) : null;
  }
  const before: Entry[] = Array.isArray(current) ? current : [];
  if (property === 'values') {
    // an option is new when its value is: editing a label keeps the value
    return relabel(value, optionLabelZhCN, (entry) => !before.some((old) => old.value === entry.value));
  }
  if (property === 'columns') return relabel(value, columnLabelZhCN, (entry) => !before.includes(entry));
  return null;
}

interface FieldConfig {
  name?: string;
  label?: string;
}
interface FormFieldsService {
  _formFields?: Record<string, { config?: FieldConfig }>;
}
interface FieldFactoryService {
  create(attrs: Field, isNewField?: boolean): Field;
}
interface EditEvent {
  context: { formField: Field; properties: Field };
}
interface EventBusService {
  on(event: string, callback: (event: EditEvent) => void): void;
}

/** Gives the editor's field types Chinese names and its new fields Chinese default texts. */
class FormFieldsZhCN {
  static $inject = ['formFields', 'fieldFactory', 'eventBus'];

  constructor(formFields: FormFieldsService, fieldFactory: FieldFactoryService, eventBus: EventBusService) {
    // the palette reads `name` (or `label`, the file picker's only one) when it first renders
    for (const { config } of Object.values(formFields._formFields ?? {})) {
      if (!config) continue;
      if (config.name) config.name = formFieldNamesZhCN[config.name] ?? config.name;
      if (config.label) config.label = formFieldNamesZhCN[config.label] ?? config.label;
    }
    const create = fieldFactory.create.bind(fieldFactory);
    fieldFactory.create = (attrs, isNewField = true) => {
      const field = create(attrs, isNewField);
      return isNewField ? localizeNewField(field) : field;
    };
    eventBus.on('commandStack.formField.edit.preExecute', ({ context }) => {
      for (const [property, value] of Object.entries(context.properties)) {
        const chinese = localizeDefaultEdit(property, value, context.formField[property]);
        if (chinese !== null && chinese !== value) context.properties = { ...context.properties, [property]: chinese };
      }
    });
  }
}

/** didi module for `new FormEditor({ additionalModules: [formEditorFieldsZhCN] })`. */
export const formEditorFieldsZhCN = {
  __init__: ['formFieldsZhCN'],
  formFieldsZhCN: ['type', FormFieldsZhCN],
};
