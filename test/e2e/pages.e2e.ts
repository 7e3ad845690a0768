/**
 * The built UI on its own (ui/dist behind a static server with the SPA fallback, no API): every
 * deep link loads the app, signed-out users are sent to the login page, the language switch is
 * kept across reloads. API calls answer 404 here, so pages show their error state.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, watchErrors } from './support/browser';
import { startServer, UI_DIST, type Served } from './support/serve';

describe('the built UI without an API', () => {
  let server: Served;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a signed-out visitor of a staff page to the login page, in Chinese', async () => {
    // given a fresh browser
    const page = await openPage(browser);
    const errors = watchErrors(page);

    // when they open the inbox by its address
    await page.goto(`${server.url}/tasks?overdue=true`);

    // then the login form shows, remembering where to go next
    await page.waitForSelector('form.login-card');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/tasks?overdue=true');
    expect(await page.textContent('h1')).toBe('政策文件流程平台');
    expect(await page.textContent('button[type=submit]')).toBe('登录');
    await screenshot(page, 'static-login-zh');
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });

  it('switches to English and keeps it after a reload', async () => {
    // given the login page in Chinese
    const page = await openPage(browser);
    await page.goto(`${server.url}/login`);
    await page.waitForSelector('form.login-card');

    // when the visitor picks English
    await Promise.all([page.waitForEvent('load'), page.click('button.locale-switch')]);
    await page.waitForSelector('form.login-card');

    // then the page is in English, also after a reload (page errors are kept to explain a blank page)
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`));
    expect(await page.textContent('button[type=submit]')).toBe('Sign in');
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('form.login-card', { timeout: 60_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; page errors and failed requests: ${JSON.stringify(errors)}`);
    });
    expect(await page.textContent('button[type=submit]')).toBe('Sign in');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('serves a public deep link through the SPA fallback and shows the API error', async () => {
    // given no API behind the server
    const page = await openPage(browser);

    // when a citizen opens the catalogue by its address
    await page.goto(`${server.url}/public/catalogue?q=住房`);

    // then the public frame renders with the search kept and the failure said plainly
    await page.waitForSelector('.topbar.public');
    expect(await page.inputValue('input[name=q]')).toBe('住房');
    await page.waitForSelector('.error');
    expect(await page.textContent('.error')).toContain('未找到');
    await screenshot(page, 'static-catalogue-no-api');
  });

  it('sends hashed assets compressed and cacheable for a year, and as they are to a client without compression', async () => {
    // given the largest script of the build
    const assets = path.join(UI_DIST, 'assets');
    const largest = fs
      .readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .sort((a, b) => fs.statSync(path.join(assets, b)).size - fs.statSync(path.join(assets, a)).size)[0]!;
    const original = fs.readFileSync(path.join(assets, largest), 'utf8');

    // when it is fetched accepting gzip, accepting brotli, and accepting neither
    const gzip = await fetch(`${server.url}/assets/${largest}`, { headers: { 'Accept-Encoding': 'gzip' } });
    const brotli = await fetch(`${server.url}/assets/${largest}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    const plain = await fetch(`${server.url}/assets/${largest}`, { headers: { 'Accept-Encoding': 'identity' } });

    // then each gets the encoding it asked for, the same script, immutable for a year
    expect([gzip.status, brotli.status, plain.status]).toEqual([200, 200, 200]);
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const response of [gzip, brotli, plain]) {
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(await response.text()).toBe(original);
    }
    expect(Number(gzip.headers.get('content-length'))).toBeLessThan(original.length / 3);
  });

  it('answers 404 for an asset that does not exist', async () => {
    // when
    const response = await fetch(`${server.url}/assets/nothing-here.js`, { headers: { 'Accept-Encoding': 'gzip' } });

    // then
    expect(response.status).toBe(404);
  });
});

