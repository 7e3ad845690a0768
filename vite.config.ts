import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

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

/**
 * The web UI (ui/): one single-page app, each page a lazily loaded chunk. `npm run build:ui` writes
 * ui/dist (index.html, assets/ with .gz and .br beside the compressible files, .vite/manifest.json)
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
  plugins: [precompress()],
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
