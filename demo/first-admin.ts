import { hash } from '@node-rs/argon2';
import type { Database } from '../store/database';
import { UserRepository } from '../store/user.repository';
import { needsDemo } from './index';

/**
 * The first administrator of an install without the demo (production, or Zeebe): with an empty
 * users table and ADMIN_PASSWORD set, creates the user `admin` with that password. Returns
 * whether it did.
 */
export async function createFirstAdmin(database: Database, password: string, now: number): Promise<boolean> {
  if (!(await needsDemo(database))) return false;
  return new UserRepository(database.db).insert({
    id: 'user-admin',
    username: 'admin',
    name: '流程管理员',
    passwordHash: await hash(password),
    departmentId: null,
    roles: ['admin'],
    demoPassword: 0,
    createdAt: now,
  });
}
