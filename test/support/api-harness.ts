import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import type { ApiContext } from '../../api/context';
import { TokenService } from '../../api/tokens';
import { CalendarRepository } from '../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../calendar/working-days';
import { loadConfig } from '../../config';
import { ContactCipher } from '../../domain/contact-cipher';
import type { Role } from '../../domain/principal';
import { AuditRepository } from '../../store/audit.repository';
import { users } from '../../store/schema';
import { startTestEngine, type TestEngine } from './engine-harness';

/** A test user: who `tokenFor` signs a token for (the row is written to `users`). */
export interface TestUser {
  id?: string;
  username?: string;
  name?: string;
  roles: Role[];
  departmentId?: string | null;
}

export interface TestApi extends TestEngine {
  app: Express;
  ctx: ApiContext;
  /** Writes the user (if new) and returns a valid access token for it. */
  tokenFor(user: TestUser): Promise<string>;
}

/**
 * The real HTTP app on the real embedded engine and a fresh test database (PGlite, or the server
 * of TEST_DATABASE_URL), the clock pinned at 2026-11-27T01:00Z and controllable, HS256 tokens.
 * Drive it with supertest: `request(api.app).get('/api/me').set('Authorization', `Bearer ${token}`)`.
 */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const t = await startTestEngine();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-api-'));
  const config = loadConfig({ NODE_ENV: 'test', ENGINE_CLOCK: 'controlled', DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', ...env });
  const tokens = TokenService.fromConfig(config);
  const ctx: ApiContext = {
    config,
    database: t.database,
    engine: t.engine,
    engineKind: 'embedded',
    clock: t.clock,
    controlledClock: t.clock,
    calendar: await WorkingDayCalendar.load(new CalendarRepository(t.database.db)),
    tokens,
    audit: new AuditRepository(t.database.db, () => t.clock.now()),
    contacts: new ContactCipher(crypto.randomBytes(32)),
    logger: pino({ level: 'silent' }),
  };
  const app = createApp(ctx);
  const close = t.close;
  return {
    ...t,
    app,
    ctx,
    async tokenFor(user: TestUser) {
      const id = user.id ?? `user-${user.roles.join('-')}-${user.departmentId ?? 'none'}`;
      const principal = { id, username: user.username ?? id, name: user.name ?? id, roles: user.roles, departmentId: user.departmentId ?? null };
      await t.database.db
        .insert(users)
        .values({ id, username: principal.username, name: principal.name, passwordHash: 'not-a-login-user', departmentId: principal.departmentId, roles: user.roles, createdAt: t.clock.now() })
        .onConflictDoNothing();
      return tokens.signAccess(principal);
    },
    async close() {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
