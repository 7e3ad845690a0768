import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots are test artifacts (gitignored): look at them after a run. */
export const SCREENSHOTS = path.resolve(process.cwd(), 'test/e2e/screenshots');

/** Launches headless Chromium with no network features of its own (loopback only). */
export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A fresh page on the office screen size the UI is made for (1366×768), in Chinese unless told. */
export async function openPage(browser: Browser, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale, timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  if (locale === 'en') await context.addInitScript(() => localStorage.setItem('pf.locale', 'en'));
  return context.newPage();
}

/** Saves a screenshot of the page as test/e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
