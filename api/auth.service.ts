import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ROLES, groupsOf, type Principal, type Role } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';
import type { RefreshTokenRepository, UserRepository, UserWithDepartment } from '../store/user.repository';
import type { TokenService } from './tokens';

/** Argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes, 1 lane. */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password as an Argon2id PHC string (for seeding and creating users). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** A user as the API shows it (`GET /api/me`, login). */
export interface UserView {
  id: string;
  username: string;
  name: string;
  department: { id: string; name: string } | null;
  roles: Role[];
  groups: string[];
}

export interface Session {
  token: string;
  refreshToken: string;
  expiresIn: number;
}

/** Refused credentials or tokens; the route answers 401 without saying which part was wrong. */
export class AuthenticationFailed extends Error {
  override name = 'AuthenticationFailed';
}

export interface AuthServiceDeps {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  tokens: TokenService;
  audit: AuditRepository;
  refreshTtlSeconds: number;
  /** Production refuses users still on a published demo password. */
  production: boolean;
  /** Wall-clock time of token expiry (tokens live in real time, not on the engine's clock). */
  now?: () => number;
}

/**
 * Logging in and staying logged in: Argon2id passwords, short-lived access tokens (JWT) and
 * refresh tokens that can each be used once and are replaced on use. Presenting a used refresh
 * token again revokes every open token of that user (someone copied it).
 */
export class AuthService {
  private readonly now: () => number;
  /** Verified when the username is unknown, so a miss costs as long as a wrong password (made on first need). */
  private decoy: Promise<string> | undefined;

  constructor(private readonly deps: AuthServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Checks the password and opens a session. Throws `AuthenticationFailed`. */
  async login(username: string, password: string): Promise<Session & { user: UserView }> {
    const user = await this.deps.users.findByUsername(username);
    const hashed = user?.passwordHash.startsWith('$argon2') ? user.passwordHash : await (this.decoy ??= hashPassword(crypto.randomBytes(16).toString('hex')));
    const passwordOk = await verify(hashed, password).catch(() => false);
    if (!user || !passwordOk || user.disabledAt !== null) throw new AuthenticationFailed('wrong username or password');
    if (this.deps.production && user.demoPassword) throw new AuthenticationFailed('demo passwords are refused in production');
    const session = await this.openSession(user);
    await this.deps.audit.record({ actor: user.id, action: 'auth.login', resource: 'user', resourceId: user.id, after: { username: user.username } });
    return { ...session, user: toView(user) };
  }

  /** Exchanges a refresh token for a new pair; the old token is used up. Throws `AuthenticationFailed`. */
  async refresh(refreshToken: string): Promise<Session> {
    const id = digest(refreshToken);
    const consumed = await this.deps.refreshTokens.consume(id, this.now());
    if (!consumed) {
      const known = await this.deps.refreshTokens.find(id);
      if (known?.usedAt) {
        const revoked = await this.deps.refreshTokens.revokeAll(known.userId, this.now());
        await this.deps.audit.record({ actor: known.userId, action: 'auth.refresh-replayed', resource: 'user', resourceId: known.userId, after: { revokedTokens: revoked } });
      }
      throw new AuthenticationFailed('the refresh token is invalid, used or expired');
    }
    const user = await this.deps.users.findById(consumed.userId);
    if (!user || user.disabledAt !== null) throw new AuthenticationFailed('the user no longer exists or is disabled');
    const session = await this.openSession(user);
    await this.deps.audit.record({ actor: user.id, action: 'auth.refresh', resource: 'user', resourceId: user.id });
    return session;
  }

  /** The logged-in user as stored now (roles and department as the token carries them). */
  async me(principal: Principal): Promise<UserView> {
    const user = await this.deps.users.findById(principal.id);
    if (!user || user.disabledAt !== null) throw new AuthenticationFailed('the user no longer exists or is disabled');
    return toView(user);
  }

  private async openSession(user: UserWithDepartment): Promise<Session> {
    const roles = user.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    const token = this.deps.tokens.signAccess({ id: user.id, username: user.username, name: user.name, roles, departmentId: user.departmentId });
    const refreshToken = crypto.randomBytes(32).toString('base64url');
    await this.deps.refreshTokens.insert({ id: digest(refreshToken), userId: user.id, expiresAt: this.now() + this.deps.refreshTtlSeconds * 1000 });
    return { token, refreshToken, expiresIn: this.deps.tokens.accessTtlSeconds };
  }
}

function digest(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function toView(user: UserWithDepartment): UserView {
  const roles = user.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    department: user.departmentId ? { id: user.departmentId, name: user.departmentName ?? user.departmentId } : null,
    roles,
    groups: groupsOf(roles, user.departmentId),
  };
}
