/** A citizen, without logging in, comments on a draft open for consultation. */
import { comments } from '../../store/schema';
import { openPage, screenshot, watchErrors } from './support/browser';
import { withProductAndBrowser } from './support/product';

describe('citizen: public comment', () => {
  const suite = withProductAndBrowser();

  it('submits a comment on an open consultation', async () => {
    // given the public consultations page
    const page = await openPage(suite.browser);
    const errors = watchErrors(page);
    await page.goto(`${suite.product.url}/public/consultations`);
    const card = page.locator('[data-testid=consultations] li', { hasText: '外贸' });
    await card.waitFor();
    await screenshot(page, 'citizen-1-consultations');
    const before = (await suite.product.ctx.database.db.select().from(comments)).length;

    // when the citizen opens the draft and submits a comment
    await card.locator('a.button').click();
    await page.waitForSelector('[data-testid=comment-form]');
    await page.fill('textarea[name=content]', '建议对中小外贸企业的出口信用保险给予更大比例的保费补贴。');
    await page.fill('input[name=authorName]', '张先生');
    await page.fill('input[name=contact]', '13800000000');
    await page.click('[data-testid=comment-form] button[type=submit]');

    // then the thanks show and the comment is stored
    await page.waitForSelector('[data-testid=comment-sent]');
    await screenshot(page, 'citizen-2-sent');
    const after = await suite.product.ctx.database.db.select().from(comments);
    expect(after.length).toBe(before + 1);
    expect(after.map((c) => c.content)).toContain('建议对中小外贸企业的出口信用保险给予更大比例的保费补贴。');
    expect(errors).toEqual([]);
  });
});
