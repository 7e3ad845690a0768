import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import pino from 'pino';
import { shippedResources } from '../support/shipped';
import request, { type Response } from 'supertest';
import { createApp } from '../../api/app';
import type { ApiContext } from '../../api/context';
import { seedForms } from '../../api/forms.service';
import { describedRoutes, type HttpMethod } from '../../api/openapi';
import { XLSX_TYPE } from '../../api/supervision.export';
import { TokenService } from '../../api/tokens';
import { CalendarRepository } from '../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../calendar/working-days';
import { loadConfig } from '../../config';
import { seedDemo } from '../../demo';
import { DEMO_PASSWORD, DEMO_USERS } from '../../demo/organisation';
import { ContactCipher } from '../../domain/contact-cipher';
import { startTaskProjection } from '../../domain/task-projection';
import type { Job } from '../../engine/port';
import { AuditRepository } from '../../store/audit.repository';
import { NotificationRepository } from '../../workers/notify/notification.repository';
import { signOffWorker } from '../../workers/sign-off/handler';
import { SignatureRepository } from '../../workers/sign-off/signature.repository';
import { loadOrCreateSigningKey } from '../../workers/sign-off/signing-key';
import type { TestApi } from '../support/api-harness';
import { openTestDatabase } from '../support/database';
import { startTestEngine, T0 } from '../support/engine-harness';
import { fixture } from './platform/support';
import { as, givenPush, givenReport, STARTUP_MS } from './records/support';

const DEMO_LOGINS = ['admin', 'supervisor', 'office', 'commerce', 'industry', 'legal', 'leader', 'finance', 'evaluator'] as const;
type DemoUser = (typeof DEMO_LOGINS)[number];
type Answer = [Response, HttpMethod, string];

/**
 * The real app as `npm start` wires it with the demo data (organisation, records, process
 * instances at different stages) on a fresh PGlite database, the shipped diagrams deployed and the
 * inbox read model fed; the clock pinned at T0 like the demo's "now".
 */
