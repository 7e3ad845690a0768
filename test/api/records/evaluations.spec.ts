import { checkEvaluatorEligibility } from '../../../api/evaluators.service';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, commission, draftDocument, tokensFor, STARTUP_MS, type Person } from './support';

describe('evaluators and third-party evaluation projects', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  const pool = (body: Record<string, unknown>) => as(api, tokens.office).post('/api/evaluators').send({ kind: 'institute', qualifications: '省级重点智库', ...body });

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('keeps the pool: the General Office adds and corrects evaluators, others may not', async () => {
    // when
    const created = await pool({ id: 'evaluator-pool-1', name: '辽宁某研究院', relatedDepartments: ['dept-industry'] });
    const duplicate = await pool({ id: 'evaluator-pool-1', name: '重复' });
    const byDrafter = await as(api, tokens.drafter).post('/api/evaluators').send({ name: 'x', kind: 'firm', qualifications: 'q' });
    const corrected = await as(api, tokens.admin).patch('/api/evaluators/evaluator-pool-1').send({ qualifications: '国家高端智库' });
    const listed = await as(api, tokens.finance).get('/api/evaluators').query({ q: '辽宁' });

    // then
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'evaluator-pool-1', relatedDepartments: ['dept-industry'], independenceDeclaration: null, blacklistedAt: null });
    expect(duplicate.status).toBe(409);
    expect(byDrafter.status).toBe(403);
    expect(corrected.body.qualifications).toBe('国家高端智库');
    expect(listed.body.map((e: { id: string }) => e.id)).toEqual(['evaluator-pool-1']);
  });

  it('judges eligibility: declared, independent of the department, and not blacklisted', async () => {
    // given
    await pool({ id: 'evaluator-elig', name: '某大学评估中心', relatedDepartments: ['dept-industry'] }).expect(201);
    const db = api.database.db;

    // when / then
    expect(await checkEvaluatorEligibility(db, 'evaluator-none', 'dept-commerce')).toEqual({ eligible: false, reason: expect.stringContaining('不在第三方评估机构库中') });
    expect(await checkEvaluatorEligibility(db, 'evaluator-elig', 'dept-commerce')).toEqual({ eligible: false, reason: expect.stringContaining('尚未作出独立性声明') });
    await as(api, tokens.office).post('/api/evaluators/evaluator-elig/declaration').send({ declaration: '本机构与被评估单位无隶属、人员、经费关系' }).expect(200);
    expect(await checkEvaluatorEligibility(db, 'evaluator-elig', 'dept-commerce')).toEqual({ eligible: true, reason: null });
    expect(await checkEvaluatorEligibility(db, 'evaluator-elig', 'dept-industry')).toEqual({ eligible: false, reason: expect.stringContaining('不具备独立性') });
    const http = await as(api, tokens.office).get('/api/evaluators/evaluator-elig/eligibility').query({ department: 'dept-commerce' });
    expect(http.body).toEqual({ eligible: true, reason: null });
  });

  it('blacklists with a reason, for good: never commissioned again', async () => {
    // given
    await pool({ id: 'evaluator-bad', name: '某咨询公司' }).expect(201);
    await as(api, tokens.office).post('/api/evaluators/evaluator-bad/declaration').send({ declaration: '独立' }).expect(200);

    // when
    const noReason = await as(api, tokens.office).post('/api/evaluators/evaluator-bad/blacklist').send({ reason: ' ' });
    const byLegal = await as(api, tokens.legal).post('/api/evaluators/evaluator-bad/blacklist').send({ reason: '抄袭' });
    const listed = await as(api, tokens.office).post('/api/evaluators/evaluator-bad/blacklist').send({ reason: '评估报告抄袭他人成果' });
    const again = await as(api, tokens.office).post('/api/evaluators/evaluator-bad/blacklist').send({ reason: '再次' });
    const removed = await as(api, tokens.office).delete('/api/evaluators/evaluator-bad');

    // then
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    expect(byLegal.status).toBe(403);
    expect(listed.body).toMatchObject({ blacklistReason: '评估报告抄袭他人成果', blacklistedBy: 'user-office' });
    expect(again.status).toBe(409);
    expect(removed.status).toBe(409);
    expect(await checkEvaluatorEligibility(api.database.db, 'evaluator-bad', 'dept-commerce')).toEqual({ eligible: false, reason: expect.stringContaining('评估报告抄袭他人成果') });
    const document = await draftDocument(api, tokens.drafter);
    const project = await as(api, tokens.office).post('/api/evaluation-projects').send({ documentId: document.id, subject: 's', scope: 's' }).expect(201);
    await as(api, tokens.leader).post(`/api/evaluation-projects/${project.body.id}/approval`).send({ decision: 'approved' }).expect(200);
    const contract = await as(api, tokens.office)
      .post(`/api/evaluation-projects/${project.body.id}/contract`)
      .send({ procurementMethod: 'single-source', evaluatorId: 'evaluator-bad', contractNumber: 'HT-1', contractSignedAt: '2026-11-27T09:00:00+08:00', fee: 1, reportDueAt: '2027-01-31T18:00:00+08:00' });
    expect(contract.status).toBe(422);
    expect(contract.body.error.code).toBe('EVALUATOR_INELIGIBLE');
  });

  it('runs a project from proposal to closing, each step by its party', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);
    const project = await commission(api, tokens, document.id, 'evaluator-a');
    const step = (who: Person, method: 'post' | 'put', path: string, body: object) => as(api, tokens[who])[method](`/api/evaluation-projects/${project.id}${path}`).send(body);

    // when / then
    expect(project).toMatchObject({ status: 'contracted', evaluatorId: 'evaluator-a' });
    expect((await step('otherEvaluator', 'put', '/plan', { plan: '他人方案' })).status).toBe(404);
    expect((await step('evaluator', 'put', '/report', { report: '太早' })).body.error.code).toBe('INVALID_TRANSITION');
    expect((await step('evaluator', 'put', '/plan', { plan: '评估步骤、标准、指标体系、方法' })).status).toBe(200);
    expect((await step('evaluator', 'post', '/plan-review', { approved: true })).status).toBe(403);
    expect((await step('office', 'post', '/plan-review', { approved: true })).body.status).toBe('plan-approved');
    expect((await step('evaluator', 'put', '/report', { report: '评估报告', recommendation: 'adjust' })).body).toMatchObject({ status: 'reported', recommendation: 'adjust' });
    expect((await step('office', 'post', '/acceptance', { accepted: false })).body.status).toBe('plan-approved');
    expect((await step('evaluator', 'put', '/report', { report: '修改后的评估报告' })).body.status).toBe('reported');
    expect((await step('office', 'post', '/acceptance', { accepted: true })).body.status).toBe('accepted');
    expect((await step('office', 'post', '/payment', {})).status).toBe(403);
    expect((await step('finance', 'post', '/payment', {})).body.status).toBe('paid');
    expect((await step('office', 'put', '/recommendation', { recommendation: 'amend' })).body.recommendation).toBe('amend');
    expect((await step('office', 'post', '/close', {})).body.status).toBe('closed');
    const audit = await api.ctx.audit.list({ resource: 'evaluation-project', resourceId: project.id, limit: 50 });
    expect(audit.map((entry) => entry.action)).toContain('evaluation.pay');
  });

  it('shows an evaluator only its own contracts', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);
    const own = await commission(api, tokens, document.id, 'evaluator-a');
    const others = await commission(api, tokens, document.id, 'evaluator-b');
    const proposed = await as(api, tokens.office).post('/api/evaluation-projects').send({ documentId: document.id, subject: '未委托', scope: 's' }).expect(201);

    // when
    const list = await as(api, tokens.evaluator).get('/api/evaluation-projects');
    const foreign = await as(api, tokens.evaluator).get(`/api/evaluation-projects/${others.id}`);
    const unassigned = await as(api, tokens.evaluator).get(`/api/evaluation-projects/${proposed.body.id}`);
    const staff = await as(api, tokens.supervisor).get('/api/evaluation-projects').query({ documentId: document.id });
    const pool = await as(api, tokens.evaluator).get('/api/evaluators');

    // then
    expect(list.body.every((p: { evaluatorId: string }) => p.evaluatorId === 'evaluator-a')).toBe(true);
    expect(list.body.map((p: { id: string }) => p.id)).toContain(own.id);
    expect(foreign.status).toBe(404);
    expect(unassigned.status).toBe(404);
    expect(staff.body).toHaveLength(3);
    expect(pool.body.map((e: { id: string }) => e.id)).toEqual(['evaluator-a']);
  });

  it('lets the evaluator declare its own independence, not another’s', async () => {
    // given
    await pool({ id: 'evaluator-b', name: '评估机构 b' });

    // when
    const own = await as(api, tokens.otherEvaluator).post('/api/evaluators/evaluator-b/declaration').send({ declaration: '我方独立' });
    const foreign = await as(api, tokens.otherEvaluator).post('/api/evaluators/evaluator-a/declaration').send({ declaration: '代他人声明' });

    // then
    expect(own.status).toBe(200);
    expect(own.body.declaredAt).toBe(new Date(api.clock.now()).toISOString());
    expect(foreign.status).toBe(404);
  });
});
