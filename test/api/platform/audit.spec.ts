import { sql, type SQL } from 'drizzle-orm';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, rowCounts } from './support';

describe('the audit log', () => {
  let api: TestApi;
  let admin: string;
  let supervisor: string;
  let office: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.tokenFor({ id: 'u-admin', roles: ['admin'] });
    supervisor = await api.tokenFor({ id: 'u-supervisor', roles: ['supervisor'] });
    office = await api.tokenFor({ roles: ['general-office'] });
    // given three recorded mutations, an hour apart
    for (const [i, date] of ['2026-12-01', '2026-12-02', '2026-12-03'].entries()) {
      if (i > 0) api.clock.advance(3_600_000);
      await request(api.app).put(`/api/calendar/overrides/${date}`).set('Authorization', bearer(admin)).send({ kind: 'holiday', name: `假日${i + 1}` });
    }
  });
  afterAll(() => api.close());

  /** The database's reason for refusing a statement (drizzle wraps it as the cause). */
  async function refusal(statement: SQL): Promise<string> {
    try {
      await api.database.db.execute(statement);
      return 'accepted';
    } catch (error) {
      const e = error as Error & { cause?: Error };
      return e.cause?.message ?? e.message;
    }
  }

  const audit = (query: string, token = supervisor) => request(api.app).get(`/api/audit${query}`).set('Authorization', bearer(token));

  it('shows who did what when, with before and after, newest first', async () => {
    // when
    const res = await audit('');

    // then
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
    expect(res.body.items[0]).toEqual({
      id: expect.any(Number),
      at: '2026-11-27T03:00:00.000Z',
      actor: 'u-admin',
      action: 'calendar.override.put',
      resource: 'calendar-override',
      resourceId: '2026-12-03',
      before: null,
      after: { date: '2026-12-03', kind: 'holiday', name: '假日3' },
    });
  });

  it('filters by actor, action, resource, resource id and time, and pages', async () => {
    // when
    const byId = await audit('?resourceId=2026-12-02');
    const window = await audit(`?from=${encodeURIComponent('2026-11-27T01:30:00Z')}&to=${encodeURIComponent('2026-11-27T02:30:00+00:00')}`);
    const otherActor = await audit('?actor=u-nobody');
    const byAction = await audit('?action=calendar.override.put&resource=calendar-override');
    const page2 = await audit('?pageSize=2&page=2', admin);

    // then
    expect(byId.body.items.map((e: { resourceId: string }) => e.resourceId)).toEqual(['2026-12-02']);
    expect(window.body.items.map((e: { resourceId: string }) => e.resourceId)).toEqual(['2026-12-02']);
    expect(otherActor.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    expect(byAction.body.total).toBe(3);
    expect(page2.body.items.map((e: { resourceId: string }) => e.resourceId)).toEqual(['2026-12-01']);
    expect(page2.body.total).toBe(3);
  });

  it('is for admins and supervisors only', async () => {
    // when
    const res = await audit('', office);

    // then
    expect(res.status).toBe(403);
  });

  it('refuses invalid filters', async () => {
    // when
    const statuses = await Promise.all(['?from=yesterday', '?to=2026-02-30T00:00:00Z', '?page=0', '?pageSize=1000', '?sort=id'].map(async (q) => (await audit(q)).status));

    // then
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    // given
    const before = await rowCounts(api.database.db, ['audit_log']);

    // when / then
    expect(await refusal(sql`update audit_log set actor = 'someone-else'`)).toMatch(/audit_log is append-only/);
    expect(await refusal(sql`delete from audit_log`)).toMatch(/audit_log is append-only/);
    expect(await rowCounts(api.database.db, ['audit_log'])).toEqual(before);
    const first = (await audit('?pageSize=200')).body.items.map((e: { actor: string }) => e.actor);
    expect(first.every((actor: string) => actor === 'u-admin')).toBe(true);
  });
});
