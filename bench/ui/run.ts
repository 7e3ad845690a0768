/**
 * `npm run bench:ui`: the web UI's weight and the modeler's speed.
 *
 * 1. JS / CSS gzip size of every page, from the Vite build manifest (ui/dist/.vite/manifest.json;
 *    built first when missing): the initial bundle every page loads, plus the page's own chunks.
 * 2. Time to interactive of the modeler on loopback: headless Debian Chromium, a cold browser
 *    context per run, from navigation start to the `pf:modeler-ready` mark (bpmn-js imported the
 *    diagram, properties panel and element templates loaded), on the largest shipped diagram.
 *    Anchor in the same run: the login page from navigation start to its form (the app shell).
 *    Also warm: the same browser opening the modeler a second time (chunks in the HTTP cache).
 *
 * Targets (issue 6): initial JS < 1 MB gzip, modeler interactive < 2 s. Figures only, no
 * assertions; the last line is one JSON object. BENCH_QUICK=1 does 2 runs instead of 7.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser } from '../../test/e2e/support/browser';
import { startProduct } from '../../test/e2e/support/product';
import { tokenFor } from '../../test/e2e/support/session';

const DIST = path.resolve('ui/dist');
const MANIFEST = path.join(DIST, '.vite/manifest.json');
const RUNS = process.env.BENCH_QUICK === '1' ? 2 : 7;
const MODELER_PATH = '/admin/modeler/research-deliberation/1';

interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;

/** Every file a manifest entry loads: its chunk, its static imports (recursively) and their CSS. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): { js: Set<string>; css: Set<string> } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    const chunk = manifest[k];
    if (!chunk) return;
    if (chunk.file.endsWith('.js')) js.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(key);
  return { js, css };
}

const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gzipSize(f), 0);
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Route name → page source file, read from the route table (ui/routes.ts). */
function pages(): Record<string, string> {
  const text = fs.readFileSync(path.resolve('ui/routes.ts'), 'utf8');
  const result: Record<string, string> = {};
  for (const match of text.matchAll(/name: '([\w-]+)'[^\n]*import\('\.\/([\w/]+)'\)/g)) result[match[1]!] = `${match[2]}.tsx`;
  return result;
}

function sizes() {
  if (!fs.existsSync(MANIFEST)) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit', env: { ...process.env, IBM_TELEMETRY_DISABLED: 'true' } });
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
  const initialSeen = new Set<string>();
  const initial = closure(manifest, 'index.html', initialSeen);
  const initialJs = sum(initial.js);
  const initialCss = sum(initial.css);
  const perPage: Record<string, { js: number; css: number }> = {};
  for (const [name, source] of Object.entries(pages())) {
    const own = closure(manifest, source, new Set(initialSeen));
    perPage[name] = { js: initialJs + sum(own.js), css: initialCss + sum([...own.css].filter((c) => !initial.css.has(c))) };
  }
  return { initialJs, initialCss, perPage };
}

async function timings() {
  const product = await startProduct();
  const browser = await launchBrowser();
  try {
    const token = await tokenFor(product.url, 'admin');
    const session = await (await fetch(`${product.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const stored = JSON.stringify({ token, refreshToken: '', expiresAt: Date.now() + 3_600_000, user: session });
    const modeler: number[] = [];
    const anchor: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // anchor: the app shell (login page) in a cold context
      const plain = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const login = await plain.newPage();
      await login.goto(`${product.url}/login`);
      await login.waitForSelector('form.login-card');
      anchor.push(await login.evaluate(() => performance.now()));
      await plain.close();

      // the modeler, signed in, in a cold context
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await context.addInitScript((value) => sessionStorage.setItem('pf.session', value), stored);
      const page = await context.newPage();
      await page.goto(`${product.url}${MODELER_PATH}`);
      await page.waitForSelector('[data-testid=canvas][data-ready=true]', { timeout: 60_000 });
      modeler.push(await page.evaluate(() => performance.getEntriesByName('pf:modeler-ready')[0]!.startTime));
      // warm: the same browser opens the modeler again, its chunks now in the HTTP cache
      await page.goto(`${product.url}${MODELER_PATH}`);
      await page.waitForSelector('[data-testid=canvas][data-ready=true]', { timeout: 60_000 });
      warm.push(await page.evaluate(() => performance.getEntriesByName('pf:modeler-ready')[0]!.startTime));
      await context.close();
    }
    return { modelerMs: Math.round(median(modeler)), warmMs: Math.round(median(warm)), anchorMs: Math.round(median(anchor)), modelerRuns: modeler.map(Math.round), anchorRuns: anchor.map(Math.round) };
  } finally {
    await browser.close();
    await product.close();
  }
}

const size = sizes();
console.log('page                 JS gzip KB   CSS gzip KB   (initial bundle included)');
for (const [name, figures] of Object.entries(size.perPage)) console.log(`${name.padEnd(20)} ${String(kb(figures.js)).padStart(10)}   ${String(kb(figures.css)).padStart(11)}`);
console.log(`initial bundle: JS ${kb(size.initialJs)} KB gzip, CSS ${kb(size.initialCss)} KB gzip (target JS < 1024 KB)`);
const time = await timings();
console.log(`modeler time to interactive (median of ${RUNS}): cold ${time.modelerMs} ms, warm cache ${time.warmMs} ms (target < 2000 ms); anchor login page (cold): ${time.anchorMs} ms`);
console.log(
  JSON.stringify({
    bench: 'ui',
    runs: RUNS,
    initialJsGzipBytes: size.initialJs,
    initialCssGzipBytes: size.initialCss,
    pages: Object.fromEntries(Object.entries(size.perPage).map(([name, f]) => [name, { jsGzipBytes: f.js, cssGzipBytes: f.css }])),
    modelerInteractiveMs: time.modelerMs,
    modelerInteractiveWarmMs: time.warmMs,
    anchorLoginMs: time.anchorMs,
    modelerOverAnchor: Math.round((time.modelerMs / time.anchorMs) * 100) / 100,
    modelerRunsMs: time.modelerRuns,
    anchorRunsMs: time.anchorRuns,
  }),
);
