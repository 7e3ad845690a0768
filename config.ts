import { z } from 'zod';

/**
 * The one reader of the environment. Every variable, its meaning and its default:
 *
 * | variable          | default        | meaning |
 * |-------------------|----------------|---------|
 * | `DATABASE_URL`    | (unset)        | `postgres://…` selects a PostgreSQL server; unset uses embedded PGlite |
 * | `DATA_DIR`        | `./data`       | folder of the embedded PGlite database (ignored with `DATABASE_URL`) |
 * | `PGLITE_VACUUM_S` | `300`          | PGlite only (it has no autovacuum): every this many seconds, vacuum / analyse the tables past autovacuum's thresholds; 0 = never |
 * | `PORT`            | `3000`         | HTTP port of the server |
 * | `HOST`            | `127.0.0.1`    | interface the server binds to |
 * | `LOG_LEVEL`       | `info`         | pino level: fatal, error, warn, info, debug, trace, silent |
 * | `ENGINE_CLOCK`    | `system`       | `system`, or `controlled` to let tests and demos pin / advance the engine clock |
 * | `ENGINE_BATCH_MAX`| `200`          | most engine commands committed in one database transaction (group commit) |
 * | `JOB_POLL_MS`     | `500`          | how often idle job workers look for retried or timed-out jobs |
 * | `NODE_ENV`        | `development`  | `production` hardens start-up checks |
 * | `TEST_DATABASE_URL` | (unset)      | tests only: a PostgreSQL server on which each suite creates and drops its own database; unset = PGlite in memory |
 * | `ENGINE`          | `embedded`     | `embedded` (ours, on the database) or `zeebe` (a Zeebe 8.5 cluster through @camunda8/sdk) |
 * | `ZEEBE_GRPC_ADDRESS` | (unset)     | Zeebe gateway `host:port`; required with `ENGINE=zeebe`; the contract tests run against it when reachable |
 * | `CAMUNDA_AUTH_STRATEGY` | `NONE`   | SDK authentication: `NONE`, `OAUTH` or `BASIC` (their credentials are the SDK's own variables, read by the SDK) |
 * | `CAMUNDA_SECURE_CONNECTION` | `false` | TLS to the Zeebe gateway |
 * | `USER_TASK_TIMEOUT_MS` | `86400000` | on Zeebe: how long the task bridge holds a user-task job before it is announced again |
 * | `SMTP_HOST`       | (unset)        | SMTP relay for the notify worker's e-mail channel; unset = e-mail off |
 * | `SMTP_PORT`       | `587`          | SMTP port |
 * | `SMTP_SECURE`     | `false`        | TLS from the first byte (port 465); otherwise STARTTLS when offered |
 * | `SMTP_USER` / `SMTP_PASSWORD` | (unset) | optional SMTP login |
 * | `NOTIFY_EMAIL_FROM` | (unset)      | sender, e.g. `"市政府办公室" <noreply@example.gov.cn>`; required with `SMTP_HOST` |
 * | `NOTIFY_WEBHOOKS` | (unset)        | SMS / WeChat gateways as `id=url,id=url`; unset = webhook channel off |
 * | `NOTIFY_WEBHOOK_SECRET` | (unset)  | shared HMAC-SHA256 secret of the webhook signature; required with `NOTIFY_WEBHOOKS` |
 * | `JWT_ALGORITHM`   | `HS256`        | `HS256` (shared secret) or `RS256` (key files) for access tokens |
 * | `JWT_SECRET`      | (generated)    | HS256 secret (≥ 32 characters); unset = a random one kept in `DATA_DIR/jwt-secret` (required in production) |
 * | `JWT_PRIVATE_KEY_FILE` / `JWT_PUBLIC_KEY_FILE` | (unset) | PEM files for RS256 |
 * | `JWT_ISSUER`      | `policy-flow`  | `iss` of issued tokens; tokens of another issuer are refused |
 * | `ACCESS_TOKEN_TTL_S` | `900`       | lifetime of an access token (seconds) |
 * | `REFRESH_TOKEN_TTL_S` | `604800`   | lifetime of a refresh token (seconds; each is usable once) |
 * | `CONTACT_KEY`     | (generated)    | base64 of 32 bytes: AES-256-GCM key of confidential contact data; unset = kept in `DATA_DIR/contact-key` (required in production) |
 * | `CORS_ORIGINS`    | (unset)        | comma-separated origins allowed by CORS; unset = no CORS headers |
 * | `BODY_LIMIT`      | `1mb`          | largest request body |
 * | `DEMO_DATA`       | `true`         | seed the demo organisation, users and documents into an empty database (refused with `NODE_ENV=production`) |
 * | `SIGN_OFF_ALGORITHM` | `ed25519`  | how sign-offs are signed: `ed25519` (SHA-256 of the text), or `sm2-sm3` (SM2 signature with SM3 digests, GB/T 32918/32905; key in `DATA_DIR/signing-key.sm2.json`) |
 * | `ADMIN_PASSWORD`  | (unset)        | with no user at all: create the user `admin` with this password (first administrator of a production or Zeebe install) |
 */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PGLITE_VACUUM_S: z.coerce.number().int().min(0).default(300),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ENGINE_CLOCK: z.enum(['system', 'controlled']).default('system'),
  ENGINE_BATCH_MAX: z.coerce.number().int().min(1).max(10000).default(200),
  JOB_POLL_MS: z.coerce.number().int().min(10).default(500),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  TEST_DATABASE_URL: z.string().url().optional(),
  ENGINE: z.enum(['embedded', 'zeebe']).default('embedded'),
  ZEEBE_GRPC_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port').optional(),
  CAMUNDA_AUTH_STRATEGY: z.enum(['NONE', 'OAUTH', 'BASIC']).default('NONE'),
  CAMUNDA_SECURE_CONNECTION: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  USER_TASK_TIMEOUT_MS: z.coerce.number().int().min(60_000).default(86_400_000),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  NOTIFY_EMAIL_FROM: z.string().min(3).optional(),
  NOTIFY_WEBHOOKS: z
    .string()
    .regex(/^[\w-]+=https?:\/\/[^,\s]+(,[\w-]+=https?:\/\/[^,\s]+)*$/, 'expected id=url,id=url')
    .optional()
    .transform((v) => (v ? Object.fromEntries(v.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])) : undefined)),
  NOTIFY_WEBHOOK_SECRET: z.string().min(16).optional(),
  SIGN_OFF_ALGORITHM: z.enum(['ed25519', 'sm2-sm3']).default('ed25519'),
  JWT_ALGORITHM: z.enum(['HS256', 'RS256']).default('HS256'),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).default('policy-flow'),
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_S: z.coerce.number().int().min(300).default(604_800),
  CONTACT_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'expected base64 of 32 bytes')
    .optional(),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((o) => o.trim()).filter(Boolean) : undefined)),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'expected e.g. 1mb').default('1mb'),
  DEMO_DATA: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  ADMIN_PASSWORD: z.string().min(12).optional(),
});

