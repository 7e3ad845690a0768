import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../demo/organisation';

/** Signs in through the login page as a demo user and waits for the landing page. */
export async function signIn(page: Page, baseUrl: string, username: string, next?: string): Promise<void> {
  await page.goto(`${baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('button[type=submit]')]);
}

/** An access token for a demo user, straight from the API (for checks behind the UI's back). */
export async function tokenFor(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login of ${username} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
