import { defineConfig } from 'vite';

/**
 * The web UI (ui/): one single-page app, each page a lazily loaded chunk. `npm run build:ui` writes
 * ui/dist (index.html, assets/, .vite/manifest.json) which the API server serves at `/` with an
 * index.html fallback; `npm run dev:ui` proxies /api to a server on 127.0.0.1:3000.
 */
export default defineConfig({
  root: 'ui',
  base: '/',
  publicDir: false,
  // one preact for all: form-js-editor pins an older copy, and two copies break hooks across the
  // editor and the form-js viewer it renders
  resolve: { dedupe: ['preact'] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    // bpmn-js with its properties panel is one large lazily loaded chunk by nature
    chunkSizeWarningLimit: 2500,
  },
  server: { host: '127.0.0.1', port: 5173, proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
