/**
 * `npm run bench:ui`: the web UI's weight and the modeler's speed.
 *
 * 1. JS / CSS gzip size of every page, from the Vite build manifest (ui/dist/.vite/manifest.json;
 *    built first when missing): the initial bundle every page loads, plus the page's own chunks
 *    (first: what it loads before its first render; +later: with the chunks it imports afterwards,
 *    e.g. the modeler's properties panel).
 * 2. The modeler on loopback, headless Debian Chromium, a cold browser context per run, on the
 *    largest shipped diagram, from navigation start:
 *    - interactive: the diagram is rendered and a click on its leftmost user task selects it. From
 *      navigation the bench clicks the task's centre (found in an unmeasured visit) again and
 *      again, each click waiting until the page takes it; the page records the first frame that
 *      shows the task selected. (Until 2026-11 the figure was the `pf:modeler-ready` mark, which
 *      then also waited for the properties panel: the "complete" figure below.)
 *    - complete: the `pf:modeler-ready` mark: diagram imported, properties panel and element
 *      templates loaded (the old figure's meaning).
 *    Also warm: the same browser opens the modeler a second time (chunks in the HTTP cache).
 *    Anchor in the same run: the login page from navigation start to its form (the app shell).
 *
 * BENCH_UI_BASELINE=<dir>: a checkout of an earlier version (with its own ui/dist built and
 * node_modules linked) measured in the same run, cold and warm runs interleaved with ours, each on
 * its own shipped diagram of the same process. E.g.
 *   git archive <commit> | tar -x -C /tmp/before && ln -s $PWD/node_modules /tmp/before/ &&
 *   (cd /tmp/before && npx vite build) && BENCH_UI_BASELINE=/tmp/before npm run bench:ui
 *
 * Targets (issue 6): initial JS < 1 MB gzip, modeler interactive < 2 s. Figures only, no
 * assertions; the last line is one JSON object. BENCH_QUICK=1 does 2 runs instead of 7.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../test/e2e/support/browser';
import { startProduct } from '../../test/e2e/support/product';
import { tokenFor } from '../../test/e2e/support/session';

const DIST = path.resolve('ui/dist');
const MANIFEST = path.join(DIST, '.vite/manifest.json');
const RUNS = process.env.BENCH_QUICK === '1' ? 2 : 7;
const MODELER_PATH = '/admin/modeler/research-deliberation/1';
const VIEWPORT = { width: 1366, height: 768 };

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
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
  const perPage: Record<string, { js: number; laterJs: number; css: number }> = {};
  for (const [name, source] of Object.entries(pages())) {
    const seen = new Set(initialSeen);
    const own = closure(manifest, source, seen);
    // chunks the page imports after its first render (e.g. the modeler's properties panel)
    const later = new Set<string>();
    for (const dynamic of manifest[source]?.dynamicImports ?? []) for (const file of closure(manifest, dynamic, seen).js) later.add(file);
    perPage[name] = { js: initialJs + sum(own.js), laterJs: sum(later), css: initialCss + sum([...own.css].filter((c) => !initial.css.has(c))) };
  }
  return { initialJs, initialCss, perPage };
}

interface Product {
  url: string;
  close(): Promise<void>;
}

/**
 * The product of an earlier checkout, started with that checkout as working directory: its
 * modules, its ui/dist and its shipped diagrams (a later diagram may not deploy on it).
 */
async function startBaseline(dir: string): Promise<Product> {
  const here = process.cwd();
  process.chdir(dir);
  try {
    const module = (await import(path.join(dir, 'test/e2e/support/product.ts'))) as { startProduct(): Promise<Product> };
    return await module.startProduct();
  } finally {
    process.chdir(here);
  }
}

