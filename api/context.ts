import type { Logger } from 'pino';
import type { Config } from '../config';
import type { WorkingDayCalendar } from '../calendar/working-days';
import type { Clock, ControlledClock } from '../engine/clock';
import type { Engine } from '../engine/port';
import type { ContactCipher } from '../domain/contact-cipher';
import type { AuditRepository } from '../store/audit.repository';
import type { Database } from '../store/database';
import type { TokenService } from './tokens';

/** Everything the routes and services are built from; made once at start-up (main.ts) or by a test. */
export interface ApiContext {
  config: Config;
  database: Database;
  engine: Engine;
  engineKind: 'embedded' | 'zeebe';
  /** The engine's clock: due dates and overdue are judged on it. */
  clock: Clock;
  /** Present only with ENGINE_CLOCK=controlled (tests, demos): enables POST /api/admin/clock. */
  controlledClock?: ControlledClock;
  calendar: WorkingDayCalendar;
  tokens: TokenService;
  audit: AuditRepository;
  contacts: ContactCipher;
  logger: Logger;
  /** The built web UI (default ui/dist); tests point elsewhere or at nothing. */
  uiDir?: string;
}
