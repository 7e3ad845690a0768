import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin, type Rolldown } from 'vite';

type OutputChunk = Rolldown.OutputChunk;

/** Asset types worth compressing (fonts in woff/woff2 and images are compressed already). */
const COMPRESSIBLE = /\.(js|css|svg|json|eot|ttf)$/;

/**
 * Writes `<file>.gz` and `<file>.br` beside every compressible asset of the build, so the server
 * sends compressed hashed assets without compressing on each request (api/app.ts `serveUi`).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'policy-flow:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const assets = path.join(outDir, 'assets');
      const jobs = fs
        .readdirSync(assets)
        .filter((name) => COMPRESSIBLE.test(name))
        .map(async (name) => {
          const file = path.join(assets, name);
          const content = await fs.promises.readFile(file);
          if (content.length < 1024) return;
          const [gzip, brotli] = await Promise.all([
            new Promise<Buffer>((resolve, reject) => zlib.gzip(content, { level: 9 }, (error, out) => (error ? reject(error) : resolve(out)))),
            new Promise<Buffer>((resolve, reject) =>
              zlib.brotliCompress(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 10, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }, (error, out) => (error ? reject(error) : resolve(out))),
            ),
          ]);
          await Promise.all([fs.promises.writeFile(`${file}.gz`, gzip), fs.promises.writeFile(`${file}.br`, brotli)]);
        });
      await Promise.all(jobs);
    },
  };
}

/** What the server adds to index.html for one route of ui/routes.ts (api/app.ts `serveUi`). */
interface RouteHints {
  /** The route's path pattern, `:name` segments matching any one segment. */
  path: string;
  /** The page's chunk and the chunks it imports: fetched and compiled while the app's entry runs. */
  modules: string[];
  /** The CSS those chunks import (the page waits for it before its first render anyway). */
  styles: string[];
  /** Fonts that CSS uses (woff2): fetched before the page draws text with them. */
  fonts: string[];
  /** Chunks the page imports after its first render: fetched into the HTTP cache while idle. */
  later: string[];
}

/** Where the build writes the route hints, beside Vite's manifest (not served: a dot folder). */
const ROUTE_HINTS = '.vite/route-hints.json';

/**
 * Writes ROUTE_HINTS: for every route of ui/routes.ts (one route a line, `path: '…'` and its page's
 * `import('./…')`), the files its page loads, so the server can name them in index.html and the
 * browser fetches them at once instead of after the entry chunk has run (a page's chunks start
 * downloading only when the app's code has loaded, run and matched the route).
 */
function routeHints(): Plugin {
  let root = '';
  return {
    name: 'policy-flow:route-hints',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const chunks = new Map<string, OutputChunk>();
      for (const output of Object.values(bundle)) if (output.type === 'chunk') chunks.set(output.fileName, output);
      const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
      const inEntry = new Set<string>();
      const closure = (fileName: string, into: Set<string>, skip: Set<string>) => {
        if (into.has(fileName) || skip.has(fileName)) return;
        into.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) closure(imported, into, skip);
      };
      if (entry) closure(entry.fileName, inEntry, new Set());
      // the page's chunks and their CSS in the order Vite's preload helper adds them (a chunk's CSS
      // after its imports' CSS), which is the order the CSS cascades in
      const pageFiles = (fileName: string) => {
        const files = new Set<string>();
        const seen = new Set<string>();
        const visit = (file: string) => {
          if (seen.has(file) || inEntry.has(file)) return;
          seen.add(file);
          const chunk = chunks.get(file);
          if (!chunk) return;
          files.add(file);
          for (const imported of chunk.imports) visit(imported);
          for (const sheet of chunk.viteMetadata?.importedCss ?? []) files.add(sheet);
        };
        visit(fileName);
        return [...files];
      };
      const fontsOf = (sheets: string[]) => {
        const fonts = new Set<string>();
        for (const sheet of sheets) {
          const asset = bundle[sheet];
          const source = asset?.type === 'asset' ? String(asset.source) : '';
          // as the CSS names it (bpmn-font adds a query): the preload must match its request
          for (const match of source.matchAll(/url\(\s*["']?\/?(assets\/[\w.-]+\.woff2(?:\?[\w=&.-]*)?)/g)) fonts.add(match[1]!);
        }
        return [...fonts];
      };
      const url = (file: string) => `/${file}`;
      const table = fs.readFileSync(path.join(root, 'routes.ts'), 'utf8');
      const hints: RouteHints[] = [];
      for (const match of table.matchAll(/path: '([^']+)'[^\n]*?import\('\.\/([\w/]+)'\)/g)) {
        const source = path.join(root, `${match[2]}.tsx`);
        const page = [...chunks.values()].find((chunk) => chunk.facadeModuleId === source);
        if (!page) continue;
        const files = pageFiles(page.fileName);
        const modules = files.filter((file) => file.endsWith('.js'));
        const styles = files.filter((file) => file.endsWith('.css'));
        const later = new Set<string>();
        for (const dynamic of page.dynamicImports) closure(dynamic, later, new Set([...inEntry, ...modules]));
        hints.push({ path: match[1]!, modules: modules.map(url), styles: styles.map(url), fonts: fontsOf(styles).map(url), later: [...later].map(url) });
      }
      this.emitFile({ type: 'asset', fileName: ROUTE_HINTS, source: JSON.stringify(hints, null, 1) });
    },
  };
}

/**
 * The web UI (ui/): one single-page app, each page a lazily loaded chunk. `npm run build:ui` writes
 * ui/dist (index.html, assets/ with .gz and .br beside the compressible files, .vite/manifest.json,
 * .vite/route-hints.json)
 * which the API server serves at `/` with an index.html fallback; `npm run dev:ui` proxies /api to
 * a server on 127.0.0.1:3000.
 */
export default defineConfig({
  root: 'ui',
  base: '/',
  publicDir: false,
  // one preact for all: form-js-editor pins an older copy, and two copies break hooks across the
  // editor and the form-js viewer it renders
  resolve: { dedupe: ['preact'] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [precompress(), routeHints()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    // the modeler's properties panel (with its FEEL editor) is one large lazily loaded chunk by nature
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', port: 5173, proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
