/**
 * An administrator models without writing XML: a new process gets a "send notification" task from
 * our element templates through the append menu, passes the lint and is deployed; a task without
 * a job type is caught by the lint and marked on the diagram.
 */
import type { Page } from 'playwright-core';
import { openPage, screenshot, watchErrors } from './support/browser';
import { withProductAndBrowser } from './support/product';
import { signIn, tokenFor } from './support/session';

/** Opens the append menu of an element and picks the entry found by searching `term`. */
async function append(page: Page, elementId: string, term: string, entryText: string): Promise<void> {
  // a click on empty canvas first: selecting afresh always opens the element's context pad
  await page.mouse.click(700, 650);
  await page.click(`.djs-element[data-element-id="${elementId}"] .djs-hit`);
  await page.click('.djs-context-pad [data-action="append"]');
  await page.waitForSelector('.djs-popup');
  await page.fill('.djs-popup-search input', term);
  await page.locator('.djs-popup-results .entry', { hasText: entryText }).first().click();
  await page.waitForSelector('.djs-popup', { state: 'detached' });
}

/** The id of the element selected on the canvas (the one just appended). */
async function selectedId(page: Page): Promise<string> {
  const id = await page.getAttribute('.djs-element.selected', 'data-element-id');
  if (!id) throw new Error('nothing selected');
  return id;
}

describe('administrator: templated task and deployment', () => {
  const suite = withProductAndBrowser();

  it('adds a "send notification" task from the element templates to a new process and deploys it', async () => {
    // given the administrator on the process list
    const page = await openPage(suite.browser);
    const errors = watchErrors(page);
    await signIn(page, suite.product.url, 'admin');
    await page.waitForSelector('[data-testid=process-list] tbody tr');
    await screenshot(page, 'admin-1-process-list');

    // when they start a new process and append our notification template after its start event
    await page.click('a[href="/admin/modeler/new"]');
    // the canvas first, then the properties panel with the element templates
    await page.waitForSelector('[data-testid=canvas][data-ready=true]');
    await page.waitForSelector('[data-testid=properties-panel][data-ready=true]');
    await append(page, 'StartEvent_1', '发送通知', '发送通知');
    const notifyId = await selectedId(page);
    // the properties panel shows the template's own fields: recipients and the message data
    await page.click('.bio-properties-panel-group-header:has-text("接收人 Recipients")');
    await page.getByLabel('接收人 Recipients').first().fill('commerce');
    // its "must not be empty" goes away after the panel's debounce and moves what is below: click after it
    await page.waitForSelector('.bio-properties-panel-entry:has-text("接收人 Recipients") .bio-properties-panel-error', { state: 'detached' });
    await page.click('.bio-properties-panel-group-header:has-text("内容 Message")');
    await page.locator('.bio-properties-panel-entry:has-text("模板数据") .cm-content').first().click();
    await page.keyboard.type('{documentTitle: documentTitle, stage: "部门会签", dueDate: dueDay}');
    // the panel validates after its debounce: no "must not be empty" remains
    await page.waitForFunction(() => document.querySelectorAll('.bio-properties-panel-error').length === 0);
    await screenshot(page, 'admin-2-templated-task');
    // the panel's own tooltips are Chinese too, not only its labels
    const tooltips = await page.$$eval('[data-testid=properties-panel] [title]', (nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));
    expect(tooltips).toContain('展开/收起分组');
    expect(tooltips.filter((title) => /^(Toggle section|Section contains edits|Open pop-up editor|Create new list item)$/.test(title))).toEqual([]);
    await append(page, notifyId, '结束', '结束事件');

    // and deploy it
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status].status-ok');
    const status = await page.textContent('[data-testid=modeler-status]');
    await screenshot(page, 'admin-3-deployed');

    // then the server has version 1 of the new process, with the notify job type and the template link
    expect(status).toMatch(/^已部署：Process_\w+ 版本 v1$/);
    const processId = /(Process_\w+)/.exec(status ?? '')![1]!;
    const token = await tokenFor(suite.product.url, 'admin');
    const xml = await (await fetch(`${suite.product.url}/api/definitions/${processId}/versions/1/xml`, { headers: { Authorization: `Bearer ${token}` } })).text();
    expect(xml).toContain('zeebe:modelerTemplate="policy-flow.notify"');
    expect(xml).toMatch(/<zeebe:taskDefinition type="notify"/);
    expect(xml).toMatch(/<zeebe:input source="commerce" target="recipients"/);
    expect(xml).toMatch(/<zeebe:input source="=\{documentTitle: documentTitle, stage: [^"]*部门会签[^"]*, dueDate: dueDay\}" target="data"/);
    expect(errors).toEqual([]);
  });

  it('marks a task without a job type on the diagram when the lint finds it', async () => {
    // given a new process in the modeler
    const page = await openPage(suite.browser);
    await signIn(page, suite.product.url, 'admin', '/admin/modeler/new');
    await page.waitForSelector('[data-testid=properties-panel][data-ready=true]');

    // when a plain service task (no job type) is appended and the diagram is checked
    await append(page, 'StartEvent_1', '服务任务', '服务任务');
    const taskId = await selectedId(page);
    await page.click('[data-testid=lint]');
    await page.waitForSelector('[data-testid=problems]');
    await screenshot(page, 'admin-4-lint-problem');

    // then the task carries the problem marker and the list names it
    expect(await page.getAttribute(`.djs-element[data-element-id="${taskId}"]`, 'class')).toContain('pf-problem');
    expect(await page.textContent('[data-testid=problems]')).toContain(taskId);
    // in Chinese, with the technical names kept
    expect(await page.textContent('[data-testid=problems]')).toContain('服务任务（bpmn:ServiceTask）必须有一个扩展元素：任务定义（zeebe:TaskDefinition）');

    // and a deployment anyway is refused by the server, its problems again on the diagram
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status].status-error >> text=部署被拒绝');
    expect(await page.getAttribute(`.djs-element[data-element-id="${taskId}"]`, 'class')).toContain('pf-problem');
  });

  it('edits a task form in a Chinese form editor', async () => {
    // given the administrator
    const page = await openPage(suite.browser);
    const errors = watchErrors(page);
    await signIn(page, suite.product.url, 'admin', '/admin/forms/comment-disposal');

    // when they open the comment-disposal form and select its first text field
    await page.waitForSelector('.fjs-palette-container .fjs-palette-field');
    await page.locator('.fjs-editor-container .fjs-form-field-textfield').first().click();
    await page.waitForSelector('.fjs-properties-container .bio-properties-panel-group');
    await screenshot(page, 'admin-5-form-editor');

    // then the palette and the properties panel speak Chinese
    const palette = await page.textContent('.fjs-palette-container');
    expect(palette).toContain('组件');
    expect(palette).toContain('单行文本');
    expect(palette).toContain('下拉选择');
    expect(palette).not.toContain('Text field');
    expect(await page.getAttribute('.fjs-palette-search', 'placeholder')).toBe('搜索组件');
    const panel = await page.textContent('.fjs-properties-container');
    expect(panel).toContain('常规');
    expect(panel).toContain('字段标签');
    expect(panel).not.toMatch(/\b(General|Field label|Validation)\b/);
    // while the form's own labels are untouched
    expect(await page.textContent('.fjs-editor-container')).toContain('提出方');
    expect(errors).toEqual([]);
  });
});

