/**
 * Staff complete a task through its form: the commerce bureau's "publish the draft" task is in
 * its inbox (its group's), the form refuses an empty submission with form-js validation, and
 * the filled form completes the task.
 */
import { openPage, screenshot, watchErrors } from './support/browser';
import { withProductAndBrowser } from './support/product';
import { signIn, tokenFor } from './support/session';

describe('staff: completing a task through its form', () => {
  const suite = withProductAndBrowser();

  it('validates the form, then completes the task', async () => {
    // given the commerce bureau's user in the inbox, where the draft-publishing task waits
    const page = await openPage(suite.browser);
    const errors = watchErrors(page);
    await signIn(page, suite.product.url, 'commerce');
    const row = page.locator('[data-testid=inbox] tbody tr', { hasText: '向社会公布草案' });
    await row.waitFor();
    await screenshot(page, 'staff-1-inbox');
    // and the pager shows the exact count
    expect(await page.textContent('[data-testid=pager] span')).toMatch(/^第 1 \/ \d+ 页，共 \d+ 条$/);

    // when the server stops counting at 10000 (more tasks than the demo holds: its answer is altered so this page is full)
    const tasksList = (url: URL) => url.pathname === '/api/tasks';
    await page.route(tasksList, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { items: unknown[] };
      await route.fulfill({ response, json: { ...body, total: 10_000, totalIsLowerBound: true, pageSize: body.items.length } });
    });
    await page.reload();
    await page.waitForSelector('[data-testid=pager]:has-text("10000+")');

    // then the count reads 10000+ and the next page stays open while the page is full
    expect(await page.textContent('[data-testid=pager]')).toMatch(/第 1 \/ \d+\+ 页，共 10000\+ 条/);
    expect(await page.isEnabled('[data-testid=pager] button:has-text("下一页")')).toBe(true);
    await screenshot(page, 'staff-1b-inbox-capped');
    await page.unroute(tasksList);

    // when they open it and submit the empty form
    await row.locator('a', { hasText: '向社会公布草案' }).click();
    await page.waitForSelector('[data-testid=task-form] .fjs-form');
    const taskId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.textContent('[data-testid=document-context]')).toContain('沈阳市进一步促进外贸稳增长若干政策措施');
    expect(await page.textContent('[data-testid=document-context]')).toContain('征求意见中');
    await page.click('[data-testid=complete]');

    // then form-js shows the required fields in Chinese and nothing is sent
    await page.waitForSelector('.fjs-form-field-error');
    expect(await page.locator('.fjs-form-field-error').first().textContent()).toContain('此项为必填项');
    expect(await page.textContent('[data-testid=task-message]')).toContain('表单有误');
    await screenshot(page, 'staff-2-validation');

    // when the form is filled in and submitted again
    await page.getByLabel('公布网址').fill('https://www.shenyang.gov.cn/zmhd/yjzj/trade');
    await page.getByLabel('制定的背景资料、目的依据').fill('稳外贸稳外资');
    await page.getByLabel('必要性及可行性').fill('外贸企业订单下滑，需要政策支持');
    await page.getByLabel('出台对相关人员或群体可能产生的影响').fill('惠及全市约3000家外贸企业');
    await page.getByLabel('意见反馈方式（电子邮箱、信函地址等）').fill('swj@shenyang.gov.cn');
    await page.click('[data-testid=complete]');

    // then the task is completed, in the UI and on the server
    await page.waitForSelector('[data-testid=task-message].success');
    expect(await page.textContent('[data-testid=task-message]')).toContain('已办结');
    await screenshot(page, 'staff-3-completed');
    const token = await tokenFor(suite.product.url, 'commerce');
    const detail = (await (await fetch(`${suite.product.url}/api/tasks/${taskId}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { task: { state: string } };
    expect(detail.task.state).toBe('COMPLETED');
    expect(errors).toEqual([]);
  });
});
