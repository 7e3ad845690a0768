import request from 'supertest';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, commission, draftDocument, EVERYONE, givenPush, givenReport, tokensFor, STARTUP_MS, type Person } from './support';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One route: how to make a fresh target for it, the request, and who may make it. */
interface RouteCase {
  route: string;
  setup: () => Promise<string>;
  method: Method;
  body?: object;
  allowed: Person[];
}

const DRAFTER_OFFICE_ADMIN: Person[] = ['drafter', 'office', 'admin'];
const OFFICE_ADMIN: Person[] = ['office', 'admin'];
const STAFF: Person[] = EVERYONE.filter((who) => who !== 'evaluator' && who !== 'otherEvaluator');

describe('role × route matrix of the records area', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let n = 0;
  const unique = () => `m${(n += 1)}`;
  const office = () => as(api, tokens.office);

  // fresh targets, made through the API by the people whose work they are
  const documentAt = async (status?: 'review') => {
    const document = await draftDocument(api, tokens.drafter);
    if (status === 'review') await as(api, tokens.drafter).post(`/api/documents/${document.id}/status`).send({ status: 'review' }).expect(200);
    return document.id;
  };
  const consultation = async () => (await as(api, tokens.drafter).post(`/api/documents/${await documentAt()}/consultations`).send({ summary: '说明' }).expect(201)).body.id as string;
  const comment = async () => {
    const id = await consultation();
    return (await as(api, tokens.legal).post(`/api/consultations/${id}/comments`).send({ content: '意见' }).expect(201)).body.id as string;
  };
  const meeting = async () =>
    (await as(api, tokens.drafter).post(`/api/documents/${await documentAt()}/meetings`).send({ kind: 'expert-review', subject: '论证', place: '会议室', heldAt: '2026-11-20T09:00:00+08:00', minutes: '记录' }).expect(201)).body.id as string;
  const stakeholder = async () =>
    (await as(api, tokens.drafter).post(`/api/documents/${await documentAt()}/stakeholders`).send({ name: '企业', kind: 'enterprise', collectedVia: 'online', contact: { phone: '1' } }).expect(201)).body.id as string;
  /** A phone push the stakeholder-push worker left to staff, as it records one. */
  const pendingPush = async () => {
    const documentId = await documentAt();
    const stakeholderId = (await as(api, tokens.drafter).post(`/api/documents/${documentId}/stakeholders`).send({ name: '企业', kind: 'enterprise', collectedVia: 'online', contact: { phone: '1' } }).expect(201)).body.id;
    return (await givenPush(api, { documentId, stakeholderId, channel: 'phone' })).id;
  };
  const evaluator = async () => {
    const id = `evaluator-${unique()}`;
    await office().post('/api/evaluators').send({ id, name: id, kind: 'firm', qualifications: 'q' }).expect(201);
    await office().post(`/api/evaluators/${id}/declaration`).send({ declaration: '独立' }).expect(200);
    return id;
  };
  const proposed = async () => (await office().post('/api/evaluation-projects').send({ documentId: await documentAt(), subject: 's', scope: 's' }).expect(201)).body.id as string;
  const approved = async () => {
    const id = await proposed();
    await as(api, tokens.leader).post(`/api/evaluation-projects/${id}/approval`).send({ decision: 'approved' }).expect(200);
    return id;
  };
  const project = async (stage: 'contracted' | 'planned' | 'plan-approved' | 'reported' | 'accepted' | 'paid' | 'recommended') => {
    const { id } = await commission(api, tokens, await documentAt(), 'evaluator-a');
    const steps: Array<[Person, Method, string, object]> = [
      ['evaluator', 'put', 'plan', { plan: '方案' }],
      ['office', 'post', 'plan-review', { approved: true }],
      ['evaluator', 'put', 'report', { report: '报告' }],
      ['office', 'post', 'acceptance', { accepted: true }],
      ['finance', 'post', 'payment', {}],
      ['office', 'put', 'recommendation', { recommendation: 'continue' }],
    ];
    const count = ['contracted', 'planned', 'plan-approved', 'reported', 'accepted', 'paid', 'recommended'].indexOf(stage);
    for (const [who, method, step, body] of steps.slice(0, count)) await as(api, tokens[who])[method](`/api/evaluation-projects/${id}/${step}`).send(body).expect(200);
    return id;
  };
  let campaignId = '';
  const item = async (classified = false) => {
    const documentId = await documentAt();
    await office().post(`/api/cleanup-campaigns/${campaignId}/items`).send({ documentId }).expect(201);
    if (classified) await as(api, tokens.drafter).put(`/api/cleanup-campaigns/${campaignId}/items/${documentId}/classification`).send({ classification: 'keep', reasons: 'r', basis: 'b' }).expect(200);
    return documentId;
  };

  // read-only targets, shared
  let shared: { documentId: string; consultationId: string; projectId: string; meetingId: string; stakeholderId: string; reportId: string };
  const fixed = (value: () => string) => async () => value();

  const cases: RouteCase[] = [
    { route: 'GET /documents', method: 'get', setup: fixed(() => '/api/documents'), allowed: EVERYONE },
    { route: 'GET /documents/:id', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /documents/:id/versions/:version', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/versions/1`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /documents/:id/versions/:version/signatures', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/versions/1/signatures`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /consultations/:id', method: 'get', setup: fixed(() => `/api/consultations/${shared.consultationId}`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /meetings/:id', method: 'get', setup: fixed(() => `/api/meetings/${shared.meetingId}`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /stakeholders/:id', method: 'get', setup: fixed(() => `/api/stakeholders/${shared.stakeholderId}`), allowed: ['drafter', 'office', 'supervisor', 'admin'] },
    { route: 'GET /evaluators/:id', method: 'get', setup: fixed(() => '/api/evaluators/evaluator-a'), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /cleanup-campaigns/:id', method: 'get', setup: fixed(() => `/api/cleanup-campaigns/${campaignId}`), allowed: STAFF },
    { route: 'GET /documents/:id/versions', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/versions`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /documents/:id/consultations', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/consultations`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /consultations/:id/comments', method: 'get', setup: fixed(() => `/api/consultations/${shared.consultationId}/comments`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /documents/:id/meetings', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/meetings`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /documents/:id/opinions', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/opinions`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /documents/:id/stakeholders', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/stakeholders`), allowed: ['drafter', 'office', 'supervisor', 'admin'] },
    { route: 'GET /documents/:id/pushes', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/pushes`), allowed: ['drafter', 'office', 'supervisor', 'admin'] },
    { route: 'GET /documents/:id/reports', method: 'get', setup: fixed(() => `/api/documents/${shared.documentId}/reports`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /reports/:id', method: 'get', setup: fixed(() => `/api/reports/${shared.reportId}`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /reports/:id/docx', method: 'get', setup: fixed(() => `/api/reports/${shared.reportId}/docx`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /evaluators', method: 'get', setup: fixed(() => '/api/evaluators'), allowed: EVERYONE },
    { route: 'GET /evaluation-projects', method: 'get', setup: fixed(() => '/api/evaluation-projects'), allowed: EVERYONE },
    { route: 'GET /evaluation-projects/:id', method: 'get', setup: fixed(() => `/api/evaluation-projects/${shared.projectId}`), allowed: [...STAFF, 'evaluator'] },
    { route: 'GET /cleanup-campaigns', method: 'get', setup: fixed(() => '/api/cleanup-campaigns'), allowed: STAFF },
    { route: 'GET /cleanup-campaigns/:id/items', method: 'get', setup: fixed(() => `/api/cleanup-campaigns/${campaignId}/items`), allowed: STAFF },

    { route: 'POST /documents', method: 'post', body: { title: 't', category: 'talent', draftingDept: 'dept-commerce' }, setup: fixed(() => '/api/documents'), allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'PATCH /documents/:id', method: 'patch', body: { number: '沈政发〔2026〕1号' }, setup: async () => `/api/documents/${await documentAt()}`, allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'POST /documents/:id/versions', method: 'post', body: { content: '新版本' }, setup: async () => `/api/documents/${await documentAt()}/versions`, allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'POST /documents/:id/status (to review)', method: 'post', body: { status: 'review' }, setup: async () => `/api/documents/${await documentAt()}/status`, allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'POST /documents/:id/status (sign)', method: 'post', body: { status: 'signed' }, setup: async () => `/api/documents/${await documentAt('review')}/status`, allowed: ['leader', 'admin'] },
    { route: 'POST /documents/:id/consultations', method: 'post', body: { summary: '说明' }, setup: async () => `/api/documents/${await documentAt()}/consultations`, allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'POST /consultations/:id/comments', method: 'post', body: { content: '意见' }, setup: async () => `/api/consultations/${await consultation()}/comments`, allowed: STAFF },
    { route: 'POST /comments/:id/disposition', method: 'post', body: { disposition: 'adopted' }, setup: async () => `/api/comments/${await comment()}/disposition`, allowed: ['drafter'] },
    { route: 'POST /documents/:id/meetings', method: 'post', body: { kind: 'symposium', subject: 's', place: 'p', heldAt: '2026-11-20T09:00:00+08:00' }, setup: async () => `/api/documents/${await documentAt()}/meetings`, allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'PATCH /meetings/:id', method: 'patch', body: { minutes: '补充记录' }, setup: async () => `/api/meetings/${await meeting()}`, allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'POST /meetings/:id/opinions', method: 'post', body: { expertName: '专家', opinion: '同意' }, setup: async () => `/api/meetings/${await meeting()}/opinions`, allowed: DRAFTER_OFFICE_ADMIN },
    { route: 'POST /documents/:id/stakeholders', method: 'post', body: { name: 'n', kind: 'citizen', collectedVia: 'online', contact: { email: 'a@b.cn' } }, setup: async () => `/api/documents/${await documentAt()}/stakeholders`, allowed: ['drafter'] },
    { route: 'PATCH /stakeholders/:id', method: 'patch', body: { name: '新名称' }, setup: async () => `/api/stakeholders/${await stakeholder()}`, allowed: ['drafter'] },
    { route: 'POST /pushes/:id/outcome', method: 'post', body: { outcome: 'delivered' }, setup: async () => `/api/pushes/${await pendingPush()}/outcome`, allowed: ['drafter'] },
    { route: 'POST /evaluators', method: 'post', body: { name: 'n', kind: 'expert', qualifications: 'q' }, setup: fixed(() => '/api/evaluators'), allowed: OFFICE_ADMIN },
    { route: 'PATCH /evaluators/:id', method: 'patch', body: { qualifications: 'q2' }, setup: async () => `/api/evaluators/${await evaluator()}`, allowed: OFFICE_ADMIN },
    { route: 'POST /evaluators/:id/declaration', method: 'post', body: { declaration: 'd' }, setup: async () => `/api/evaluators/${await evaluator()}/declaration`, allowed: OFFICE_ADMIN },
    { route: 'POST /evaluators/:id/blacklist', method: 'post', body: { reason: '弄虚作假' }, setup: async () => `/api/evaluators/${await evaluator()}/blacklist`, allowed: OFFICE_ADMIN },
    { route: 'DELETE /evaluators/:id', method: 'delete', setup: async () => `/api/evaluators/${await evaluator()}`, allowed: OFFICE_ADMIN },
    { route: 'GET /evaluators/:id/eligibility', method: 'get', setup: async () => `/api/evaluators/${await evaluator()}/eligibility?department=dept-commerce`, allowed: STAFF },
    { route: 'POST /evaluation-projects', method: 'post', body: undefined, setup: fixed(() => '/api/evaluation-projects'), allowed: OFFICE_ADMIN },
    { route: 'POST /evaluation-projects/:id/approval', method: 'post', body: { decision: 'approved' }, setup: async () => `/api/evaluation-projects/${await proposed()}/approval`, allowed: ['leader', 'admin'] },
    {
      route: 'POST /evaluation-projects/:id/contract',
      method: 'post',
      body: { procurementMethod: 'open-tender', evaluatorId: 'evaluator-a', contractNumber: 'HT', contractSignedAt: '2026-11-27T09:00:00+08:00', fee: 1, reportDueAt: '2027-02-01T18:00:00+08:00' },
      setup: async () => `/api/evaluation-projects/${await approved()}/contract`,
      allowed: OFFICE_ADMIN,
    },
    { route: 'PUT /evaluation-projects/:id/plan', method: 'put', body: { plan: '方案' }, setup: async () => `/api/evaluation-projects/${await project('contracted')}/plan`, allowed: ['evaluator', 'office', 'admin'] },
    { route: 'POST /evaluation-projects/:id/plan-review', method: 'post', body: { approved: true }, setup: async () => `/api/evaluation-projects/${await project('planned')}/plan-review`, allowed: OFFICE_ADMIN },
    { route: 'PUT /evaluation-projects/:id/report', method: 'put', body: { report: '报告' }, setup: async () => `/api/evaluation-projects/${await project('plan-approved')}/report`, allowed: ['evaluator', 'admin'] },
    { route: 'POST /evaluation-projects/:id/acceptance', method: 'post', body: { accepted: true }, setup: async () => `/api/evaluation-projects/${await project('reported')}/acceptance`, allowed: OFFICE_ADMIN },
    { route: 'POST /evaluation-projects/:id/payment', method: 'post', body: {}, setup: async () => `/api/evaluation-projects/${await project('accepted')}/payment`, allowed: ['finance', 'admin'] },
    { route: 'PUT /evaluation-projects/:id/recommendation', method: 'put', body: { recommendation: 'continue' }, setup: async () => `/api/evaluation-projects/${await project('paid')}/recommendation`, allowed: OFFICE_ADMIN },
    { route: 'POST /evaluation-projects/:id/close', method: 'post', body: {}, setup: async () => `/api/evaluation-projects/${await project('recommended')}/close`, allowed: OFFICE_ADMIN },
    { route: 'POST /cleanup-campaigns', method: 'post', body: { kind: 'ad-hoc', title: '专项清理' }, setup: fixed(() => '/api/cleanup-campaigns'), allowed: OFFICE_ADMIN },
    { route: 'POST /cleanup-campaigns/:id/items', method: 'post', body: undefined, setup: fixed(() => `/api/cleanup-campaigns/${campaignId}/items`), allowed: OFFICE_ADMIN },
    { route: 'PUT .../items/:documentId/classification', method: 'put', body: { classification: 'keep', reasons: 'r', basis: 'b' }, setup: async () => `/api/cleanup-campaigns/${campaignId}/items/${await item()}/classification`, allowed: ['drafter'] },
    { route: 'PUT .../items/:documentId/legal-review', method: 'put', body: { decision: 'agree', opinion: '同意' }, setup: async () => `/api/cleanup-campaigns/${campaignId}/items/${await item(true)}/legal-review`, allowed: ['legal'] },
  ];

  /** Bodies that must differ per request (a new project or item needs its own document). */
  const bodyFor = async (routeCase: RouteCase): Promise<object | undefined> => {
    if (routeCase.route === 'POST /evaluation-projects') return { documentId: await documentAt(), subject: 's', scope: 's' };
    if (routeCase.route === 'POST /cleanup-campaigns/:id/items') return { documentId: await documentAt() };
    return routeCase.body;
  };

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
    const documentId = await documentAt();
    const consultationId = (await as(api, tokens.drafter).post(`/api/documents/${documentId}/consultations`).send({ summary: '说明' }).expect(201)).body.id;
    const projectId = (await commission(api, tokens, documentId, 'evaluator-a')).id;
    const meetingId = (await as(api, tokens.drafter).post(`/api/documents/${documentId}/meetings`).send({ kind: 'symposium', subject: 's', place: 'p', heldAt: '2026-11-20T09:00:00+08:00' }).expect(201)).body.id;
    const stakeholderId = (await as(api, tokens.drafter).post(`/api/documents/${documentId}/stakeholders`).send({ name: '企业', kind: 'enterprise', collectedVia: 'online', contact: { phone: '1' } }).expect(201)).body.id;
    const reportId = await givenReport(api, documentId);
    shared = { documentId, consultationId, projectId, meetingId, stakeholderId, reportId };
    campaignId = (await office().post('/api/cleanup-campaigns').send({ kind: 'yearly', year: 2026, title: '2026年度清理' }).expect(201)).body.id;
  }, STARTUP_MS);
  afterAll(() => api.close());

  it.each(cases.map((c) => [c.route, c] as const))('%s', async (_route, routeCase) => {
    // given: one target for everyone refused (a refused request changes nothing) and a fresh one per allowed person
    const refusedTarget = await routeCase.setup();
    const outcome: Record<string, number> = {};
    for (const who of EVERYONE) {
      const url = routeCase.allowed.includes(who) ? await routeCase.setup() : refusedTarget;
      // when
      const res = await as(api, tokens[who])[routeCase.method](url).send(await bodyFor(routeCase));
      outcome[who] = res.status;
    }

    // then: allowed → 2xx; refused staff → 403; a refused evaluator → 403, or 404 where the record is hidden from it
    const expected = Object.fromEntries(
      EVERYONE.map((who) => {
        if (routeCase.allowed.includes(who)) return [who, 'allowed'];
        return [who, who === 'evaluator' || who === 'otherEvaluator' ? 'refused or hidden' : 'refused'];
      }),
    );
    const observed = Object.fromEntries(
      EVERYONE.map((who) => {
        const status = outcome[who]!;
        if (status >= 200 && status < 300) return [who, 'allowed'];
        if (status === 403 && expected[who] === 'refused') return [who, 'refused'];
        if ((status === 403 || status === 404) && expected[who] === 'refused or hidden') return [who, 'refused or hidden'];
        return [who, `status ${status}`];
      }),
    );
    expect(observed).toEqual(expected);
  });

  it('answers every protected records route with 401 without a token, and the public pages without one', async () => {
    for (const routeCase of cases) {
      // when
      const url = await routeCase.setup();
      const res = await request(api.app)[routeCase.method](url).send(routeCase.body);

      // then
      expect([routeCase.route, res.status]).toEqual([routeCase.route, 401]);
    }
    for (const url of ['/api/public/consultations', `/api/public/consultations/${shared.consultationId}`, '/api/public/catalogue']) {
      expect([url, (await request(api.app).get(url)).status]).toEqual([url, 200]);
    }
  });

  it('describes every records route in the OpenAPI document, and each non-public one refuses a request without a token', async () => {
    // when
    const document = await request(api.app).get('/api/openapi.json');
    const ours = Object.entries(document.body.paths as Record<string, Record<string, { security?: unknown[] }>>)
      .filter(([path]) => /^\/api\/(documents|consultations|comments|meetings|reports|stakeholders|pushes|evaluators|evaluation-projects|cleanup-campaigns|public)\b/.test(path))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ method: method as Method, path, isPublic: Array.isArray(operation.security) && operation.security.length === 0 })));

    // then
    expect(ours).toHaveLength(61);
    expect(ours.filter((o) => o.isPublic).map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'get /api/public/catalogue',
      'get /api/public/consultations',
      'get /api/public/consultations/{id}',
      'post /api/public/consultations/{id}/comments',
    ]);
    for (const operation of ours.filter((o) => !o.isPublic)) {
      const res = await request(api.app)[operation.method](operation.path.replace(/\{\w+\}/g, 'x'));
      expect([operation.method, operation.path, res.status]).toEqual([operation.method, operation.path, 401]);
    }
  });
});
