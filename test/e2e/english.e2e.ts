/**
 * The language of the editors' chrome: in English the modeler's properties panel and the form
 * editor's palette and properties panel show no Chinese (the diagram's and the form's own texts
 * are data and may be Chinese); in Chinese a field dropped into a form gets a Chinese default label.
 */
import type { Page } from 'playwright-core';
import { openPage, screenshot, watchErrors } from './support/browser';
import { withProductAndBrowser } from './support/product';
import { signIn } from './support/session';

const CJK = /[\u4e00-\u9fff]/;

/**
 * Every text node and every title, aria-label and placeholder under `root`, except inside
 * `data` (the user's own content: element names, field labels, expressions).
 */
function chromeTexts(page: Page, root: string, data: string): Promise<string[]> {
  return page.evaluate(
    ([rootSelector, dataSelector]) => {
      const texts: string[] = [];
      for (const container of document.querySelectorAll(rootSelector)) {
        const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        while (walker.nextNode()) {
          const node = walker.currentNode;
          const element = node instanceof Element ? node : node.parentElement;
          if (!element || element.closest(dataSelector)) continue;
          if (node instanceof Text) {
            if (node.data.trim()) texts.push(node.data.trim());
          } else {
            for (const name of ['title', 'aria-label', 'placeholder']) {
              const value = element.getAttribute(name);
              if (value) texts.push(`${name}: ${value}`);
            }
          }
        }
      }
      return texts;
    },
    [root, data] as const,
  );
}

/** Opens every closed group of a properties panel (an empty list group stays closed). */
async function openAllGroups(page: Page, panel: string): Promise<void> {
  for (const header of await page.$$(`${panel} .bio-properties-panel-group-header:not(.open)`)) await header.click();
}

/** Clicks the middle of a diagram element (on the visible part of the canvas). */
async function clickElement(page: Page, elementId: string): Promise<void> {
  const box = await page.locator(`.djs-shape[data-element-id="${elementId}"]`).boundingBox();
  if (!box) throw new Error(`${elementId} is not on the canvas`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('the editors in English and in Chinese', () => {
  const suite = withProductAndBrowser();

  it('shows a user task in the English properties panel without Chinese chrome', async () => {
    // given the administrator in English, on the shipped research-deliberation diagram
    const page = await openPage(suite.browser, 'en');
    const errors = watchErrors(page);
    await signIn(page, suite.product.url, 'admin', '/admin/modeler/research-deliberation/1');
    await page.waitForSelector('[data-testid=canvas][data-ready=true]');
    await page.waitForSelector('[data-testid=properties-panel][data-ready=true]');

    // when they select a user task and open every group of the properties panel
    await clickElement(page, 'Task_Research');
    await page.waitForSelector('[data-testid=properties-panel] .bio-properties-panel-header-type:has-text("User Task")');
    await openAllGroups(page, '[data-testid=properties-panel]');
    await screenshot(page, 'english-modeler-user-task');

    // then the panel's labels, groups, options and tooltips are English; only the task's own name and expressions are Chinese data
    const texts = await chromeTexts(page, '[data-testid=properties-panel]', '.bio-properties-panel-header-label, .cm-editor');
    expect(texts).toEqual(expect.arrayContaining(['General', 'Assignment', 'Form', 'Due date']));
    expect(texts.filter((text) => CJK.test(text))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows the English form editor palette and properties panel without Chinese chrome', async () => {
    // given the administrator in English on the comment-disposal form
    const page = await openPage(suite.browser, 'en');
    const errors = watchErrors(page);
    await signIn(page, suite.product.url, 'admin', '/admin/forms/comment-disposal');
    await page.waitForSelector('.fjs-palette-container .fjs-palette-field');

    // when they select a text field ("提出方") and open every group of its properties
    await page.locator('.fjs-editor-container .fjs-form-field-textfield').first().click();
    await page.waitForSelector('.fjs-properties-container .bio-properties-panel-group');
    await openAllGroups(page, '.fjs-properties-container');
    await screenshot(page, 'english-form-editor');

    // then the palette and the properties panel are English (the field's own label is data)
    const palette = await chromeTexts(page, '.fjs-palette-container', '.cm-editor');
    expect(palette).toEqual(expect.arrayContaining(['Components', 'Text field', 'Select']));
    expect(palette.filter((text) => CJK.test(text))).toEqual([]);
    const panel = await chromeTexts(page, '.fjs-properties-container', '.bio-properties-panel-header-label, .cm-editor');
    expect(panel).toEqual(expect.arrayContaining(['General', 'Field label']));
    expect(panel.filter((text) => CJK.test(text))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('gives every field added in the Chinese form editor a Chinese default label', async () => {
    // given the administrator in Chinese on the cleanup-filing form
    const page = await openPage(suite.browser);
    const errors = watchErrors(page);
    await signIn(page, suite.product.url, 'admin', '/admin/forms/cleanup-filing');
    await page.waitForSelector('.fjs-palette-container .fjs-palette-field');
    const labels = '.fjs-editor-container .fjs-form .fjs-form-field-label';
    const before = await page.locator(labels).count();

    // when they add a text field, then every other kind of field, from the palette (Enter adds at the end)
    const types = await page.$$eval('.fjs-palette-field', (fields) => fields.map((field) => field.getAttribute('data-field-type')!));
    for (const type of ['textfield', ...types.filter((type) => type !== 'textfield')]) {
      await page.focus(`.fjs-palette-field[data-field-type="${type}"]`);
      await page.keyboard.press('Enter');
    }
    await page.waitForFunction(([selector, count]) => document.querySelectorAll(selector).length > count, [labels, before] as const);
    await page.locator('.fjs-editor-container .fjs-form-field-textfield').last().click();
    await page.waitForSelector('.fjs-properties-container .bio-properties-panel-group');
    await openAllGroups(page, '.fjs-properties-container');
    await screenshot(page, 'chinese-form-editor-new-fields');

    // then the new text field is "单行文本", and no new field carries an English default
    const added = (await page.locator(labels).allTextContents()).slice(before).map((label) => label.trim());
    expect(added[0]).toBe('单行文本');
    expect(added).toEqual(expect.arrayContaining(['多行文本', '数字', '日期', '复选框', '单选按钮组', '下拉选择', '表格', '分组', '动态列表']));
    expect(added.filter((label) => /[A-Za-z]/.test(label))).toEqual([]);
    expect(await page.textContent('.fjs-properties-container [data-entry-id=label] .cm-content')).toBe('单行文本');
    expect(errors).toEqual([]);
  });
});
