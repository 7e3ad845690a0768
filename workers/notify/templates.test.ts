import { Invalid } from '../../domain/errors';
import { renderTemplate, TEMPLATE_IDS, templateFields } from './templates';

describe('notification templates', () => {
  it('fills a template in Chinese', () => {
    // when
    const rendered = renderTemplate('deadline-reminder', 'zh-CN', { documentTitle: '关于促进民营经济发展的若干措施', stage: '部门会签', dueDate: '2026年10月10日' });

    // then
    expect(rendered).toEqual({
      subject: '办理期限提醒：《关于促进民营经济发展的若干措施》',
      text: '文件《关于促进民营经济发展的若干措施》的“部门会签”环节将于2026年10月10日到期，请及时办理。',
    });
  });

  it('fills the same template in English', () => {
    // when
    const rendered = renderTemplate('task-assigned', 'en', { taskName: 'Legality review', documentTitle: 'Measures', dueDate: '2026-10-10' });

    // then
    expect(rendered.subject).toBe('New task: Legality review');
    expect(rendered.text).toContain('by 2026-10-10');
  });

  it('names every missing or unusable field', () => {
    // when
    const render = () => renderTemplate('comment-period-open', 'zh-CN', { documentTitle: '办法', startDate: ' ', endDate: { day: 1 } });

    // then
    expect(render).toThrow(Invalid);
    expect(render).toThrow("template 'comment-period-open' needs data 'startDate', 'endDate', 'url' (text or a number)");
  });

  it.each(TEMPLATE_IDS)('%s uses the same fields in both languages', (id) => {
    // given
    const data = Object.fromEntries(templateFields(id).map((f) => [f, `<${f}>`]));

    // when
    const zh = renderTemplate(id, 'zh-CN', data);
    const en = renderTemplate(id, 'en', data);

    // then no placeholder is left and each language shows every field
    for (const text of [zh.subject + zh.text, en.subject + en.text]) {
      expect(text).not.toMatch(/\{\w+\}/);
      for (const f of templateFields(id)) expect(text).toContain(`<${f}>`);
    }
  });
});
