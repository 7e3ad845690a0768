import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../../api/app';
import { seedForms } from '../../../api/forms.service';
import type { ApiContext } from '../../../api/context';
import { TokenService } from '../../../api/tokens';
import { CalendarRepository } from '../../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../../calendar/working-days';
import { loadConfig } from '../../../config';
import { seedDemo } from '../../../demo';
import { ContactCipher } from '../../../domain/contact-cipher';
import { startTaskProjection } from '../../../domain/task-projection';
import { AuditRepository } from '../../../store/audit.repository';
import { deadlineWorker } from '../../../workers/deadline/handler';
import { InAppChannel } from '../../../workers/notify/channels';
import { notifyWorker } from '../../../workers/notify/handler';
import { NotificationRepository } from '../../../workers/notify/notification.repository';
import { signOffWorker } from '../../../workers/sign-off/handler';
import { SignatureRepository } from '../../../workers/sign-off/signature.repository';
import { loadOrCreateSigningKey } from '../../../workers/sign-off/signing-key';
import { shippedResources } from '../../support/shipped';
import { openTestDatabase } from '../../support/database';
import { startTestEngine, T0, type TestEngine } from '../../support/engine-harness';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServer } from './serve';

export interface Product {
  /** Base URL of the UI and the API (one origin, like the product). */
  url: string;
  harness: TestEngine;
  ctx: ApiContext;
  close(): Promise<void>;
}


/**
 * The product as `npm start` wires it — demo organisation and documents seeded, shipped forms and diagrams
 * deployed, the deadline / notify / sign-off workers, the task projection (inbox read model), the
 * real express app from createApp — on a
 * fresh PGlite database with the engine clock pinned at T0 (2026-11-27T01:00Z), served with the
 * built UI on 127.0.0.1.
 */
export async function startProduct(): Promise<Product> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-e2e-'));
  const config = loadConfig({ NODE_ENV: 'test', ENGINE_CLOCK: 'controlled', DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const database = await openTestDatabase();
  const calendar = await WorkingDayCalendar.load(new CalendarRepository(database.db));
  const contacts = new ContactCipher(crypto.randomBytes(32));
  const resources = shippedResources();
  await seedDemo({ database, calendar, contacts, resources, now: T0, logger });
  await seedForms(database.db, { now: T0 });

  const harness = await startTestEngine({ database });
  await harness.engine.deployResources(resources);
  const { engine, clock } = harness;
  engine.createWorker(deadlineWorker(calendar, clock));
  const notifications = new NotificationRepository(database.db);
  engine.createWorker(notifyWorker({ channels: [new InAppChannel(notifications, clock)], deliveries: notifications, clock }));
  engine.createWorker(signOffWorker({ signatures: new SignatureRepository(database.db), signingKey: loadOrCreateSigningKey(dataDir), clock }));

  const ctx: ApiContext = {
    config,
    database,
    engine,
    engineKind: 'embedded',
    clock,
    controlledClock: clock,
    calendar,
    tokens: TokenService.fromConfig(config),
    audit: new AuditRepository(database.db, () => clock.now()),
    contacts,
    logger,
  };
  // the inbox read model, fed by the engine's events (catches up with the seeded instances first)
  const projection = await startTaskProjection({ database, engine, logger });
  const server = await startServer(createApp(ctx));
  return {
    url: server.url,
    harness,
    ctx,
    async close() {
      await server.close();
      await projection.stop();
      await harness.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the product and a browser before a suite's tests and closes both after them. */
export function withProductAndBrowser(): { readonly product: Product; readonly browser: Browser } {
  const suite = {} as { product: Product; browser: Browser };
  beforeAll(async () => {
    suite.product = await startProduct();
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.product?.close();
  });
  return suite;
}
