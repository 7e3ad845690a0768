import { verify } from '@node-rs/argon2';
import { createFirstAdmin } from '../../demo/first-admin';
import type { Database } from '../../store/database';
import { users } from '../../store/schema';
import { openTestDatabase } from '../support/database';

describe('the first administrator', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  it('is created with the configured password only while there is no user at all', async () => {
    // when
    const first = await createFirstAdmin(database, 'a-long-admin-password', 0);
    const second = await createFirstAdmin(database, 'another-password-12', 0);

    // then one admin exists, not flagged as a demo password, holding the first password
    expect([first, second]).toEqual([true, false]);
    const rows = await database.db.select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: 'admin', roles: ['admin'], demoPassword: 0 });
    expect(await verify(rows[0]!.passwordHash, 'a-long-admin-password')).toBe(true);
  });
});
