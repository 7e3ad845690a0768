/**
 * A supervisor of the General Office sees the housing bureau's overdue stage (overdue by working
 * days) and the open and overdue stages by stage, exports the list as CSV and as Excel, and opens
 * the instance, titled by its document and process, where the stage is marked overdue.
 */
import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
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
    await page.waitForSelector('[data-testid=stage-chart]');
    await screenshot(page, 'supervisor-1-overdue');
    await page.locator('[data-testid=stage-chart]').scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-1b-stage-chart');

    // then the stage chart has a bar for the comment disposal stage, among the overdue ones
    const stageRows = page.locator('[data-testid=stage-chart] [data-testid=stage-row]');
    expect(await stageRows.count()).toBeGreaterThan(0);
    const disposal = stageRows.filter({ hasText: '意见归类整理' });
    expect(await disposal.count()).toBe(1);
    expect(await disposal.locator('title').textContent()).toMatch(/逾期 [1-9]\d*/);

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

    // when it is exported as Excel
    const [workbook] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);

    // then the .xlsx holds the CSV's headers and the same stage, its overdue working days a number
    expect(workbook.suggestedFilename()).toMatch(/^overdue-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const parts = unzipSync(new Uint8Array(fs.readFileSync((await workbook.path())!)));
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    const headers = [...sheet.matchAll(/<row r="1">(.*?)<\/row>/g)][0]![1]!.match(/<t[^>]*>[^<]*<\/t>/g)!.map((cell) => cell.replace(/<[^>]+>/g, ''));
    expect(headers.join(',')).toBe(csv.slice(1).split('\r\n')[0]);
    const housingRow = [...sheet.matchAll(/<row r="\d+">(.*?)<\/row>/g)].map((m) => m[1]!).find((row) => row.includes('沈阳市城镇老旧小区改造实施办法'));
    expect(housingRow).toContain('意见归类整理、研究分析并采纳');
    expect(housingRow).toMatch(/<c r="J\d+"><v>[1-9]\d*<\/v><\/c>/);

    // when the stage is opened
    await row.locator('a').first().click();
    await page.waitForSelector('[data-testid=instance-diagram] .djs-element.pf-overdue');

    // then the diagram marks the stage overdue
    expect(await page.getAttribute('.djs-element[data-element-id="Task_Disposal"]', 'class')).toContain('pf-overdue');
    // and the page is titled by the document and the process's own name (from its definition), not its id
    await page.waitForSelector('[data-testid=instance-title]:has-text("市政府重大政策性文件调研论证")');
    expect(await page.textContent('[data-testid=instance-title]')).toBe('《沈阳市城镇老旧小区改造实施办法》 · 市政府重大政策性文件调研论证');
    await screenshot(page, 'supervisor-2-instance');
    // and the embedded engine's view is complete: no notice
    expect(await page.locator('[data-testid=observed-notice]').count()).toBe(0);
    expect(errors).toEqual([]);

    // when the instance is shown as Zeebe answers (observed, state unknown, a worker incident whose key
    // only Operate shows); the embedded engine cannot answer so, so its answer is altered
    const instanceKey = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const incident = {
      key: '2251799813685290',
      state: 'ACTIVE',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: '发布服务不可用',
      processInstanceKey: instanceKey,
      elementId: 'Task_Disposal',
      elementName: '意见归类整理（引擎所报名称）',
      elementInstanceKey: '2251799813685288',
      bpmnProcessId: 'research-deliberation',
      jobKey: '2251799813685290',
      incidentKey: null,
      createdAt: new Date().toISOString(),
    };
    await page.route(
      (url) => url.pathname === `/api/instances/${instanceKey}`,
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as Record<string, unknown>;
        await route.fulfill({ response, json: { ...body, state: 'UNKNOWN', source: 'observed', complete: false, message: 'Operate holds the full state.', startedHere: false, incidents: [incident] } });
      },
    );
    const resolves: { url: string; body: unknown }[] = [];
    await page.route('**/api/incidents/*/resolve', async (route) => {
      const body = route.request().postDataJSON() as { incidentKey?: string } | null;
      resolves.push({ url: new URL(route.request().url()).pathname, body });
      if (body?.incidentKey) await route.fulfill({ status: 204 });
      else await route.fulfill({ status: 422, json: { error: { code: 'INCIDENT_KEY_REQUIRED', message: 'send the incident key Operate shows' } } });
    });
    await page.reload();
    await page.waitForSelector('[data-testid=observed-notice]');

    // then the page says the view is incomplete and points to Operate, labels the state, and names the incident's element
    const notice = await page.textContent('[data-testid=observed-notice]');
    expect(notice).toContain('此视图不完整');
    expect(notice).toContain('Operate');
    expect(notice).toContain('不是由本应用启动');
    expect(await page.textContent('.diagram-toolbar')).toContain('未知（需在 Operate 中查看）');
    expect(await page.textContent('.incident')).toContain('意见归类整理（引擎所报名称）');

    // when the incident is retried, Zeebe asks for its key, and the key from Operate is entered
    await page.click('.incident button:has-text("重试")');
    await page.waitForSelector('[data-testid=incident-key-form]');
    expect(await page.textContent('[data-testid=incident-key-form]')).toContain('2251799813685290');
    await screenshot(page, 'supervisor-3-observed-instance');
    await page.fill('[data-testid=incident-key]', ' 2251799813685302 ');
    await page.click('[data-testid=incident-key-form] button[type=submit]');
    await page.waitForSelector('[data-testid=incident-key-form]', { state: 'detached' });

    // then the retry was sent again with the key
    expect(resolves).toEqual([
      { url: '/api/incidents/2251799813685290/resolve', body: {} },
      { url: '/api/incidents/2251799813685290/resolve', body: { incidentKey: '2251799813685302' } },
    ]);

    // when the same incident is listed on the supervision page and retried there
    await page.route(
      (url) => url.pathname === '/api/incidents',
      (route) => route.fulfill({ json: [incident] }),
    );
    await page.goto(`${suite.product.url}/supervision`);
    const incidentRow = page.locator('[data-testid=incidents] tbody tr');
    await incidentRow.waitFor();
    await incidentRow.locator('button:has-text("重试")').click();
    await page.waitForSelector('[data-testid=incidents] [data-testid=incident-key-form]');
    await page.locator('[data-testid=incidents]').scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-4-incident-key');

    // then the row names the element as the engine reported it, and the key form asks for the key
    expect(await incidentRow.textContent()).toContain('意见归类整理（引擎所报名称）');
    expect(resolves).toHaveLength(3);
    expect(errors.filter((error) => !error.includes('422'))).toEqual([]);
    // (the instance reloads after the retry: let altered answers finish before the browser closes)
    await page.unrouteAll({ behavior: 'wait' });
  });
});
