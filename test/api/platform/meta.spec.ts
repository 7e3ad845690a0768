import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { createApp } from '../../../api/app';
import { metricsHandler } from '../../../api/metrics';
import { describeRoute } from '../../../api/openapi';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, fixture } from './support';

/** Every route of the platform area, as `METHOD /path` in OpenAPI form. */
const PLATFORM_ROUTES = [
  'post /api/auth/login',
  'post /api/auth/refresh',
  'get /api/me',
  'get /api/openapi.json',
  'get /api/definitions',
  'post /api/definitions',
  'post /api/definitions/lint',
  'get /api/definitions/{processId}',
  'get /api/definitions/{processId}/versions/{version}/xml',
  'get /api/forms',
  'get /api/forms/{id}',
  'put /api/forms/{id}',
  'get /api/element-templates',
  'post /api/instances',
  'get /api/instances',
  'get /api/instances/{key}',
  'post /api/instances/{key}/cancel',
  'post /api/messages',
  'get /api/incidents',
  'post /api/incidents/{key}/resolve',
  'get /api/calendar/working-days',
  'get /api/calendar/year/{year}',
  'get /api/calendar/overrides',
  'put /api/calendar/overrides/{date}',
  'delete /api/calendar/overrides/{date}',
  'get /api/audit',
  'post /api/admin/clock',
];

describe('OpenAPI, metrics and the engine clock', () => {
  let api: TestApi;
  let admin: string;
  let office: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.tokenFor({ id: 'u-admin', roles: ['admin'] });
    office = await api.tokenFor({ roles: ['general-office'] });
  });
  afterAll(() => api.close());

  it('describes every platform route from its zod schemas, publicly', async () => {
    // when
    const res = await request(api.app).get('/api/openapi.json');

    // then
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(operations).toEqual(expect.arrayContaining(PLATFORM_ROUTES));
    const start = res.body.paths['/api/instances'].post;
    expect(start.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['bpmnProcessId'] });
    expect(start.responses['201']).toBeDefined();
    const workingDays = res.body.paths['/api/calendar/working-days'].get.parameters;
    expect(workingDays).toEqual([
      { name: 'from', in: 'query', required: true, schema: expect.objectContaining({ type: 'string', pattern: expect.any(String) }) },
      { name: 'days', in: 'query', required: true, schema: expect.objectContaining({ type: 'integer', minimum: 0 }) },
    ]);
    expect(res.body.paths['/api/auth/login'].post.security).toEqual([]);
    expect(res.body.paths['/api/forms/{id}'].put.description).toBe('Roles: admin');
  });

  it('lets other areas add their routes with describeRoute', async () => {
    // given
    describeRoute({ method: 'get', path: '/api/tasks/:id', summary: 'One task', tags: ['tasks'], params: z.object({ id: z.string().regex(/^\d+$/) }) });

    // when
    const res = await request(api.app).get('/api/openapi.json');

    // then
    expect(res.body.paths['/api/tasks/{id}'].get).toMatchObject({ summary: 'One task', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d+$' } }] });
  });

  it('exposes request durations by route pattern and engine events for Prometheus', async () => {
    // given an app serving /metrics the way app.ts should mount it, and some traffic
    const outer = express();
    outer.get('/metrics', metricsHandler(api.ctx));
    outer.use(api.app);
    await api.engine.deployResources([{ name: 'one-task.bpmn', content: fixture('one-task.bpmn') }]);
    await request(outer).get('/api/definitions/one-task').set('Authorization', bearer(office));
    await request(outer).get('/api/definitions/nothing-here').set('Authorization', bearer(office));
    await request(outer).post('/api/instances').set('Authorization', bearer(office)).send({ bpmnProcessId: 'one-task' });
    await api.waitFor('job.created');

    // when
    const res = await request(outer).get('/metrics');

    // then
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/definitions\/:processId",status="200"\} 1/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/definitions\/:processId",status="404"\} 1/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/instances",status="201"\} 1/);
    expect(res.text).toMatch(/engine_events_total\{type="processInstance.created"\} 1/);
    expect(res.text).toMatch(/engine_events_total\{type="job.created"\} 1/);
  });

  it('pins and advances the controlled engine clock (admin, audited), forward only', async () => {
    // when
    const pinned = await request(api.app).post('/api/admin/clock').set('Authorization', bearer(admin)).send({ pin: '2026-12-01T00:00:00+08:00' });
    const advanced = await request(api.app).post('/api/admin/clock').set('Authorization', bearer(admin)).send({ advanceMs: 3_600_000 });
    const backwards = await request(api.app).post('/api/admin/clock').set('Authorization', bearer(admin)).send({ pin: '2026-01-01T00:00:00Z' });
    const empty = await request(api.app).post('/api/admin/clock').set('Authorization', bearer(admin)).send({});
    const byOffice = await request(api.app).post('/api/admin/clock').set('Authorization', bearer(office)).send({ advanceMs: 1 });

    // then
    expect(pinned.body).toEqual({ now: '2026-11-30T16:00:00.000Z' });
    expect(advanced.body).toEqual({ now: '2026-11-30T17:00:00.000Z' });
    expect(api.clock.now()).toBe(Date.parse('2026-11-30T17:00:00.000Z'));
    expect([backwards.status, empty.status, byOffice.status]).toEqual([400, 400, 403]);
    const entries = (await api.ctx.audit.list({ resource: 'engine-clock', limit: 5 })) as { action: string; before: { now: string }; after: { now: string } }[];
    expect(entries.map((e) => [e.before.now, e.after.now])).toEqual([
      ['2026-11-30T16:00:00.000Z', '2026-11-30T17:00:00.000Z'],
      ['2026-11-27T01:00:00.000Z', '2026-11-30T16:00:00.000Z'],
    ]);
  });

  it('has no clock route without the controlled clock: 404 with or without a token', async () => {
    // given the same context on the system clock
    const app = createApp({ ...api.ctx, controlledClock: undefined });

    // when
    const withToken = await request(app).post('/api/admin/clock').set('Authorization', bearer(admin)).send({ advanceMs: 1 });
    const without = await request(app).post('/api/admin/clock').send({ advanceMs: 1 });

    // then
    expect(withToken.status).toBe(404);
    expect(without.status).toBe(404);
  });
});