export type Config = z.infer<typeof schema>;

/** Parses and validates the environment once; throws with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema
    .refine((c) => c.ENGINE !== 'zeebe' || c.ZEEBE_GRPC_ADDRESS, { message: 'ENGINE=zeebe needs ZEEBE_GRPC_ADDRESS', path: ['ZEEBE_GRPC_ADDRESS'] })
    .refine((c) => !c.SMTP_HOST || c.NOTIFY_EMAIL_FROM, { message: 'SMTP_HOST needs NOTIFY_EMAIL_FROM', path: ['NOTIFY_EMAIL_FROM'] })
    .refine((c) => !c.NOTIFY_WEBHOOKS || c.NOTIFY_WEBHOOK_SECRET, { message: 'NOTIFY_WEBHOOKS needs NOTIFY_WEBHOOK_SECRET', path: ['NOTIFY_WEBHOOK_SECRET'] })
    .refine((c) => c.JWT_ALGORITHM !== 'RS256' || (c.JWT_PRIVATE_KEY_FILE && c.JWT_PUBLIC_KEY_FILE), { message: 'JWT_ALGORITHM=RS256 needs JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE', path: ['JWT_PRIVATE_KEY_FILE'] })
    .refine((c) => c.NODE_ENV !== 'production' || c.JWT_ALGORITHM === 'RS256' || c.JWT_SECRET, { message: 'production needs JWT_SECRET (or RS256 key files)', path: ['JWT_SECRET'] })
    .refine((c) => c.NODE_ENV !== 'production' || c.CONTACT_KEY, { message: 'production needs CONTACT_KEY', path: ['CONTACT_KEY'] })
    .safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}
