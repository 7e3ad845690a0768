import request from 'supertest';
import { seedForms } from '../../../api/forms.service';
import type { Role } from '../../../domain/principal';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { ALL_ROLES, bearer, fixture, shippedProcess, tokensByRole } from './support';

interface Row {
  route: string;
  /** The request; `token` is undefined for the anonymous column. */
  send: (token: string | undefined) => request.Test;
  /** Status for the roles allowed; every other role gets 403, no token 401. */
  allowed: readonly Role[] | 'all';
  status: number;
}

const EVERYONE = 'all' as const;
const OPERATORS: Role[] = ['admin', 'supervisor', 'general-office'];
const INSTANCE_READERS: Role[] = ['admin', 'supervisor', 'general-office', 'drafting-dept'];

describe('role × route matrix of the platform routes', () => {
  let api: TestApi;
  let tokens: Record<Role, string>;
  let instanceKey: string;
  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensByRole(api);
    await seedForms(api.database.db, { now: api.clock.now() });
    await api.engine.deployResources([
      { name: 'one-task.bpmn', content: fixture('one-task.bpmn') },
      { name: 'research-deliberation.bpmn', content: shippedProcess('research-deliberation') },
      { name: 'third-party-evaluation.bpmn', content: shippedProcess('third-party-evaluation') },
    ]);
    // an instance of the drafting department of the matrix's drafting-dept user (dept-commerce)
    instanceKey = (await api.engine.createProcessInstance({ bpmnProcessId: 'research-deliberation', variables: { draftingDept: 'dept-commerce' } })).processInstanceKey;
  });
  afterAll(() => api.close());

  const call = (method: 'get' | 'post' | 'put' | 'delete', url: string, body?: object) => (token: string | undefined) => {
    const req = request(api.app)[method](url);
    if (token) req.set('Authorization', bearer(token));
    return body ? req.send(body) : req;
  };

  const rows = (): Row[] => [
    { route: 'GET /api/me', send: call('get', '/api/me'), allowed: EVERYONE, status: 200 },
    { route: 'GET /api/definitions', send: call('get', '/api/definitions'), allowed: EVERYONE, status: 200 },
    { route: 'GET /api/definitions/:id', send: call('get', '/api/definitions/one-task'), allowed: EVERYONE, status: 200 },
    { route: 'GET /api/definitions/:id/versions/:v/xml', send: call('get', '/api/definitions/one-task/versions/1/xml'), allowed: EVERYONE, status: 200 },
    { route: 'POST /api/definitions', send: call('post', '/api/definitions', { name: 'one-task.bpmn', xml: fixture('one-task.bpmn') }), allowed: ['admin'], status: 201 },
    { route: 'POST /api/definitions/lint', send: call('post', '/api/definitions/lint', { xml: fixture('one-task.bpmn') }), allowed: ['admin'], status: 200 },
    { route: 'GET /api/forms', send: call('get', '/api/forms'), allowed: EVERYONE, status: 200 },
    { route: 'GET /api/forms/:id', send: call('get', '/api/forms/hearing'), allowed: EVERYONE, status: 200 },
    { route: 'PUT /api/forms/:id', send: call('put', '/api/forms/matrix-form', { id: 'matrix-form', components: [{ type: 'textfield', key: 'a' }] }), allowed: ['admin'], status: 200 },
    { route: 'GET /api/element-templates', send: call('get', '/api/element-templates'), allowed: EVERYONE, status: 200 },
    { route: 'POST /api/instances (regime 1)', send: call('post', '/api/instances', { bpmnProcessId: 'research-deliberation', variables: {} }), allowed: ['admin', 'general-office', 'drafting-dept'], status: 201 },
    { route: 'POST /api/instances (regime 3)', send: call('post', '/api/instances', { bpmnProcessId: 'third-party-evaluation', variables: {} }), allowed: ['admin', 'general-office'], status: 201 },
    { route: 'GET /api/instances', send: call('get', '/api/instances'), allowed: INSTANCE_READERS, status: 200 },
    { route: 'GET /api/instances/:key', send: (t) => call('get', `/api/instances/${instanceKey}`)(t), allowed: INSTANCE_READERS, status: 200 },
    { route: 'POST /api/instances/:key/cancel', send: call('post', '/api/instances/999999/cancel'), allowed: ['admin', 'general-office'], status: 404 },
    { route: 'POST /api/messages', send: call('post', '/api/messages', { name: 'nobody-waits', correlationKey: 'k' }), allowed: ['admin', 'general-office'], status: 201 },
    { route: 'GET /api/incidents', send: call('get', '/api/incidents'), allowed: OPERATORS, status: 200 },
    { route: 'POST /api/incidents/:key/resolve', send: call('post', '/api/incidents/999999/resolve'), allowed: OPERATORS, status: 404 },
    { route: 'GET /api/calendar/working-days', send: call('get', '/api/calendar/working-days?from=2026-11-27&days=3'), allowed: EVERYONE, status: 200 },
    { route: 'GET /api/calendar/year/:year', send: call('get', '/api/calendar/year/2026'), allowed: EVERYONE, status: 200 },
    { route: 'GET /api/calendar/overrides', send: call('get', '/api/calendar/overrides'), allowed: EVERYONE, status: 200 },
    { route: 'PUT /api/calendar/overrides/:date', send: call('put', '/api/calendar/overrides/2026-12-31', { kind: 'holiday', name: '跨年' }), allowed: ['admin'], status: 200 },
    { route: 'DELETE /api/calendar/overrides/:date', send: call('delete', '/api/calendar/overrides/2027-01-05'), allowed: ['admin'], status: 404 },
    { route: 'GET /api/departments', send: call('get', '/api/departments'), allowed: EVERYONE, status: 200 },
    { route: 'GET /api/audit', send: call('get', '/api/audit'), allowed: ['admin', 'supervisor'], status: 200 },
    { route: 'POST /api/admin/clock', send: call('post', '/api/admin/clock', { advanceMs: 0 }), allowed: ['admin'], status: 200 },
  ];

  it.each(rows().map((row) => [row.route, row] as const))('%s', async (_route, placeholder) => {
    // given the row (rebuilt now that the setup has run)
    const row = rows().find((r) => r.route === placeholder.route)!;
    const expected: Record<string, number> = { anonymous: 401 };
    for (const role of ALL_ROLES) expected[role] = row.allowed === EVERYONE || row.allowed.includes(role) ? row.status : 403;

    // when every role (and nobody) calls it
    const actual: Record<string, number> = { anonymous: (await row.send(undefined)).status };
    for (const role of ALL_ROLES) actual[role] = (await row.send(tokens[role])).status;

    // then each gets exactly its status
    expect(actual).toEqual(expected);
  });

  it('serves the public routes without a token', async () => {
    // when
    const openapi = await request(api.app).get('/api/openapi.json');
    const login = await request(api.app).post('/api/auth/login').send({ username: 'u-admin', password: 'not-the-password' });
    const refresh = await request(api.app).post('/api/auth/refresh').send({ refreshToken: 'unknown' });

    // then
    expect(openapi.status).toBe(200);
    expect(login.status).toBe(401);
    expect(refresh.status).toBe(401);
  });
});
