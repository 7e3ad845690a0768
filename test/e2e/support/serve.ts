import fs from 'node:fs';
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { serveUi } from '../../../api/app';

export const UI_DIST = path.resolve(process.cwd(), 'ui/dist');

export interface Served {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 (random port): the real express app when given (it serves
 * the built UI like the product), else the UI alone with the API answering 404.
 */
export async function startServer(api?: RequestListener): Promise<Served> {
  if (!fs.existsSync(path.join(UI_DIST, 'index.html'))) throw new Error('ui/dist is missing: run `npm run build:ui` first');
  // the real app serves the UI itself (createApp); without one, the same UI serving behind helmet alone
  const listener = api ?? uiOnly();
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The product's UI serving and security headers, with a JSON 404 for the API. */
function uiOnly(): RequestListener {
  const app = express();
  app.use(helmet());
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no API in this test server' } });
  });
  serveUi(app, UI_DIST);
  return app;
}
