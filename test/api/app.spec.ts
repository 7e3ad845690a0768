import request from 'supertest';
import { startTestApi, type TestApi } from '../support/api-harness';

describe('the HTTP application', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers health checks without a token', async () => {
    // when
    const res = await request(api.app).get('/healthz');

    // then
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', engine: 'embedded', database: api.database.kind });
  });

  it('answers unknown routes and malformed JSON with the one error shape, never a stack', async () => {
    // when
    const unknown = await request(api.app).get('/api/no-such-thing');
    const malformed = await request(api.app).post('/api/no-such-thing').set('Content-Type', 'application/json').send('{"a":');

    // then
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });
});