async function startDemoApi(): Promise<TestApi> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-openapi-'));
  const config = loadConfig({ NODE_ENV: 'test', ENGINE_CLOCK: 'controlled', DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const database = await openTestDatabase();
  const calendar = await WorkingDayCalendar.load(new CalendarRepository(database.db));
  const contacts = new ContactCipher(crypto.randomBytes(32));
  const resources = shippedResources();
  await seedDemo({ database, calendar, contacts, resources, now: T0, logger });
  await seedForms(database.db, { now: T0 });
  const harness = await startTestEngine({ database });
  await harness.engine.deployResources(resources);
  const tokens = TokenService.fromConfig(config);
  const ctx: ApiContext = { config, database, engine: harness.engine, engineKind: 'embedded', clock: harness.clock, controlledClock: harness.clock, calendar, tokens, audit: new AuditRepository(database.db, () => harness.clock.now()), contacts, logger };
  const projection = await startTaskProjection({ database, engine: harness.engine, logger });
  return {
    ...harness,
    app: createApp(ctx),
    ctx,
    /** A token for a user the demo seeded (no row is written). */
    async tokenFor(user) {
      return tokens.signAccess({ id: user.id!, username: user.username!, name: user.name!, roles: user.roles, departmentId: user.departmentId ?? null });
    },
    async close() {
      await projection.stop();
      await harness.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the response schemas of the OpenAPI document, against what the routes answer on the demo data', () => {
  let api: TestApi;
  let tokens: Record<DemoUser, string>;
  let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });

  beforeAll(async () => {
    api = await startDemoApi();
    const entries = await Promise.all(
      DEMO_LOGINS.map(async (username) => {
        const user = DEMO_USERS.find((u) => u.username === username)!;
        return [username, await api.tokenFor({ id: `user-${username}`, username, name: user.name, roles: user.roles, departmentId: user.departmentId })] as const;
      }),
    );
    tokens = Object.fromEntries(entries) as Record<DemoUser, string>;
    document = (await request(api.app).get('/api/openapi.json').expect(200)).body;
  }, STARTUP_MS);
  afterAll(() => api?.close());

  /** The described route of a method and Express path. */
  function routeOf(method: HttpMethod, expressPath: string) {
    const route = describedRoutes().find((r) => r.method === method && r.path === expressPath);
    if (!route) throw new Error(`${method} ${expressPath} is not described`);
    return route;
  }

  /**
   * Problems of an answer against its description: the status, the zod response schema, and the
   * JSON Schema the served document shows (which, like zod's output, allows no field it does not name).
   */
  function mismatches(res: Response, method: HttpMethod, expressPath: string): unknown[] {
    const route = routeOf(method, expressPath);
    const status = String(route.status ?? 200);
    if (String(res.status) !== status) return [`answered ${res.status}, described ${status}: ${JSON.stringify(res.body).slice(0, 300)}`];
    // an empty list would prove nothing about its items
    const list = Array.isArray(res.body) ? res.body : Array.isArray(res.body?.items) ? res.body.items : undefined;
    if (list?.length === 0) return ['an empty list: nothing to check its items against'];
    const parsed = route.response!.safeParse(res.body);
    const zodIssues = parsed.success ? [] : parsed.error.issues.map((issue) => `zod: ${issue.path.join('.')}: ${issue.message}`);
    const published = document.paths[expressPath.replace(/:(\w+)/g, '{$1}')]![method]!.responses[status]!.content!['application/json']!.schema;
    const validate = ajv.compile(published);
    const documentIssues = validate(res.body) ? [] : validate.errors!.map((error) => `document: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
    return [...zodIssues, ...documentIssues];
  }

  /** Expects each answer to be what its route describes. */
  function expectDescribed(...answers: Answer[]) {
    const problems = answers.map(([res, method, expressPath]) => ({ route: `${method} ${expressPath}`, problems: mismatches(res, method, expressPath) }));
    expect(problems).toEqual(answers.map(([, method, expressPath]) => ({ route: `${method} ${expressPath}`, problems: [] })));
  }

  it('gives every described route a response schema for its success, a media type that is not JSON, or no body (204)', () => {
    // when
    const undescribed = describedRoutes().filter((route) => !route.response && route.status !== 204 && !(route.responseType && route.responseType !== 'application/json'));
    const withoutSchema = Object.entries(document.paths).flatMap(([p, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status, response]) => /^2/.test(status) && response.content?.['application/json'] && Object.keys(response.content['application/json'].schema).length === 0)
          .map(([status]) => `${method} ${p} ${status}`),
      ),
    );

    // then
    expect(undescribed.map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(withoutSchema).toEqual([]);
    expect(describedRoutes().length).toBeGreaterThan(90);
  });

  it('refuses an answer that differs from its description: a wrong type, a field left out, a field not described', async () => {
    // given a real answer
    const res = await as(api, tokens.office).get('/api/documents/doc-trade');
    expectDescribed([res, 'get', '/api/documents/:id']);

    // when it is altered in three ways
    const altered = [{ ...res.body, currentVersion: '1' }, { ...res.body, title: undefined }, { ...res.body, secretNote: 'x' }].map((body) => mismatches({ ...res, body } as Response, 'get', '/api/documents/:id'));

    // then each is refused, by the zod schema or by the published JSON Schema
    expect(altered.map((problems) => problems.length > 0)).toEqual([true, true, true]);
    expect(altered[2]!.join(' ')).toMatch(/must NOT have additional properties.*secretNote/);
  });

  it('describes the platform: meta, identity, definitions, forms, templates, calendar, departments, audit', async () => {
    // when
    const office = as(api, tokens.office);
    const admin = as(api, tokens.admin);
    const login = await request(api.app).post('/api/auth/login').send({ username: 'commerce', password: DEMO_PASSWORD });
    const forms = await office.get('/api/forms');
    const form = await office.get(`/api/forms/${forms.body[0].id}`);

    // then
    expectDescribed(
      [await request(api.app).get('/api/openapi.json'), 'get', '/api/openapi.json'],
      [login, 'post', '/api/auth/login'],
      [await request(api.app).post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }), 'post', '/api/auth/refresh'],
      [await as(api, tokens.commerce).get('/api/me'), 'get', '/api/me'],
      [await office.get('/api/definitions'), 'get', '/api/definitions'],
      [await office.get('/api/definitions/research-deliberation'), 'get', '/api/definitions/:processId'],
      [forms, 'get', '/api/forms'],
      [form, 'get', '/api/forms/:id'],
      [await admin.put(`/api/forms/${form.body.id}`).send(form.body), 'put', '/api/forms/:id'],
      [await admin.post('/api/definitions/lint').send({ xml: fixture('one-task.bpmn') }), 'post', '/api/definitions/lint'],
      [await admin.post('/api/admin/clock').send({ advanceMs: 0 }), 'post', '/api/admin/clock'],
      [await office.get('/api/element-templates'), 'get', '/api/element-templates'],
      [await office.get('/api/calendar/working-days?from=2026-09-30&days=5'), 'get', '/api/calendar/working-days'],
      [await office.get('/api/calendar/year/2026'), 'get', '/api/calendar/year/:year'],
      [await admin.put('/api/calendar/overrides/2026-12-31').send({ kind: 'holiday', name: '演示调休' }), 'put', '/api/calendar/overrides/:date'],
      [await office.get('/api/calendar/overrides'), 'get', '/api/calendar/overrides'],
      [await office.get('/api/departments'), 'get', '/api/departments'],
      [await admin.get('/api/audit?pageSize=200'), 'get', '/api/audit'],
    );
  });

  it('describes the engine views: instances, one instance, incidents, messages, the inbox and notifications', async () => {
    // given a diagram deployed and started, whose job failed with no retries left (an incident), and an in-app notification for the commerce bureau
    const admin = as(api, tokens.admin);
    const deployed = await admin.post('/api/definitions').send({ name: 'one-task.bpmn', xml: fixture('one-task.bpmn') });
    const started = await admin.post('/api/instances').send({ bpmnProcessId: 'one-task' });
    const processInstanceKey = started.body.processInstanceKey;
    const job = await api.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    await api.engine.failJob(String(job.payload.jobKey), 'the registry is down', 0);
    await api.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);
    await new NotificationRepository(api.database.db).insertInApp({ recipient: 'dept-commerce', title: '新的待办', body: '请处理公开征求意见', createdAt: T0, jobKey: '1' });

    // when
    const commerce = as(api, tokens.commerce);
    const instances = await admin.get('/api/instances?bpmnProcessId=research-deliberation');
    const tasks = await commerce.get('/api/tasks');

    // then
    expect(instances.body.items.length).toBeGreaterThan(0);
    expect(tasks.body.items.length).toBeGreaterThan(0);
    expectDescribed(
      [deployed, 'post', '/api/definitions'],
      [started, 'post', '/api/instances'],
      [instances, 'get', '/api/instances'],
      [await admin.get(`/api/instances/${instances.body.items[0].processInstanceKey}`), 'get', '/api/instances/:key'],
      [await as(api, tokens.supervisor).get('/api/incidents?state=ACTIVE'), 'get', '/api/incidents'],
      [await as(api, tokens.office).post('/api/messages').send({ name: 'nobody-waits', correlationKey: 'demo' }), 'post', '/api/messages'],
      [tasks, 'get', '/api/tasks'],
      [await commerce.get(`/api/tasks/${tasks.body.items[0].id}`), 'get', '/api/tasks/:id'],
      [await commerce.post(`/api/tasks/${tasks.body.items[0].id}/claim`), 'post', '/api/tasks/:id/claim'],
      [await commerce.post(`/api/tasks/${tasks.body.items[0].id}/unclaim`), 'post', '/api/tasks/:id/unclaim'],
      [await as(api, tokens.office).post(`/api/tasks/${tasks.body.items[0].id}/assign`).send({ assignee: null }), 'post', '/api/tasks/:id/assign'],
      [await commerce.get('/api/notifications'), 'get', '/api/notifications'],
    );
  });

  it('describes the supervision views, and offers the overdue list as CSV and Excel too', async () => {
    // when
    const supervisor = as(api, tokens.supervisor);
    const overdue = await supervisor.get('/api/supervision/overdue');
    const csv = await supervisor.get('/api/supervision/overdue').set('Accept', 'text/csv');

    // then
    expect(overdue.body.items.length).toBeGreaterThan(0);
    expectDescribed([overdue, 'get', '/api/supervision/overdue'], [await supervisor.get('/api/supervision/stats?days=7'), 'get', '/api/supervision/stats']);
    expect([csv.status, csv.headers['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(Object.keys(document.paths['/api/supervision/overdue']!.get!.responses['200']!.content!)).toEqual(['application/json', 'text/csv', XLSX_TYPE]);
  });

  it('describes documents, versions, signatures, consultations and their comments (with and without contact data)', async () => {
    // given version 1 of the signed document, signed off by the leader with the server's key
    const signOff = signOffWorker({ signatures: new SignatureRepository(api.database.db), signingKey: loadOrCreateSigningKey(api.ctx.config.DATA_DIR), clock: api.clock }).handler;
    const signJob = { key: 'sign-doc-digital', type: 'sign-off', retries: 3, processInstanceKey: '1', variables: { documentId: 'doc-digital', version: 1, signer: 'user-leader', role: 'leader', decision: 'approve' } };
    expect(await signOff(signJob as unknown as Job)).toMatchObject({ outcome: 'complete' });

    // when
    const office = as(api, tokens.office);
    const commerce = as(api, tokens.commerce);
    const created = await commerce.post('/api/documents').send({ title: '关于促进跨境电商发展的若干措施', category: 'investment-promotion', content: '第一条 ……' });
    const drafterComments = await commerce.get('/api/consultations/consultation-trade-1/comments');

    // then the drafting department sees a commenter's contact data, others see only that there is one
    expect(drafterComments.body.items.find((c: { id: string }) => c.id === 'comment-trade-1').contact).toEqual({ email: 'trade@example.cn' });
    expectDescribed(
      [await office.get('/api/documents?pageSize=50'), 'get', '/api/documents'],
      [created, 'post', '/api/documents'],
      [await office.get('/api/documents/doc-fees'), 'get', '/api/documents/:id'],
      [await office.get('/api/documents/doc-trade/versions'), 'get', '/api/documents/:id/versions'],
      [await commerce.post(`/api/documents/${created.body.id}/versions`).send({ content: '第一条 （修改稿）' }), 'post', '/api/documents/:id/versions'],
      [await office.get('/api/documents/doc-trade/versions/1'), 'get', '/api/documents/:id/versions/:version'],
      [await office.get('/api/documents/doc-digital/versions/1/signatures'), 'get', '/api/documents/:id/versions/:version/signatures'],
      [await office.get('/api/documents/doc-trade/consultations'), 'get', '/api/documents/:id/consultations'],
      [await office.get('/api/consultations/consultation-trade-1'), 'get', '/api/consultations/:id'],
      [drafterComments, 'get', '/api/consultations/:id/comments'],
      [await office.get('/api/consultations/consultation-trade-1/comments'), 'get', '/api/consultations/:id/comments'],
      [await office.post('/api/consultations/consultation-trade-1/comments').send({ content: '建议补充实施细则。' }), 'post', '/api/consultations/:id/comments'],
      [await commerce.post('/api/comments/comment-trade-2/disposition').send({ disposition: 'adopted', category: 'provision' }), 'post', '/api/comments/:id/disposition'],
    );
  });

  it('describes meetings, expert opinions, stakeholders, pushes and research reports', async () => {
    // given an expert review of the trade measures, a pending phone push of the digital measures, and the trade measures' research report
    const commerce = as(api, tokens.commerce);
    const review = await commerce
      .post('/api/documents/doc-trade/meetings')
      .send({ kind: 'expert-review', subject: '外贸措施专家论证会', place: '市政府第三会议室', heldAt: '2026-11-20T09:00:00+08:00', participants: [{ name: '王教授', affiliation: '辽宁大学', role: 'expert' }, { name: '商务局' }], minutes: '与会专家原则同意。' });
    const opinion = await commerce.post(`/api/meetings/${review.body.id}/opinions`).send({ expertName: '王教授', affiliation: '辽宁大学', opinion: '措施可行，建议明确资金来源。' });
    await givenPush(api, { documentId: 'doc-digital', stakeholderId: 'stakeholder-digital-1', channel: 'phone', dueAt: T0 - 86_400_000 });
    const reportId = await givenReport(api, 'doc-trade');

    // when
    const office = as(api, tokens.office);
    const industry = as(api, tokens.industry);
    const html = await office.get(`/api/reports/${reportId}`);
    const docx = await office.get(`/api/reports/${reportId}/docx`);

    // then the HTML and the Word document come as described
    expect([html.status, html.headers['content-type']]).toEqual([200, expect.stringContaining(routeOf('get', '/api/reports/:id').responseType!)]);
    expect([docx.status, docx.headers['content-type']]).toEqual([200, routeOf('get', '/api/reports/:id/docx').responseType]);
    expectDescribed(
      [review, 'post', '/api/documents/:id/meetings'],
      [opinion, 'post', '/api/meetings/:id/opinions'],
      [await office.get('/api/documents/doc-trade/meetings'), 'get', '/api/documents/:id/meetings'],
      [await office.get(`/api/meetings/${review.body.id}`), 'get', '/api/meetings/:id'],
      [await office.get('/api/documents/doc-trade/opinions'), 'get', '/api/documents/:id/opinions'],
      [await industry.get('/api/documents/doc-digital/stakeholders'), 'get', '/api/documents/:id/stakeholders'],
      [await office.get('/api/documents/doc-digital/stakeholders'), 'get', '/api/documents/:id/stakeholders'],
      [await industry.get('/api/stakeholders/stakeholder-digital-2'), 'get', '/api/stakeholders/:id'],
      [await industry.get('/api/documents/doc-digital/pushes'), 'get', '/api/documents/:id/pushes'],
      [await office.get('/api/documents/doc-digital/pushes'), 'get', '/api/documents/:id/pushes'],
      [await office.get('/api/documents/doc-trade/reports'), 'get', '/api/documents/:id/reports'],
    );
  });

  it('describes evaluators, evaluation projects (as staff and as the evaluator) and cleanup campaigns', async () => {
    // when
    const office = as(api, tokens.office);
    const evaluator = as(api, tokens.evaluator);
    const projects = await office.get('/api/evaluation-projects');
    const campaigns = await as(api, tokens.legal).get('/api/cleanup-campaigns');

    // then
    expect([projects.body.length, campaigns.body.length]).toEqual([1, 1]);
    expectDescribed(
      [await office.get('/api/evaluators'), 'get', '/api/evaluators'],
      [await evaluator.get('/api/evaluators/evaluator-urban-institute'), 'get', '/api/evaluators/:id'],
      [await office.get('/api/evaluators/evaluator-blacklisted/eligibility?department=dept-commerce'), 'get', '/api/evaluators/:id/eligibility'],
      [projects, 'get', '/api/evaluation-projects'],
      [await evaluator.get(`/api/evaluation-projects/${projects.body[0].id}`), 'get', '/api/evaluation-projects/:id'],
      [campaigns, 'get', '/api/cleanup-campaigns'],
      [await office.get(`/api/cleanup-campaigns/${encodeURIComponent(campaigns.body[0].id)}`), 'get', '/api/cleanup-campaigns/:id'],
      [await as(api, tokens.industry).get(`/api/cleanup-campaigns/${encodeURIComponent(campaigns.body[0].id)}/items`), 'get', '/api/cleanup-campaigns/:id/items'],
    );
  });

  it('describes what the records writes answer: a document through consultation to review, a stakeholder, a push outcome, the evaluator pool, a cleanup, a whole evaluation', async () => {
    // given a pending postal push of the digital measures
    const push = await givenPush(api, { documentId: 'doc-digital', stakeholderId: 'stakeholder-digital-2', channel: 'post' });
    const [commerce, industry, office, evaluator] = [as(api, tokens.commerce), as(api, tokens.industry), as(api, tokens.office), as(api, tokens.evaluator)];
    const answers: Answer[] = [];
    const answer = (method: HttpMethod, expressPath: string) => (res: Response) => (answers.push([res, method, expressPath]), res);

    // when a document is numbered, put out for comment, discussed and sent to review
    const doc = (await commerce.post('/api/documents').send({ title: '关于支持外贸新业态的通知', category: 'investment-promotion', content: '第一条 ……' })).body;
    await commerce.patch(`/api/documents/${doc.id}`).send({ number: '沈商发〔2026〕3号' }).then(answer('patch', '/api/documents/:id'));
    await commerce.post(`/api/documents/${doc.id}/consultations`).send({ summary: '起草背景、目的、依据与预期影响。' }).then(answer('post', '/api/documents/:id/consultations'));
    const symposium = await commerce.post(`/api/documents/${doc.id}/meetings`).send({ kind: 'symposium', subject: '企业座谈会', place: '商务局', heldAt: '2026-12-10T09:00:00+08:00' });
    await commerce.patch(`/api/meetings/${symposium.body.id}`).send({ place: '商务局第二会议室' }).then(answer('patch', '/api/meetings/:id'));
    await commerce.post(`/api/documents/${doc.id}/status`).send({ status: 'review' }).then(answer('post', '/api/documents/:id/status'));
    // and a stakeholder is registered and corrected, a postal push recorded
    const stakeholder = await industry.post('/api/documents/doc-digital/stakeholders').send({ name: '某软件企业', kind: 'enterprise', collectedVia: 'online', contact: { phone: '024-00000009' } }).then(answer('post', '/api/documents/:id/stakeholders'));
    await industry.patch(`/api/stakeholders/${stakeholder.body.id}`).send({ name: '沈阳某软件有限公司' }).then(answer('patch', '/api/stakeholders/:id'));
    await industry.post(`/api/pushes/${push.id}/outcome`).send({ outcome: 'delivered', detail: '已邮寄' }).then(answer('post', '/api/pushes/:id/outcome'));
    // and an evaluator joins the pool, declares its independence, and is blacklisted
    await office.post('/api/evaluators').send({ id: 'evaluator-openapi', name: '某评估机构', kind: 'university', qualifications: '高校智库' }).then(answer('post', '/api/evaluators'));
    await office.patch('/api/evaluators/evaluator-openapi').send({ relatedDepartments: ['dept-housing'] }).then(answer('patch', '/api/evaluators/:id'));
    await office.post('/api/evaluators/evaluator-openapi/declaration').send({ declaration: '无利害关系。' }).then(answer('post', '/api/evaluators/:id/declaration'));
    await office.post('/api/evaluators/evaluator-openapi/blacklist').send({ reason: '弄虚作假' }).then(answer('post', '/api/evaluators/:id/blacklist'));
    // and the yearly cleanup lists a document that its department classifies and the Legal Affairs Office reviews
    const campaign = await office.post('/api/cleanup-campaigns').send({ kind: 'yearly', year: 2026, title: '2026年度规范性文件清理' }).then(answer('post', '/api/cleanup-campaigns'));
    const item = `/api/cleanup-campaigns/${campaign.body.id}/items`;
    await office.post(item).send({ documentId: 'doc-talent' }).then(answer('post', '/api/cleanup-campaigns/:id/items'));
    await industry.put(`${item}/doc-talent/classification`).send({ classification: 'keep', reasons: '仍然适用', basis: '上位法未变' }).then(answer('put', '/api/cleanup-campaigns/:id/items/:documentId/classification'));
    await as(api, tokens.legal).put(`${item}/doc-talent/legal-review`).send({ decision: 'agree', opinion: '同意' }).then(answer('put', '/api/cleanup-campaigns/:id/items/:documentId/legal-review'));
    // and an evaluation goes from proposal to closing
    const project = await office.post('/api/evaluation-projects').send({ documentId: 'doc-talent', subject: '人才政策评估', scope: '2024年以来' }).then(answer('post', '/api/evaluation-projects'));
    const step = `/api/evaluation-projects/${project.body.id}`;
    await as(api, tokens.leader).post(`${step}/approval`).send({ decision: 'approved' }).then(answer('post', '/api/evaluation-projects/:id/approval'));
    const contract = { procurementMethod: 'open-tender', evaluatorId: 'evaluator-urban-institute', contractNumber: 'HT-2026-9', contractSignedAt: '2026-11-27T09:00:00+08:00', fee: 280000, reportDueAt: '2027-03-31T18:00:00+08:00' };
    await office.post(`${step}/contract`).send(contract).then(answer('post', '/api/evaluation-projects/:id/contract'));
    await evaluator.put(`${step}/plan`).send({ plan: '评估方案' }).then(answer('put', '/api/evaluation-projects/:id/plan'));
    await office.post(`${step}/plan-review`).send({ approved: true }).then(answer('post', '/api/evaluation-projects/:id/plan-review'));
    await evaluator.put(`${step}/report`).send({ report: '评估报告', recommendation: 'continue' }).then(answer('put', '/api/evaluation-projects/:id/report'));
    await office.post(`${step}/acceptance`).send({ accepted: true }).then(answer('post', '/api/evaluation-projects/:id/acceptance'));
    await as(api, tokens.finance).post(`${step}/payment`).send({}).then(answer('post', '/api/evaluation-projects/:id/payment'));
    await office.put(`${step}/recommendation`).send({ recommendation: 'adjust' }).then(answer('put', '/api/evaluation-projects/:id/recommendation'));
    await office.post(`${step}/close`).send({}).then(answer('post', '/api/evaluation-projects/:id/close'));

    // then
    expectDescribed(...answers);
  });

  it('describes the public pages: open consultations, one with its draft, a comment, the catalogue', async () => {
    // when
    const open = await request(api.app).get('/api/public/consultations');

    // then
    expect(open.body.map((c: { id: string }) => c.id)).toContain('consultation-trade-1');
    expectDescribed(
      [open, 'get', '/api/public/consultations'],
      [await request(api.app).get('/api/public/consultations/consultation-trade-1'), 'get', '/api/public/consultations/:id'],
      [await request(api.app).post('/api/public/consultations/consultation-trade-1/comments').send({ authorName: '市民', contact: '024-12345678', content: '支持。' }), 'post', '/api/public/consultations/:id/comments'],
      [await request(api.app).get('/api/public/catalogue?q=沈阳'), 'get', '/api/public/catalogue'],
    );
  });
});
