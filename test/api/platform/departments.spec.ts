import request from 'supertest';
import { departments } from '../../../store/schema';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer } from './support';

describe('the department list', () => {
  let api: TestApi;
  let evaluator: string;
  beforeAll(async () => {
    api = await startTestApi();
    evaluator = await api.tokenFor({ roles: ['evaluator'], departmentId: 'evaluator-acme' });
  });
  afterAll(() => api.close());

  it('gives any logged-in user every department with its Chinese and English name, by id', async () => {
    // given two registered departments
    await api.database.db.insert(departments).values([
      { id: 'dept-housing', name: '市住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau', kind: 'department' },
      { id: 'dept-commerce', name: '市商务局', nameEn: 'Commerce Bureau', kind: 'department' },
    ]);

    // when an evaluator (the least privileged role) asks
    const res = await request(api.app).get('/api/departments').set('Authorization', bearer(evaluator));

    // then both come back, ordered by id, with exactly the public fields
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: 'dept-commerce', name: '市商务局', nameEn: 'Commerce Bureau', kind: 'department' },
      { id: 'dept-housing', name: '市住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau', kind: 'department' },
    ]);
  });

  it('refuses a caller without a token', async () => {
    // when
    const res = await request(api.app).get('/api/departments');

    // then
    expect(res.status).toBe(401);
  });

  it('is described in the OpenAPI document for any logged-in user', async () => {
    // when
    const res = await request(api.app).get('/api/openapi.json');

    // then it is there and not public (no empty security list, a 401 answer)
    const operation = res.body.paths['/api/departments']?.get;
    expect(operation).toBeDefined();
    expect(operation.security).toBeUndefined();
    expect(operation.responses['401']).toBeDefined();
  });
});
