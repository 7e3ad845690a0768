import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createApp } from './api/app';
import { recordZeebeDeployment } from './api/definitions.service';
import { seedForms } from './api/forms.service';
import { DefinitionRepository } from './store/definition.repository';
import { startTaskProjection } from './domain/task-projection';
import { TokenService } from './api/tokens';
import { ContactCipher } from './domain/contact-cipher';
import { loadOrCreateSecret } from './domain/secret-file';
import { AuditRepository } from './store/audit.repository';
import { hasDemoPasswords, needsDemo, seedDemo } from './demo';
import { createFirstAdmin } from './demo/first-admin';
import { loadConfig, type Config } from './config';
import { ControlledClock, SystemClock, type Clock } from './engine/clock';
import { EmbeddedEngine } from './engine/embedded';
import type { Engine } from './engine/port';
import { definitionXmlFrom, ObservationRepository, ZeebeEngine } from './engine/zeebe';
import { openDatabase, type Database } from './store/database';
import { CalendarRepository } from './calendar/calendar.repository';
import { WorkingDayCalendar } from './calendar/working-days';
import { deadlineWorker } from './workers/deadline/handler';
import { InAppChannel, SmtpChannel, WebhookChannel, type NotificationChannel } from './workers/notify/channels';
import { notifyWorker } from './workers/notify/handler';
import { NotificationRepository } from './workers/notify/notification.repository';
import { signOffWorker } from './workers/sign-off/handler';
import { PublicationRepository } from './store/publication.repository';
import { PushRepository } from './store/push.repository';
import { ResearchReportRepository } from './store/research-report.repository';
import { publishWorker } from './workers/publish/handler';
import { stakeholderPushWorker } from './workers/stakeholder-push/handler';
import { PushGateway } from './workers/stakeholder-push/gateway';
import { reportWorker } from './workers/report/handler';
import { evaluatorCheckWorker } from './workers/evaluator-check/handler';
import { SignatureRepository } from './workers/sign-off/signature.repository';
import { loadSignOffKeys } from './workers/sign-off/signing-key';

