import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { serveUi } from '../../api/app';

/** A UI build in a temporary folder: index.html, one asset, and the route hints the build writes. */
function givenBuiltUi(hints: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-ui-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>\n<html>\n  <head>\n    <script type="module" src="/assets/main-1.js"></script>\n  </head>\n  <body></body>\n</html>\n');
  fs.writeFileSync(path.join(dir, 'assets/main-1.js'), 'export {};\n');
  fs.writeFileSync(path.join(dir, '.vite/route-hints.json'), JSON.stringify(hints));
  return dir;
}

const modelerHints = {
  path: '/admin/modeler/:processId/:version',
  modules: ['/assets/modeler-2.js'],
  styles: ['/assets/modeler-3.css'],
  fonts: ['/assets/bpmn-4.woff2'],
  later: ['/assets/panel-5.js'],
};

describe('serving the built UI', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const appFor = (hints: unknown) => {
    const dir = givenBuiltUi(hints);
    dirs.push(dir);
    const app = express();
    serveUi(app, dir);
    return app;
  };

  it("names a route's chunks, styles and fonts in index.html, and only on that route", async () => {
    // given
    const app = appFor([modelerHints]);

    // when
    const modeler = await request(app).get('/admin/modeler/research-deliberation/3');
    const inbox = await request(app).get('/tasks');

    // then
    expect(modeler.status).toBe(200);
    expect(modeler.headers['cache-control']).toBe('no-cache');
    const head = modeler.text.slice(0, modeler.text.indexOf('</head>'));
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/modeler-2.js">');
    expect(head).toContain('<link rel="preload" as="style" crossorigin href="/assets/modeler-3.css">');
    expect(head).toContain('<link rel="preload" as="font" type="font/woff2" crossorigin href="/assets/bpmn-4.woff2">');
    expect(head).toContain('<link rel="prefetch" crossorigin href="/assets/panel-5.js">');
    expect(inbox.text).not.toContain('<link');
    expect(inbox.text).toBe(fs.readFileSync(path.join(dirs[0]!, 'index.html'), 'utf8'));
  });

  it('ignores hints that name anything but a built asset, and serves index.html as built', async () => {
    // given
    const app = appFor([{ ...modelerHints, modules: ['/assets/x.js"><script>alert(1)</script>'] }]);

    // when
    const page = await request(app).get('/admin/modeler/research-deliberation/3');

    // then
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<link');
    expect(page.text).not.toContain('alert(1)');
  });

  it('serves the hashed assets with a year of caching', async () => {
    // given
    const app = appFor([modelerHints]);

    // when
    const asset = await request(app).get('/assets/main-1.js');

    // then
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000/);
  });
});
