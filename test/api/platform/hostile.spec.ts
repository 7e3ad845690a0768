import request from 'supertest';
import { seedForms } from '../../../api/forms.service';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, fixture, rowCounts, shippedProcess } from './support';

/** Every table a platform route writes to. */
const TABLES = ['users', 'refresh_tokens', 'audit_log', 'deployments', 'process_definitions', 'process_instances', 'jobs', 'messages', 'incidents', 'forms', 'calendar_overrides'];

const INJECTIONS = [
  "' OR '1'='1",
  "admin'--",
  "1; DROP TABLE users; --",
  "x'); DELETE FROM audit_log; --",
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '\u0000\u202e',
];

type Call = { what: string; send: (token: string) => request.Test };

describe('hostile input', () => {
  let api: TestApi;
  let admin: string;
  let instanceKey: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.tokenFor({ id: 'u-admin', roles: ['admin'] });
    await seedForms(api.database.db, { now: api.clock.now() });
    await api.engine.deployResources([{ name: 'message-catch.bpmn', content: fixture('message-catch.bpmn') }]);
    instanceKey = (await api.engine.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 'A-1' } })).processInstanceKey;
  });
  afterAll(() => api.close());

  const post = (url: string, body: unknown) => (token: string) => request(api.app).post(url).set('Authorization', bearer(token)).send(body as object);
  const put = (url: string, body: unknown) => (token: string) => request(api.app).put(url).set('Authorization', bearer(token)).send(body as object);
  const get = (url: string) => (token: string) => request(api.app).get(url).set('Authorization', bearer(token));
  const raw = (method: 'post' | 'put', url: string, text: string, type = 'application/json') => (token: string) =>
    request(api.app)[method](url).set('Authorization', bearer(token)).set('Content-Type', type).send(text);

  /** Runs every call and checks it was a clean 4xx in the one error shape, changing nothing. */
  async function expectRefusedWithoutChange(calls: Call[], expected: (what: string) => number | number[]) {
    const before = await rowCounts(api.database.db, TABLES);
    for (const call of calls) {
      const res = await call.send(admin);
      const allowed = ([] as number[]).concat(expected(call.what));
      expect({ what: call.what, status: allowed.includes(res.status) ? 'as expected' : res.status }).toEqual({ what: call.what, status: 'as expected' });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
      expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    }
    expect(await rowCounts(api.database.db, TABLES)).toEqual(before);
  }

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const bodies = ['{"username":', '{bad json}', "{'single': 'quotes'}", '[1,2,', 'null garbage', '{"a":1}}'];
    const urls: ['post' | 'put', string][] = [
      ['post', '/api/auth/login'],
      ['post', '/api/auth/refresh'],
      ['post', '/api/definitions'],
      ['post', '/api/definitions/lint'],
      ['post', '/api/instances'],
      ['post', '/api/messages'],
      ['put', '/api/forms/hearing'],
      ['put', '/api/calendar/overrides/2026-12-01'],
      ['post', '/api/admin/clock'],
    ];
    const calls = urls.flatMap(([method, url]) => bodies.map((body) => ({ what: `${method} ${url} ${body}`, send: raw(method, url, body) })));
    await expectRefusedWithoutChange(calls, () => 400);
  });

  it('answers bodies over the limit with 413 TOO_LARGE', async () => {
    const huge = 'x'.repeat(1_100_000);
    const calls: Call[] = [
      { what: 'deploy', send: post('/api/definitions', { name: 'big.bpmn', xml: huge }) },
      { what: 'login', send: (t) => request(api.app).post('/api/auth/login').set('Authorization', bearer(t)).send({ username: huge, password: 'x' }) },
      { what: 'form', send: put('/api/forms/hearing', { id: 'hearing', components: [{ type: 'text', text: huge }] }) },
      { what: 'variables', send: post('/api/instances', { bpmnProcessId: 'message-catch', variables: { blob: huge } }) },
      { what: 'xml body', send: raw('post', '/api/definitions', `<a>${huge}</a>`, 'application/xml') },
    ];
    await expectRefusedWithoutChange(calls, () => 413);
    const res = await post('/api/definitions', { name: 'big.bpmn', xml: huge })(admin);
    expect(res.body.error.code).toBe('TOO_LARGE');
  });

  it('refuses XXE and billion-laughs diagrams before parsing them', async () => {
    // given
    const xxe = fixture('doctype-xxe.bpmn', 'deploy');
    const bomb = fixture('entity-bomb.bpmn', 'deploy');

    // when / then: deployments are 422 LINT_FAILED with XML_DOCTYPE, nothing deployed
    await expectRefusedWithoutChange(
      [
        { what: 'xxe', send: post('/api/definitions', { name: 'xxe.bpmn', xml: xxe }) },
        { what: 'bomb', send: post('/api/definitions', { name: 'bomb.bpmn', xml: bomb }) },
        { what: 'bomb as dmn', send: post('/api/definitions', { name: 'bomb.dmn', xml: bomb }) },
      ],
      () => 422,
    );
    for (const xml of [xxe, bomb]) {
      const deploy = await post('/api/definitions', { name: 'x.bpmn', xml })(admin);
      const lint = await post('/api/definitions/lint', { xml })(admin);
      expect(deploy.body.error.code).toBe('LINT_FAILED');
      expect(deploy.body.error.details).toEqual([{ elementId: null, message: expect.stringContaining('<!DOCTYPE> declarations are refused'), rule: 'XML_DOCTYPE' }]);
      expect(lint.body.problems.map((p: { rule: string }) => p.rule)).toEqual(['XML_DOCTYPE']);
      expect(JSON.stringify(deploy.body) + JSON.stringify(lint.body)).not.toMatch(/root:|lollol/);
    }
  });

  it('refuses injection strings where a field has a format, and finds nothing with them in filters', async () => {
    // when / then: formatted fields refuse them
    const formatted: Call[] = INJECTIONS.flatMap((evil, i) => [
      { what: `definition name ${i}`, send: post('/api/definitions', { name: `${evil}.bpmn`, xml: shippedProcess('research-deliberation') }) },
      { what: `process id ${i}`, send: post('/api/instances', { bpmnProcessId: evil, variables: {} }) },
      { what: `process id filter ${i}`, send: get(`/api/instances?bpmnProcessId=${encodeURIComponent(evil)}`) },
      { what: `definition path ${i}`, send: get(`/api/definitions/${encodeURIComponent(evil)}`) },
      { what: `form path ${i}`, send: put(`/api/forms/${encodeURIComponent(evil)}`, { id: evil, components: [] }) },
      { what: `instance key ${i}`, send: get(`/api/instances/${encodeURIComponent(evil)}`) },
      { what: `incident key ${i}`, send: post(`/api/incidents/${encodeURIComponent(evil)}/resolve`, {}) },
      { what: `override date ${i}`, send: put(`/api/calendar/overrides/${encodeURIComponent(evil)}`, { kind: 'holiday', name: 'x' }) },
      { what: `override kind ${i}`, send: put('/api/calendar/overrides/2026-12-01', { kind: evil, name: 'x' }) },
      { what: `login ${i}`, send: (t) => request(api.app).post('/api/auth/login').set('Authorization', bearer(t)).send({ username: evil, password: evil }) },
      { what: `refresh ${i}`, send: (t) => request(api.app).post('/api/auth/refresh').set('Authorization', bearer(t)).send({ refreshToken: evil }) },
      { what: `audit date ${i}`, send: get(`/api/audit?from=${encodeURIComponent(evil)}`) },
    ]);
    await expectRefusedWithoutChange(formatted, (what) => (what.startsWith('login') || what.startsWith('refresh') ? [400, 401] : what.startsWith('definition path') || what.startsWith('form path') || what.startsWith('override date') ? [400, 404] : 400));

    // and free-text filters are parameters, never SQL
    for (const evil of INJECTIONS.slice(0, 4)) {
      const res = await get(`/api/audit?actor=${encodeURIComponent(evil)}&resource=${encodeURIComponent(evil)}`)(admin);
      expect(res.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    }
  });

  it('keeps injection strings in free-text fields as inert text', async () => {
    // given
    const users = (await rowCounts(api.database.db, ['users'])).users;

    // when stored as an override name, a form label and instance variables
    for (const [i, evil] of INJECTIONS.slice(0, 6).entries()) {
      const date = `2027-03-${String(i + 10).padStart(2, '0')}`;
      const saved = await put(`/api/calendar/overrides/${date}`, { kind: 'holiday', name: evil })(admin);
      expect(saved.body.name).toBe(evil.trim());
    }
    const form = await put('/api/forms/evil-form', { id: 'evil-form', components: [{ type: 'textfield', key: 'note', label: INJECTIONS[4] }] })(admin);
    const started = await post('/api/instances', { bpmnProcessId: 'message-catch', variables: { orderId: INJECTIONS[0], note: INJECTIONS[5] } })(admin);

    // then they come back byte for byte as JSON data, and nothing else was touched
    const overrides = await get('/api/calendar/overrides')(admin);
    expect(overrides.headers['content-type']).toMatch(/^application\/json/);
    expect(overrides.headers['x-content-type-options']).toBe('nosniff');
    expect(overrides.body.map((o: { name: string }) => o.name)).toEqual(INJECTIONS.slice(0, 6));
    expect(form.status).toBe(200);
    expect((await get('/api/forms/evil-form')(admin)).body.components[0].label).toBe(INJECTIONS[4]);
    expect((await get(`/api/instances/${started.body.processInstanceKey}`)(admin)).body.variables).toEqual({ orderId: INJECTIONS[0], note: INJECTIONS[5] });
    expect((await rowCounts(api.database.db, ['users'])).users).toBe(users);
  });

  it('refuses text the database cannot store (NUL, lone surrogates) with 400, not 500', async () => {
    const calls: Call[] = [
      { what: 'login', send: (t) => request(api.app).post('/api/auth/login').set('Authorization', bearer(t)).send({ username: 'li\u0000', password: 'x' }) },
      { what: 'override name', send: put('/api/calendar/overrides/2026-12-01', { kind: 'holiday', name: 'a\u0000b' }) },
      { what: 'override surrogate', send: put('/api/calendar/overrides/2026-12-01', { kind: 'holiday', name: 'a\ud800b' }) },
      { what: 'form label', send: put('/api/forms/hearing', { id: 'hearing', components: [{ type: 'text', text: '\u0000' }] }) },
      { what: 'variable key', send: post('/api/instances', { bpmnProcessId: 'message-catch', variables: { 'a\u0000': 1 } }) },
      { what: 'variable surrogate', send: post('/api/instances', { bpmnProcessId: 'message-catch', variables: { orderId: '\udc00' } }) },
      { what: 'message', send: post('/api/messages', { name: 'payment-received', correlationKey: 'A-1\u0000' }) },
      { what: 'query', send: get('/api/audit?actor=%00') },
      { what: 'path', send: get('/api/forms/hearing%00') },
    ];
    await expectRefusedWithoutChange(calls, () => 400);
  });

  it('refuses invalid dates and out-of-range numbers', async () => {
    const calls: Call[] = [
      { what: 'feb 30', send: get('/api/calendar/working-days?from=2026-02-30&days=1') },
      { what: 'month 13', send: get('/api/calendar/working-days?from=2026-13-01&days=1') },
      { what: 'date time', send: get('/api/calendar/working-days?from=2026-11-27T10:00:00Z&days=1') },
      { what: 'days text', send: get('/api/calendar/working-days?from=2026-11-27&days=abc') },
      { what: 'days fraction', send: get('/api/calendar/working-days?from=2026-11-27&days=1.5') },
      { what: 'days huge', send: get('/api/calendar/working-days?from=2026-11-27&days=1e9') },
      { what: 'days twice', send: get('/api/calendar/working-days?from=2026-11-27&days=1&days=2') },
      { what: 'year', send: get('/api/calendar/year/20260') },
      { what: 'override date', send: put('/api/calendar/overrides/2026-02-29', { kind: 'holiday', name: 'x' }) },
      { what: 'audit to', send: get('/api/audit?to=2026-11-31T00:00:00Z') },
      { what: 'clock pin', send: post('/api/admin/clock', { pin: 'next tuesday' }) },
      { what: 'clock pin no zone', send: post('/api/admin/clock', { pin: '2026-12-01T00:00:00' }) },
      { what: 'clock negative', send: post('/api/admin/clock', { advanceMs: -1 }) },
      { what: 'clock huge', send: post('/api/admin/clock', { advanceMs: 1e300 }) },
      { what: 'page', send: get('/api/instances?page=-1') },
      { what: 'ttl', send: post('/api/messages', { name: 'm', correlationKey: 'k', timeToLive: -5 }) },
      { what: 'version', send: get('/api/definitions/message-catch/versions/0/xml') },
    ];
    await expectRefusedWithoutChange(calls, () => 400);
  });

  it('refuses unknown fields and wrong types everywhere', async () => {
    const calls: Call[] = [
      { what: 'login', send: (t) => request(api.app).post('/api/auth/login').set('Authorization', bearer(t)).send({ username: 'a', password: 'b', admin: true }) },
      { what: 'refresh', send: post('/api/auth/refresh', { refreshToken: 'x', userId: 'u-admin' }) },
      { what: 'deploy', send: post('/api/definitions', { name: 'a.bpmn', xml: '<x/>', force: true }) },
      { what: 'lint', send: post('/api/definitions/lint', { xml: '<x/>', rules: [] }) },
      { what: 'start', send: post('/api/instances', { bpmnProcessId: 'message-catch', variables: {}, tenantId: 't' }) },
      { what: 'start variables', send: post('/api/instances', { bpmnProcessId: 'message-catch', variables: 'orderId=1' }) },
      { what: 'start proto', send: raw('post', '/api/instances', '{"bpmnProcessId":"message-catch","__proto__":{"admin":true}}') },
      { what: 'message', send: post('/api/messages', { name: 'm', correlationKey: 'k', priority: 1 }) },
      { what: 'message key type', send: post('/api/messages', { name: 'm', correlationKey: 42 }) },
      { what: 'override', send: put('/api/calendar/overrides/2026-12-01', { kind: 'holiday', name: 'x', createdBy: 'someone' }) },
      { what: 'clock', send: post('/api/admin/clock', { advanceMs: 1, reset: true }) },
      { what: 'instances query', send: get('/api/instances?sort=key') },
      { what: 'incidents query', send: get('/api/incidents?state=ACTIVE&x=1') },
      { what: 'cancel instance', send: post(`/api/instances/${'9'.repeat(25)}/cancel`, {}) },
      { what: 'array body', send: post('/api/instances', [{ bpmnProcessId: 'message-catch' }]) },
      { what: 'form not form-js', send: put('/api/forms/hearing', { id: 'hearing', components: 'none' }) },
    ];
    await expectRefusedWithoutChange(calls, () => 400);
    expect(instanceKey).toMatch(/^\d+$/);
  });
});