/** Starts the product: database (PGlite unless DATABASE_URL), embedded engine, HTTP server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost while idle'),
    vacuum: {
      intervalMs: config.PGLITE_VACUUM_S * 1000,
      done: (actions) => logger.info({ actions }, 'PGlite tables vacuumed / analysed'),
      failed: (error) => logger.error({ err: error }, 'PGlite vacuum failed'),
    },
  });
  logger.info({ database: database.kind, location: database.location }, 'database ready (migrations applied)');

  await seedForms(database.db);
  const calendar = await WorkingDayCalendar.load(new CalendarRepository(database.db));
  const contacts = new ContactCipher(config.CONTACT_KEY ? Buffer.from(config.CONTACT_KEY, 'base64') : loadOrCreateSecret(config.DATA_DIR, 'contact-key'));
  const processesDir = path.resolve('processes');
  const resources = fs.existsSync(processesDir)
    ? fs.readdirSync(processesDir).filter((f) => f.endsWith('.bpmn')).map((name) => ({ name, content: fs.readFileSync(path.join(processesDir, name), 'utf8') }))
    : [];

  if (config.DEMO_DATA && config.NODE_ENV !== 'production' && config.ENGINE === 'embedded' && (await needsDemo(database))) {
    logger.info('empty database: seeding the demo organisation, documents and process instances (DEMO_DATA=false to skip)');
    await seedDemo({ database, calendar, contacts, resources, now: Date.now(), logger: logger.child({ component: 'demo' }) });
  }
  if (config.ADMIN_PASSWORD && (await createFirstAdmin(database, config.ADMIN_PASSWORD, Date.now()))) logger.info('created the first administrator: user admin');
  if (config.NODE_ENV === 'production' && (await hasDemoPasswords(database))) {
    throw new Error('refusing to start in production: demo users with published demo passwords exist (change their passwords or remove them)');
  }

  const clock = config.ENGINE_CLOCK === 'controlled' ? new ControlledClock() : new SystemClock();
  const engineLogger = logger.child({ component: 'engine' });
  const engine: Engine =
    config.ENGINE === 'zeebe'
      ? zeebeEngine(config, engineLogger, database)
      : await EmbeddedEngine.start({ database, clock, logger: engineLogger, batchMax: config.ENGINE_BATCH_MAX, jobPollMs: config.JOB_POLL_MS });
  if (resources.length) {
    const deployment = await engine.deployResources(resources);
    logger.info({ processes: deployment.processes.map((p) => `${p.bpmnProcessId} v${p.version}`) }, 'processes deployed');
    // Zeebe keeps no definitions we can list without Operate: remember what we deployed
    if (config.ENGINE === 'zeebe') await recordZeebeDeployment(new DefinitionRepository(database.db), deployment, resources, clock.now());
  }

  const nextYear = new Date(clock.now()).getUTCFullYear() + 1;
  if (!calendar.knowsYear(nextYear)) logger.warn(`the working-day calendar has no official arrangement for ${nextYear} yet: add its holidays and make-up workdays as overrides`);
  engine.createWorker(deadlineWorker(calendar, clock));
  const notifications = new NotificationRepository(database.db);
  const channels = notificationChannels(config, notifications, clock);
  engine.createWorker(notifyWorker({ channels, deliveries: notifications, clock }));
  const publications = new PublicationRepository(database.db);
  // the signing keys live beside the embedded data (back them up with the database: without them, signatures cannot be verified)
  const signOffKeys = loadSignOffKeys(config.DATA_DIR, config.SIGN_OFF_ALGORITHM);
  engine.createWorker(publishWorker({ publications, signOffKey: signOffKeys, clock }));
  engine.createWorker(
    stakeholderPushWorker({
      pushes: new PushRepository(database.db),
      publications,
      contacts,
      calendar,
      clock,
      email: channels.find((c): c is SmtpChannel => c instanceof SmtpChannel),
      gateway: config.NOTIFY_WEBHOOKS ? new PushGateway(webhookEndpoints(config), clock) : undefined,
    }),
  );
  engine.createWorker(reportWorker({ reports: new ResearchReportRepository(database.db), reportsDir: path.join(config.DATA_DIR, 'reports'), clock }));
  engine.createWorker(evaluatorCheckWorker({ db: database.db }));
  engine.createWorker(signOffWorker({ signatures: new SignatureRepository(database.db), signingKey: signOffKeys, clock }));

  // the inbox's read model (catches up on the embedded engine's log first); on Zeebe it must
  // listen before the bridge announces user-task jobs
  const taskProjection = await startTaskProjection({ database, engine, logger: logger.child({ component: 'tasks' }) });
  if (engine instanceof ZeebeEngine) engine.bridgeUserTasks({ timeout: config.USER_TASK_TIMEOUT_MS });

  const app = createApp({
    config,
    database,
    engine,
    engineKind: config.ENGINE,
    clock,
    controlledClock: clock instanceof ControlledClock ? clock : undefined,
    calendar,
    tokens: TokenService.fromConfig(config),
    audit: new AuditRepository(database.db, () => clock.now()),
    contacts,
    logger: logger.child({ component: 'api' }),
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    const { address, port } = server.address() as AddressInfo;
    const where = config.ENGINE === 'zeebe' ? `Zeebe at ${config.ZEEBE_GRPC_ADDRESS}` : 'embedded engine';
    logger.info(`policy-flow listening on http://${address}:${port} (${where}; database ${database.kind}: ${database.location})`);
  });

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    await taskProjection.stop();
    await engine.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** In-app notifications always; e-mail and webhooks when configured. */
function notificationChannels(config: Config, notifications: NotificationRepository, clock: Clock): NotificationChannel[] {
  const channels: NotificationChannel[] = [new InAppChannel(notifications, clock)];
  if (config.SMTP_HOST) {
    channels.push(
      new SmtpChannel({ host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, from: config.NOTIFY_EMAIL_FROM!, user: config.SMTP_USER, password: config.SMTP_PASSWORD }),
    );
  }
  if (config.NOTIFY_WEBHOOKS) channels.push(new WebhookChannel(webhookEndpoints(config), clock));
  return channels;
}

/** The SMS / WeChat gateways of NOTIFY_WEBHOOKS with the shared signing secret. */
function webhookEndpoints(config: Config): Record<string, { url: string; secret: string }> {
  return Object.fromEntries(Object.entries(config.NOTIFY_WEBHOOKS ?? {}).map(([id, url]) => [id, { url, secret: config.NOTIFY_WEBHOOK_SECRET! }]));
}

/** The Zeebe adapter with the SDK settings from config.ts (the user-task bridge starts once the inbox listens). */
function zeebeEngine(config: Config, logger: Logger, database: Database): ZeebeEngine {
  const engine = new ZeebeEngine({
    client: {
      ZEEBE_GRPC_ADDRESS: config.ZEEBE_GRPC_ADDRESS,
      CAMUNDA_AUTH_STRATEGY: config.CAMUNDA_AUTH_STRATEGY,
      CAMUNDA_SECURE_CONNECTION: config.CAMUNDA_SECURE_CONNECTION,
    },
    logger,
    // element names from the diagrams deployed through the app; what the app observes, for the instance and incident views
    definitionXml: definitionXmlFrom(database.db),
    observations: new ObservationRepository(database.db),
  });
  return engine;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
