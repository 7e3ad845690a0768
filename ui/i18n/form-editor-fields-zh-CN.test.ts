import { localizeDefaultEdit, localizeNewField } from './form-editor-fields-zh-CN';

describe('Chinese defaults of new form-js fields', () => {
  it('gives a new text field, radio group and table Chinese labels, options and columns', () => {
    // given fields as form-js 1.23 creates them
    const textfield = { type: 'textfield', label: 'Text field', id: 'Field_1', key: 'textfield_1' };
    const radio = { type: 'radio', label: 'Radio group', values: [{ label: 'Value', value: 'value' }] };
    const table = { type: 'table', label: 'Table', rowCount: 10, columns: [{ label: 'ID', key: 'id' }, { label: 'Name', key: 'name' }, { label: 'Date', key: 'date' }] };
    const datetime = { type: 'datetime', subtype: 'date', dateLabel: 'Date' };
    const text = { type: 'text', text: '# Text' };

    // when they are localized
    [textfield, radio, table, datetime, text].forEach(localizeNewField);

    // then their labels are Chinese while ids, keys and option values stay as they were
    expect(textfield).toEqual({ type: 'textfield', label: '单行文本', id: 'Field_1', key: 'textfield_1' });
    expect(radio).toEqual({ type: 'radio', label: '单选按钮组', values: [{ label: '值', value: 'value' }] });
    expect(table.columns).toEqual([{ label: '编号', key: 'id' }, { label: '名称', key: 'name' }, { label: '日期', key: 'date' }]);
    expect(table.label).toBe('表格');
    expect(datetime.dateLabel).toBe('日期');
    expect(text.text).toBe('# 文本');
  });

  it('keeps a label that is not a form-js default', () => {
    // given a field whose label is the user's
    const field = { type: 'textfield', label: '报送文件文号' };

    // when it is localized
    localizeNewField(field);

    // then
    expect(field.label).toBe('报送文件文号');
  });

  it('translates the defaults the properties panel writes, not the user’s own edits', () => {
    // given the options of a radio group with one option the user renamed
    const current = [{ label: '采纳', value: 'value' }];

    // when the panel adds an option, sets a time label on a date field, and the user edits
    const added = localizeDefaultEdit('values', [...current, { label: 'Value 2', value: 'value2' }], current);
    const timeLabel = localizeDefaultEdit('timeLabel', 'Time', undefined);
    const typedTime = localizeDefaultEdit('timeLabel', 'Time', 'Tim');
    const renamed = localizeDefaultEdit('values', [{ label: 'Value', value: 'value' }], current);
    const column = localizeDefaultEdit('columns', [{ label: 'Column', key: 'inputVariable' }], []);

    // then the panel's defaults are Chinese and the user's texts are kept
    expect(added).toEqual([{ label: '采纳', value: 'value' }, { label: '值 2', value: 'value2' }]);
    expect(timeLabel).toBe('时间');
    expect(typedTime).toBeNull();
    expect(renamed).toEqual([{ label: 'Value', value: 'value' }]);
    expect(column).toEqual([{ label: '列', key: 'inputVariable' }]);
    expect(localizeDefaultEdit('label', 'Text field', '单行文本')).toBeNull();
  });
});
