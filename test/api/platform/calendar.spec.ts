import request from 'supertest';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, rowCounts } from './support';

describe('the working-day calendar', () => {
  let api: TestApi;
  let admin: string;
  let evaluator: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.tokenFor({ id: 'u-admin', roles: ['admin'] });
    evaluator = await api.tokenFor({ roles: ['evaluator'], departmentId: 'evaluator-acme' });
  });
  afterAll(() => api.close());

  it('computes due dates in working days for any logged-in user, skipping National Day', async () => {
    // when
    const res = await request(api.app).get('/api/calendar/working-days?from=2026-09-28&days=5').set('Authorization', bearer(evaluator));

    // then (29, 30 Sept, 8, 9 Oct and the make-up Saturday 10 Oct)
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: '2026-09-28', days: 5, dueDate: '2026-10-10' });
  });

  it('shows a year with the source of each day', async () => {
    // when
    const res = await request(api.app).get('/api/calendar/year/2026').set('Authorization', bearer(evaluator));
    const day = (date: string) => res.body.days.find((d: { date: string }) => d.date === date);

    // then
    expect(res.body.year).toBe(2026);
    expect(res.body.days).toHaveLength(365);
    expect(day('2026-10-01')).toEqual({ date: '2026-10-01', workday: false, name: '国庆节', source: 'package' });
    expect(day('2026-10-10')).toEqual({ date: '2026-10-10', workday: true, name: '国庆节调休上班', source: 'package' });
    expect(day('2026-11-28')).toEqual({ date: '2026-11-28', workday: false, source: 'weekend' });
    expect(day('2026-11-27')).toEqual({ date: '2026-11-27', workday: true, source: 'weekday' });
  });

  it('lets an admin put, replace and delete overrides, each audited, and due dates follow', async () => {
    // when a Monday becomes a holiday, then is renamed, then removed
    const put = await request(api.app).put('/api/calendar/overrides/2026-11-30').set('Authorization', bearer(admin)).send({ kind: 'holiday', name: '临时休假' });
    const due = await request(api.app).get('/api/calendar/working-days?from=2026-11-27&days=1').set('Authorization', bearer(evaluator));
    const replaced = await request(api.app).put('/api/calendar/overrides/2026-11-30').set('Authorization', bearer(admin)).send({ kind: 'holiday', name: '市庆' });
    const list = await request(api.app).get('/api/calendar/overrides').set('Authorization', bearer(evaluator));
    const year = await request(api.app).get('/api/calendar/year/2026').set('Authorization', bearer(evaluator));
    const removed = await request(api.app).delete('/api/calendar/overrides/2026-11-30').set('Authorization', bearer(admin));
    const dueAfter = await request(api.app).get('/api/calendar/working-days?from=2026-11-27&days=1').set('Authorization', bearer(evaluator));
    const removedAgain = await request(api.app).delete('/api/calendar/overrides/2026-11-30').set('Authorization', bearer(admin));

    // then
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ date: '2026-11-30', kind: 'holiday', name: '临时休假' });
    expect(due.body.dueDate).toBe('2026-12-01');
    expect(replaced.body.name).toBe('市庆');
    expect(list.body).toEqual([{ date: '2026-11-30', kind: 'holiday', name: '市庆' }]);
    expect(year.body.days.find((d: { date: string }) => d.date === '2026-11-30')).toEqual({ date: '2026-11-30', workday: false, name: '市庆', source: 'override' });
    expect(removed.status).toBe(204);
    expect(dueAfter.body.dueDate).toBe('2026-11-30');
    expect(removedAgain.status).toBe(404);
    const entries = (await api.ctx.audit.list({ resource: 'calendar-override', resourceId: '2026-11-30', limit: 10 })) as { action: string; before: unknown; after: unknown }[];
    expect(entries.reverse()).toEqual([
      expect.objectContaining({ action: 'calendar.override.put', before: null, after: { date: '2026-11-30', kind: 'holiday', name: '临时休假' } }),
      expect.objectContaining({ action: 'calendar.override.put', before: { date: '2026-11-30', kind: 'holiday', name: '临时休假' }, after: { date: '2026-11-30', kind: 'holiday', name: '市庆' } }),
      expect.objectContaining({ action: 'calendar.override.delete', before: { date: '2026-11-30', kind: 'holiday', name: '市庆' }, after: null }),
    ]);
  });

  it('refuses invalid dates, periods and years with 400 and non-admin edits with 403, changing nothing', async () => {
    // given
    const before = await rowCounts(api.database.db, ['calendar_overrides', 'audit_log']);
    const get = (url: string) => request(api.app).get(url).set('Authorization', bearer(evaluator));

    // when
    const statuses = [
      (await get('/api/calendar/working-days?from=2026-02-30&days=1')).status,
      (await get('/api/calendar/working-days?from=2026-13-01&days=1')).status,
      (await get('/api/calendar/working-days?from=tomorrow&days=1')).status,
      (await get('/api/calendar/working-days?from=2026-11-27&days=-1')).status,
      (await get('/api/calendar/working-days?from=2026-11-27&days=99999')).status,
      (await get('/api/calendar/working-days?from=2026-11-27')).status,
      (await get('/api/calendar/year/1800')).status,
      (await request(api.app).put('/api/calendar/overrides/2026-02-30').set('Authorization', bearer(admin)).send({ kind: 'holiday', name: 'x' })).status,
      (await request(api.app).put('/api/calendar/overrides/2026-12-01').set('Authorization', bearer(admin)).send({ kind: 'vacation', name: 'x' })).status,
      (await request(api.app).put('/api/calendar/overrides/2026-12-01').set('Authorization', bearer(admin)).send({ kind: 'holiday', name: '   ' })).status,
    ];
    const forbidden = await request(api.app).put('/api/calendar/overrides/2026-12-01').set('Authorization', bearer(evaluator)).send({ kind: 'holiday', name: 'x' });

    // then
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(forbidden.status).toBe(403);
    expect(await rowCounts(api.database.db, ['calendar_overrides', 'audit_log'])).toEqual(before);
  });
});
