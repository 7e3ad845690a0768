import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, draftDocument, tokensFor, STARTUP_MS, type Person } from './support';

describe('cleanup campaigns and items', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let campaignId: string;
  let commerceDoc: string;
  let industryDoc: string;
  const classify = (who: Person, documentId: string, body: object) =>
    as(api, tokens[who]).put(`/api/cleanup-campaigns/${campaignId}/items/${documentId}/classification`).send(body);
  const review = (who: Person, documentId: string, body: object) => as(api, tokens[who]).put(`/api/cleanup-campaigns/${campaignId}/items/${documentId}/legal-review`).send(body);

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
    const campaign = await as(api, tokens.office).post('/api/cleanup-campaigns').send({ kind: 'yearly', year: 2026, title: '2026年度规范性文件集中清理' });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.id;
    commerceDoc = (await draftDocument(api, tokens.drafter)).id;
    industryDoc = (await draftDocument(api, tokens.office, { draftingDept: 'dept-industry', title: '工业文件' })).id;
    await as(api, tokens.office).post(`/api/cleanup-campaigns/${campaignId}/items`).send({ documentId: commerceDoc }).expect(201);
    await as(api, tokens.office).post(`/api/cleanup-campaigns/${campaignId}/items`).send({ documentId: industryDoc }).expect(201);
    await as(api, tokens.office).post(`/api/cleanup-campaigns/${campaignId}/items`).send({ documentId: 'legacy-2015-7', department: 'dept-commerce' }).expect(201);
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('runs one yearly campaign per year; the General Office lists the documents', async () => {
    // when
    const second = await as(api, tokens.office).post('/api/cleanup-campaigns').send({ kind: 'yearly', year: 2026, title: '重复' });
    const noYear = await as(api, tokens.office).post('/api/cleanup-campaigns').send({ kind: 'yearly', title: '缺年份' });
    const byDrafter = await as(api, tokens.drafter).post('/api/cleanup-campaigns').send({ kind: 'ad-hoc', title: 'x' });
    const duplicateItem = await as(api, tokens.office).post(`/api/cleanup-campaigns/${campaignId}/items`).send({ documentId: commerceDoc });
    const unknownDepartment = await as(api, tokens.office).post(`/api/cleanup-campaigns/${campaignId}/items`).send({ documentId: 'not-registered' });

    // then
    expect(second.status).toBe(409);
    expect(noYear.status).toBe(422);
    expect(byDrafter.status).toBe(403);
    expect(duplicateItem.status).toBe(409);
    expect(unknownDepartment.body.error.code).toBe('DEPARTMENT_REQUIRED');
  });

  it('shows a department its own items only, and oversight all of them', async () => {
    // when
    const own = await as(api, tokens.drafter).get(`/api/cleanup-campaigns/${campaignId}/items`);
    const peek = await as(api, tokens.drafter).get(`/api/cleanup-campaigns/${campaignId}/items`).query({ department: 'dept-industry' });
    const legal = await as(api, tokens.legal).get(`/api/cleanup-campaigns/${campaignId}/items`);
    const evaluator = await as(api, tokens.evaluator).get(`/api/cleanup-campaigns/${campaignId}/items`);
    const campaigns = await as(api, tokens.otherDrafter).get('/api/cleanup-campaigns');

    // then
    expect(own.body.map((i: { documentId: string }) => i.documentId).sort()).toEqual([commerceDoc, 'legacy-2015-7'].sort());
    expect(peek.status).toBe(403);
    expect(legal.body).toHaveLength(3);
    expect(evaluator.status).toBe(403);
    expect(campaigns.body[0]).toMatchObject({ id: campaignId, progress: { items: 1, classified: 0, reviewed: 0 } });
  });

  it('requires a written amendment opinion for "amend" (422), and lets only the item’s department classify', async () => {
    // when
    const noOpinion = await classify('drafter', commerceDoc, { classification: 'amend', reasons: '部分条款与新修订的条例不一致', basis: '《条例》第十二条' });
    const foreign = await classify('otherDrafter', commerceDoc, { classification: 'keep', reasons: 'r', basis: 'b' });
    const office = await classify('office', commerceDoc, { classification: 'keep', reasons: 'r', basis: 'b' });
    const noReasons = await classify('drafter', commerceDoc, { classification: 'keep', basis: 'b' });
    const amended = await classify('drafter', commerceDoc, { classification: 'amend', reasons: '部分条款与新修订的条例不一致', basis: '《条例》第十二条', amendmentOpinion: '修改第三条' });

    // then
    expect(noOpinion.status).toBe(422);
    expect(noOpinion.body.error.code).toBe('AMENDMENT_OPINION_REQUIRED');
    expect([foreign.status, office.status, noReasons.status]).toEqual([403, 403, 400]);
    expect(amended.body).toMatchObject({ classification: 'amend', amendmentOpinion: '修改第三条', classifiedBy: 'user-drafter' });
  });

  it('has the Legal Affairs Office review each proposal; disagreement returns it to the department', async () => {
    // given
    await classify('otherDrafter', industryDoc, { classification: 'abolish', reasons: '所依据的规定已废止', basis: '省政府令第1号' }).expect(200);

    // when
    const notYet = await review('legal', 'legacy-2015-7', { decision: 'agree', opinion: 'x' });
    const byOffice = await review('office', industryDoc, { decision: 'agree', opinion: 'x' });
    const disagree = await review('legal', industryDoc, { decision: 'disagree', opinion: '依据仍然有效，建议继续有效' });
    const revised = await classify('otherDrafter', industryDoc, { classification: 'keep', reasons: '依据仍有效', basis: '省政府令第1号' });
    const agree = await review('legal', industryDoc, { decision: 'agree', opinion: '同意继续有效' });
    const afterAgreement = await classify('otherDrafter', industryDoc, { classification: 'abolish', reasons: 'r', basis: 'b' });

    // then
    expect(notYet.body.error.code).toBe('NOT_CLASSIFIED');
    expect(byOffice.status).toBe(403);
    expect(disagree.body).toMatchObject({ legalDecision: 'disagree', legalOpinion: '依据仍然有效，建议继续有效' });
    expect(revised.body).toMatchObject({ classification: 'keep', legalDecision: null, legalOpinion: null });
    expect(agree.body.legalDecision).toBe('agree');
    expect(afterAgreement.body.error.code).toBe('ALREADY_REVIEWED');
    const reviewed = await as(api, tokens.office).get(`/api/cleanup-campaigns/${campaignId}/items`).query({ state: 'reviewed' });
    expect(reviewed.body.map((i: { documentId: string }) => i.documentId)).toEqual([industryDoc]);
    const [entry] = await api.ctx.audit.list({ resource: 'cleanup-item', resourceId: `${campaignId}/${industryDoc}`, limit: 1 });
    expect(entry).toMatchObject({ actor: 'user-legal', action: 'cleanup.item.review', before: { legalDecision: null }, after: { legalDecision: 'agree' } });
  });
});
