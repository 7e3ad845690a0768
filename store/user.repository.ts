import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from './database';
import { departments, refreshTokens, users } from './schema';

export type UserRow = typeof users.$inferSelect;

/** A user with the name of their department (null when the department row is missing). */
export interface UserWithDepartment extends UserRow {
  departmentName: string | null;
}

/** All SQL about users and departments. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  /** The user of a login name (case-sensitive, as stored). */
  async findByUsername(username: string): Promise<UserWithDepartment | undefined> {
    return (await this.select(eq(users.username, username)))[0];
  }

  async findById(id: string): Promise<UserWithDepartment | undefined> {
    return (await this.select(eq(users.id, id)))[0];
  }

  /** Inserts a user; false when the id or username is taken (nothing is changed then). */
  async insert(user: typeof users.$inferInsert): Promise<boolean> {
    const inserted = await this.db.insert(users).values(user).onConflictDoNothing().returning({ id: users.id });
    return inserted.length === 1;
  }

  private select(where: ReturnType<typeof eq>) {
    return this.db
      .select({
        id: users.id,
        username: users.username,
        name: users.name,
        passwordHash: users.passwordHash,
        departmentId: users.departmentId,
        roles: users.roles,
        demoPassword: users.demoPassword,
        createdAt: users.createdAt,
        disabledAt: users.disabledAt,
        departmentName: departments.name,
      })
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(where)
      .limit(1);
  }
}

/** Issued refresh tokens, stored by the SHA-256 of the token (a database leak reveals no usable token). */
export class RefreshTokenRepository {
  constructor(private readonly db: Db) {}

  async insert(row: { id: string; userId: string; expiresAt: number }): Promise<void> {
    await this.db.insert(refreshTokens).values({ ...row, usedAt: null });
  }

  /**
   * Marks the token used if it is unused and unexpired, in one statement (two concurrent
   * refreshes with one token: exactly one wins). Returns its user, or undefined.
   */
  async consume(id: string, now: number): Promise<{ userId: string } | undefined> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, now)))
      .returning({ userId: refreshTokens.userId });
    return rows[0];
  }

  /** The row of a token whatever its state (to tell a replayed token from an unknown one). */
  async find(id: string): Promise<typeof refreshTokens.$inferSelect | undefined> {
    return (await this.db.select().from(refreshTokens).where(eq(refreshTokens.id, id)).limit(1))[0];
  }

  /** Uses up every open token of the user (after a replay: the whole token family is revoked). Returns how many. */
  async revokeAll(userId: string, now: number): Promise<number> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.usedAt)))
      .returning({ id: refreshTokens.id });
    return rows.length;
  }

  /** Open tokens of a user (tests, admin views). */
  async countOpen(userId: string, now: number): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, now)));
    return row?.n ?? 0;
  }
}
