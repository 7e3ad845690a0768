import request from 'supertest';
import { startTestApi, type TestApi } from '../../support/api-harness';

describe('the OpenAPI document of the inbox and auth routes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('describes what the task routes answer: the page with its bounded total, and the errors each route gives', async () => {
    // when
    const res = await request(api.app).get('/api/openapi.json');

    // then the list answers a page whose total may be a lower bound
    expect(res.status).toBe(200);
    const list = res.body.paths['/api/tasks'].get.responses['200'].content['application/json'].schema;
    expect(list.required).toEqual(expect.arrayContaining(['items', 'total', 'totalIsLowerBound', 'page', 'pageSize']));
    expect(list.properties.totalIsLowerBound).toMatchObject({ type: 'boolean' });
    expect(list.properties.items.items.properties.state).toMatchObject({ enum: ['CREATED', 'COMPLETED', 'CANCELED'] });
    // and completing documents the task it answers and its refusals
    const complete = res.body.paths['/api/tasks/{id}/complete'].post;
    expect(complete.responses['200'].content['application/json'].schema.properties).toHaveProperty('completedAt');
    expect(Object.keys(complete.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '422', 'default']));
    expect(complete.responses['409']).toMatchObject({ description: 'conflict with the current state', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
    expect(res.body.paths['/api/tasks/{id}'].get.responses).toHaveProperty('404');
    // and logging in may be refused or throttled, but needs no token
    const login = res.body.paths['/api/auth/login'].post;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    expect(login.responses).not.toHaveProperty('403');
    expect(login.responses['200'].content['application/json'].schema.required).toEqual(expect.arrayContaining(['token', 'refreshToken', 'expiresIn', 'user']));
    expect(res.body.paths['/api/me'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('groups');
  });
});
