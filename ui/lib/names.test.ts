import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENT_CATEGORIES } from '../../domain/categories';
import { categoryName, departmentName, processName } from './names';

describe('names shown for ids (Chinese UI)', () => {
  it('names every shipped process of the four regimes in Chinese', () => {
    // given the process ids of the shipped diagrams
    const ids = fs.readdirSync(path.resolve('processes')).filter((f) => f.endsWith('.bpmn')).map((f) => f.replace(/\.bpmn$/, ''));

    // when each is named
    const names = Object.fromEntries(ids.map((id) => [id, processName(id)]));

    // then each has its official short name
    expect(names).toEqual({
      'normative-document-cleanup': '清理退出',
      'publication-interpretation': '发布解读',
      'research-deliberation': '调研论证',
      'third-party-evaluation': '第三方评估',
    });
  });

  it('keeps an unknown process id as it came', () => {
    // when / then
    expect(processName('Process_custom')).toBe('Process_custom');
  });

  it('names every document category in Chinese, an unknown one by its id, none as a dash', () => {
    // when
    const names = DOCUMENT_CATEGORIES.map((c) => categoryName(c.id));

    // then
    expect(categoryName('tax-and-fee-cuts')).toBe('减税降费');
    expect(names).toEqual(DOCUMENT_CATEGORIES.map((c) => c.zh));
    expect(categoryName('retired-category')).toBe('retired-category');
    expect(categoryName(null)).toBe('—');
  });

  it('shows a department id until the department list has been read', () => {
    // when nothing has been loaded (no one signed in)
    // then
    expect(departmentName('dept-housing')).toBe('dept-housing');
    expect(departmentName(null)).toBe('—');
  });
});
