/**
 * A supervisor of the General Office sees the housing bureau's overdue stage (overdue by working
 * days), exports the list as CSV and opens the instance, where the stage is marked overdue.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { openPage, screenshot, watchErrors } from './support/browser';
import { withProductAndBrowser } from './support/product';
import { signIn } from './support/session';

describe('supervisor: overdue stages', () => {
  const suite = withProductAndBrowser();

  it('sees an overdue stage, exports it and opens its instance', async () => {
    // given the supervisor on the supervision page
    const page = await openPage(suite.browser);
    const errors = watchErrors(page);
    await signIn(page, suite.product.url, 'supervisor');
    const row = page.locator('[data-testid=overdue-table] tbody tr', { hasText: '沈阳市城镇老旧小区改造实施办法' }).filter({ hasText: '意见归类整理、研究分析并采纳' });
    await row.waitFor();
    // the department's name replaces its id once the department list has arrived
    await row.filter({ hasText: '市住房和城乡建设局' }).waitFor();
    await page.waitForSelector('[data-testid=stats-chart]');
    await screenshot(page, 'supervisor-1-overdue');

    // then the housing bureau's comment disposal is listed as overdue by some working days, in its department
    expect(await row.textContent()).toMatch(/[1-9]\d* 个工作日/);
    expect(await row.textContent()).toContain('市住房和城乡建设局');
    expect(await row.textContent()).not.toContain('dept-housing');

    // when the list is exported
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);

    // then the CSV file (UTF-8 with BOM for Excel) holds the same stage
    expect(download.suggestedFilename()).toMatch(/^overdue-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('沈阳市城镇老旧小区改造实施办法');

    // when the stage is opened
    await row.locator('a').first().click();
    await page.waitForSelector('[data-testid=instance-diagram] .djs-element.pf-overdue');

    // then the diagram marks the stage overdue
    expect(await page.getAttribute('.djs-element[data-element-id="Task_Disposal"]', 'class')).toContain('pf-overdue');
    await screenshot(page, 'supervisor-2-instance');
    expect(errors).toEqual([]);
  });
});