/** The leftmost user task of the diagram (its id): the element the bench clicks. */
function clickTarget(processId: string): string {
  const xml = fs.readFileSync(path.resolve(`processes/${processId}.bpmn`), 'utf8');
  const userTasks = new Set([...xml.matchAll(/<bpmn:userTask id="([^"]+)"/g)].map((m) => m[1]!));
  const shapes = [...xml.matchAll(/<bpmndi:BPMNShape[^>]*bpmnElement="([^"]+)"[^>]*>\s*<dc:Bounds x="([\d.]+)"/g)];
  const leftmost = shapes.filter((m) => userTasks.has(m[1]!)).sort((a, b) => Number(a[2]) - Number(b[2]))[0];
  if (!leftmost) throw new Error(`no user task in processes/${processId}.bpmn`);
  return leftmost[1]!;
}

interface ModelerRun {
  interactive: number;
  complete: number;
}

/**
 * Installed in every page before its scripts: marks `bench:selected` when the target element gets
 * selected and `bench:selected-painted` once the frame showing it has been produced.
 */
function watchSelection(target: string): void {
  const observer = new MutationObserver(() => {
    if (!document.querySelector(`.djs-element.selected[data-element-id="${target}"]`)) return;
    observer.disconnect();
    performance.mark('bench:selected');
    requestAnimationFrame(() => setTimeout(() => performance.mark('bench:selected-painted')));
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
}

/**
 * Opens the modeler in `page` and measures it (see the header): from navigation the bench clicks
 * the target's position over and over (each click waits for the page to take it), and the page
 * itself records when one of them selected the target. So the figure does not include the bench's
 * own polling, and a click is answered only once the canvas really takes clicks.
 */
async function openModeler(page: Page, url: string, position: { x: number; y: number }): Promise<ModelerRun> {
  await page.goto(url, { waitUntil: 'commit' });
  const until = Date.now() + 60_000;
  const selected = () => page.evaluate(() => performance.getEntriesByName('bench:selected-painted')[0]?.startTime ?? null).catch(() => null);
  let interactive: number | null = null;
  while (interactive === null) {
    if (Date.now() > until) {
      const shot = path.join(os.tmpdir(), `bench-ui-no-selection-${Date.now()}.png`);
      await page.screenshot({ path: shot });
      throw new Error(`no selection within 60 s at ${url} (screenshot: ${shot})`);
    }
    await page.mouse.click(position.x, position.y);
    interactive = await selected();
  }
  await page.waitForFunction(() => performance.getEntriesByName('pf:modeler-ready').length > 0, undefined, { timeout: 60_000 });
  const complete = await page.evaluate(() => performance.getEntriesByName('pf:modeler-ready')[0]!.startTime);
  return { interactive, complete };
}

/** Where the target is drawn once the modeler has loaded (the same in every run: same viewport, same fit). */
async function targetPosition(browser: Browser, url: string, session: string, target: string): Promise<{ x: number; y: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript((value) => sessionStorage.setItem('pf.session', value), session);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('pf:modeler-ready').length > 0, undefined, { timeout: 60_000 });
  const box = await page.locator(`.djs-element[data-element-id="${target}"]`).boundingBox();
  await context.close();
  if (!box) throw new Error(`${target} is not on screen at ${url}`);
  return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
}

interface Series {
  interactive: number[];
  complete: number[];
  warmInteractive: number[];
  warmComplete: number[];
}

async function timings() {
  const baselineDir = process.env.BENCH_UI_BASELINE;
  const products: { name: string; product: Product }[] = [];
  if (baselineDir) products.push({ name: 'baseline', product: await startBaseline(path.resolve(baselineDir)) });
  products.push({ name: 'current', product: await startProduct() });
  const browser = await launchBrowser();
  const target = clickTarget(MODELER_PATH.split('/')[3]!);
  try {
    const stored = new Map<string, string>();
    for (const { name, product } of products) {
      const token = await tokenFor(product.url, 'admin');
      const session = await (await fetch(`${product.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
      stored.set(name, JSON.stringify({ token, refreshToken: '', expiresAt: Date.now() + 3_600_000, user: session }));
    }
    const series = new Map<string, Series>(products.map(({ name }) => [name, { interactive: [], complete: [], warmInteractive: [], warmComplete: [] }]));
    const positions = new Map<string, { x: number; y: number }>();
    for (const { name, product } of products) positions.set(name, await targetPosition(browser, `${product.url}${MODELER_PATH}`, stored.get(name)!, target));
    const anchor: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // anchor: the app shell (login page) in a cold context
      const plain = await browser.newContext({ viewport: VIEWPORT });
      const login = await plain.newPage();
      await login.goto(`${products.at(-1)!.product.url}/login`);
      await login.waitForSelector('form.login-card');
      anchor.push(await login.evaluate(() => performance.now()));
      await plain.close();

      // the modeler, signed in, in a cold context; then warm: the same context opens it again
      for (const { name, product } of run % 2 ? [...products].reverse() : products) {
        const context = await browser.newContext({ viewport: VIEWPORT });
        await context.addInitScript((value) => sessionStorage.setItem('pf.session', value), stored.get(name)!);
        await context.addInitScript(watchSelection, target);
        const page = await context.newPage();
        const cold = await openModeler(page, `${product.url}${MODELER_PATH}`, positions.get(name)!);
        const warm = await openModeler(page, `${product.url}${MODELER_PATH}`, positions.get(name)!);
        const figures = series.get(name)!;
        figures.interactive.push(cold.interactive);
        figures.complete.push(cold.complete);
        figures.warmInteractive.push(warm.interactive);
        figures.warmComplete.push(warm.complete);
        await context.close();
      }
    }
    const summary = Object.fromEntries(
      [...series].map(([name, s]) => [
        name,
        {
          interactiveMs: Math.round(median(s.interactive)),
          interactiveWarmMs: Math.round(median(s.warmInteractive)),
          completeMs: Math.round(median(s.complete)),
          completeWarmMs: Math.round(median(s.warmComplete)),
          interactiveRunsMs: s.interactive.map(Math.round),
          completeRunsMs: s.complete.map(Math.round),
        },
      ]),
    );
    return { target, summary, anchorMs: Math.round(median(anchor)), anchorRuns: anchor.map(Math.round) };
  } finally {
    await browser.close();
    for (const { product } of products) await product.close();
  }
}

const size = sizes();
console.log('page                 JS gzip KB (first / +later)   CSS gzip KB   (initial bundle included)');
for (const [name, figures] of Object.entries(size.perPage)) {
  const later = figures.laterJs ? ` / ${kb(figures.js + figures.laterJs)}` : '';
  console.log(`${name.padEnd(20)} ${`${kb(figures.js)}${later}`.padStart(24)}   ${String(kb(figures.css)).padStart(11)}`);
}
console.log(`initial bundle: JS ${kb(size.initialJs)} KB gzip, CSS ${kb(size.initialCss)} KB gzip (target JS < 1024 KB)`);
const time = await timings();
for (const [name, figures] of Object.entries(time.summary)) {
  console.log(
    `${name}: modeler interactive (click selects ${time.target}, median of ${RUNS}): cold ${figures.interactiveMs} ms, warm ${figures.interactiveWarmMs} ms (target < 2000 ms); complete (pf:modeler-ready, with properties panel): cold ${figures.completeMs} ms, warm ${figures.completeWarmMs} ms`,
  );
}
console.log(`anchor login page (cold): ${time.anchorMs} ms`);
const current = time.summary.current!;
console.log(
  JSON.stringify({
    bench: 'ui',
    runs: RUNS,
    initialJsGzipBytes: size.initialJs,
    initialCssGzipBytes: size.initialCss,
    pages: Object.fromEntries(Object.entries(size.perPage).map(([name, f]) => [name, { jsGzipBytes: f.js, laterJsGzipBytes: f.laterJs, cssGzipBytes: f.css }])),
    modelerInteractiveMs: current.interactiveMs,
    modelerInteractiveWarmMs: current.interactiveWarmMs,
    modelerCompleteMs: current.completeMs,
    modelerCompleteWarmMs: current.completeWarmMs,
    anchorLoginMs: time.anchorMs,
    modelerOverAnchor: Math.round((current.interactiveMs / time.anchorMs) * 100) / 100,
    products: time.summary,
    anchorRunsMs: time.anchorRuns,
  }),
);
