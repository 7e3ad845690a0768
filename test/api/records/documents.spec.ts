import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import type { Job } from '../../../engine/port';
import { catalogueEntries, departments, documentVersions } from '../../../store/schema';
import { signOffWorker } from '../../../workers/sign-off/handler';
import { SignatureRepository } from '../../../workers/sign-off/signature.repository';
import { loadOrCreateSigningKey } from '../../../workers/sign-off/signing-key';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, commission, draftDocument, tokensFor, STARTUP_MS, type Person } from './support';

describe('documents and versions', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('lets a drafting department create a document of its own department with a first version and its SHA-256', async () => {
    // given
    const content = '第一条 为促进外贸稳定增长，制定本措施。';

    // when
    const res = await as(api, tokens.drafter).post('/api/documents').send({ title: '外贸措施', category: 'investment-promotion', summary: '背景', content });

    // then
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: '外贸措施', draftingDept: 'dept-commerce', status: 'drafting', currentVersion: 1, createdBy: 'user-drafter' });
    expect(res.body.createdAt).toBe('2026-11-27T01:00:00.000Z');
    const version = await as(api, tokens.office).get(`/api/documents/${res.body.id}/versions/1`).expect(200);
    expect(version.body).toMatchObject({ version: 1, content, contentHash: crypto.createHash('sha256').update(content, 'utf8').digest('hex') });
    const audit = await api.ctx.audit.list({ resource: 'document', resourceId: res.body.id, limit: 10 });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['document.create', 'document.version']);
  });

  it('refuses a drafting department creating for another department, and asks the General Office to name one', async () => {
    // when
    const foreign = await as(api, tokens.drafter).post('/api/documents').send({ title: 't', category: 'talent', draftingDept: 'dept-industry' });
    const unnamed = await as(api, tokens.office).post('/api/documents').send({ title: 't', category: 'talent' });
    const named = await as(api, tokens.office).post('/api/documents').send({ title: 't', category: 'talent', draftingDept: 'dept-industry' });
    const research = await as(api, tokens.research).post('/api/documents').send({ title: 't', category: 'talent', draftingDept: 'research-office' });

    // then
    expect(foreign.status).toBe(403);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details).toEqual([{ field: 'draftingDept', message: 'required' }]);
    expect(named.status).toBe(201);
    expect(research.status).toBe(403);
  });

  it('refuses unknown fields, unknown categories and requests without a token', async () => {
    // when
    const unknownField = await as(api, tokens.drafter).post('/api/documents').send({ title: 't', category: 'talent', status: 'published' });
    const unknownCategory = await as(api, tokens.drafter).post('/api/documents').send({ title: 't', category: 'lottery' });
    const anonymous = await request(api.app).get('/api/documents');

    // then
    expect(unknownField.status).toBe(400);
    expect(unknownCategory.status).toBe(400);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('searches by text literally, by status and category, a page at a time', async () => {
    // given
    await draftDocument(api, tokens.drafter, { title: '100%_补贴 政策', category: 'fiscal-support' });
    await draftDocument(api, tokens.drafter, { title: '1000 补贴 政策', category: 'fiscal-support' });

    // when
    const literal = await as(api, tokens.leader).get('/api/documents').query({ q: '100%_' });
    const byCategory = await as(api, tokens.leader).get('/api/documents').query({ category: 'fiscal-support', pageSize: 1, page: 2 });
    const byStatus = await as(api, tokens.leader).get('/api/documents').query({ status: 'published' });

    // then
    expect(literal.body.items.map((d: { title: string }) => d.title)).toEqual(['100%_补贴 政策']);
    expect(byCategory.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(byCategory.body.items).toHaveLength(1);
    expect(byStatus.body).toMatchObject({ items: [], total: 0 });
  });

  it('adds versions with their hash, lists them without text, and refuses an unchanged text or another department', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);

    // when
    const second = await as(api, tokens.drafter).post(`/api/documents/${document.id}/versions`).send({ content: '第一条 修改后', note: '采纳意见' });
    const same = await as(api, tokens.drafter).post(`/api/documents/${document.id}/versions`).send({ content: '第一条 修改后' });
    const foreign = await as(api, tokens.otherDrafter).post(`/api/documents/${document.id}/versions`).send({ content: 'x' });
    const list = await as(api, tokens.research).get(`/api/documents/${document.id}/versions`);

    // then
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, note: '采纳意见', contentHash: crypto.createHash('sha256').update('第一条 修改后').digest('hex') });
    expect(second.body).not.toHaveProperty('content');
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('VERSION_UNCHANGED');
    expect(foreign.status).toBe(403);
    expect(list.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(list.body[0]).not.toHaveProperty('content');
    expect((await as(api, tokens.drafter).get(`/api/documents/${document.id}`)).body.currentVersion).toBe(2);
  });

  it('moves a document through its lifecycle, each step by whom it belongs to', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);
    const status = (who: Person, to: string) => as(api, tokens[who]).post(`/api/documents/${document.id}/status`).send({ status: to });

    // when / then
    expect((await status('drafter', 'published')).status).toBe(409);
    expect((await status('otherDrafter', 'review')).status).toBe(403);
    expect((await status('drafter', 'review')).status).toBe(200);
    expect((await status('drafter', 'signed')).status).toBe(403);
    expect((await status('leader', 'signed')).status).toBe(200);
    expect((await as(api, tokens.drafter).post(`/api/documents/${document.id}/versions`).send({ content: 'late change' })).body.error.code).toBe('DOCUMENT_NOT_EDITABLE');
    const published = await status('office', 'published');
    expect(published.body).toMatchObject({ status: 'published', publishedAt: '2026-11-27T01:00:00.000Z' });
    expect((await status('drafter', 'amending')).status).toBe(200);
    expect((await status('drafter', 'review')).status).toBe(200);
  });

  it('takes an abolished document off the catalogue, and an abolished document stays abolished', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);
    for (const [who, to] of [['drafter', 'review'], ['leader', 'signed'], ['office', 'published']] as const) {
      await as(api, tokens[who]).post(`/api/documents/${document.id}/status`).send({ status: to }).expect(200);
    }
    await api.database.db.insert(catalogueEntries).values({ documentId: document.id, number: null, title: 't', category: 'talent', department: 'dept-commerce', publishedAt: 1, url: null, confirmedByCampaign: null, updatedAt: 1 });

    // when
    const abolished = await as(api, tokens.office).post(`/api/documents/${document.id}/status`).send({ status: 'abolished', reason: '已被新规定涵盖' });
    const revived = await as(api, tokens.admin).post(`/api/documents/${document.id}/status`).send({ status: 'published' });

    // then
    expect(abolished.status).toBe(200);
    expect((await request(api.app).get('/api/public/catalogue')).body.items.map((e: { documentId: string }) => e.documentId)).not.toContain(document.id);
    expect(revived.status).toBe(409);
    const [entry] = await api.ctx.audit.list({ resource: 'document', resourceId: document.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'document.status', before: { status: 'published' }, after: { status: 'abolished', reason: '已被新规定涵盖', removedFromCatalogue: true } });
  });

  it('shows an evaluator only the documents of its own evaluation projects', async () => {
    // given
    const evaluated = await draftDocument(api, tokens.drafter, { title: '被评估的政策' });
    const other = await draftDocument(api, tokens.drafter, { title: '其他政策' });
    await commission(api, tokens, evaluated.id, 'evaluator-a');

    // when
    const list = await as(api, tokens.evaluator).get('/api/documents');
    const own = await as(api, tokens.evaluator).get(`/api/documents/${evaluated.id}`);
    const foreign = await as(api, tokens.evaluator).get(`/api/documents/${other.id}`);
    const otherEvaluator = await as(api, tokens.otherEvaluator).get('/api/documents');

    // then
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([evaluated.id]);
    expect(own.status).toBe(200);
    expect(foreign.status).toBe(404);
    expect(otherEvaluator.body).toMatchObject({ items: [], total: 0 });
  });

  it('serves the public catalogue of valid documents without a token: newest first, searchable, a page at a time', async () => {
    // given: entries the publish worker wrote
    await api.database.db.insert(departments).values({ id: 'dept-tax', name: '市税务局', nameEn: 'Tax Bureau', kind: 'department' }).onConflictDoNothing();
    const entry = (documentId: string, title: string, publishedAt: number, number: string | null) => ({ documentId, number, title, category: 'tax-and-fee-cuts', department: 'dept-tax', publishedAt, url: `https://www.shenyang.gov.cn/zc/${documentId}`, confirmedByCampaign: null, updatedAt: publishedAt });
    await api.database.db.insert(catalogueEntries).values([
      entry('cat-1', '减税降费实施意见', Date.UTC(2025, 0, 5), '沈政发〔2025〕1号'),
      entry('cat-2', '小微企业减税措施', Date.UTC(2026, 2, 1), '沈政发〔2026〕8号'),
      entry('cat-3', '人才引进办法', Date.UTC(2024, 5, 1), null),
    ]);

    // when
    const firstPage = await request(api.app).get('/api/public/catalogue').query({ q: '减税', pageSize: 1 });
    const secondPage = await request(api.app).get('/api/public/catalogue').query({ q: '减税', pageSize: 1, page: 2 });
    const byNumber = await request(api.app).get('/api/public/catalogue').query({ q: '〔2026〕8号' });
    const unknownParameter = await request(api.app).get('/api/public/catalogue').query({ department: 'dept-tax' });

    // then
    expect(firstPage.status).toBe(200);
    expect(firstPage.body).toEqual({
      items: [{ documentId: 'cat-2', number: '沈政发〔2026〕8号', title: '小微企业减税措施', category: 'tax-and-fee-cuts', department: 'dept-tax', departmentName: '市税务局', departmentNameEn: expect.any(String), publishedAt: '2026-03-01T00:00:00.000Z', url: 'https://www.shenyang.gov.cn/zc/cat-2' }],
      total: 2,
      page: 1,
      pageSize: 1,
    });
    expect(secondPage.body.items.map((e: { documentId: string }) => e.documentId)).toEqual(['cat-1']);
    expect(byNumber.body.items.map((e: { documentId: string }) => e.documentId)).toEqual(['cat-2']);
    expect(unknownParameter.status).toBe(400);
  });

  it('keeps titles and numbers editable until a document is final, audited with before and after', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);

    // when
    const numbered = await as(api, tokens.office).patch(`/api/documents/${document.id}`).send({ number: '沈政发〔2026〕12号', leadDept: 'dept-industry' });
    const byOther = await as(api, tokens.otherDrafter).patch(`/api/documents/${document.id}`).send({ title: '改' });

    // then
    expect(numbered.body).toMatchObject({ number: '沈政发〔2026〕12号', leadDept: 'dept-industry', draftingDept: 'dept-commerce' });
    expect(byOther.status).toBe(403);
    const [entry] = await api.ctx.audit.list({ resource: 'document', resourceId: document.id, limit: 1 });
    expect(entry).toMatchObject({ actor: 'user-office', action: 'document.update', before: { number: null }, after: { number: '沈政发〔2026〕12号' } });
  });

  it('shows the sign-off signatures of a version, each verified now against the stored text: valid until the text is changed', async () => {
    // given version 1 approved by the leader, signed by the sign-off worker with the server's key (DATA_DIR/signing-key.pem)
    const document = await draftDocument(api, tokens.drafter);
    const signOff = signOffWorker({ signatures: new SignatureRepository(api.database.db), signingKey: loadOrCreateSigningKey(api.ctx.config.DATA_DIR), clock: api.clock }).handler;
    const job = { key: `sign-${document.id}`, type: 'sign-off', retries: 3, processInstanceKey: '1', variables: { documentId: document.id, version: 1, signer: 'leader', role: 'leader', decision: 'approve' } } as unknown as Job;
    expect(await signOff(job)).toMatchObject({ outcome: 'complete' });

    // when read, then when read again after the stored text was changed behind the product's back
    const signed = await as(api, tokens.office).get(`/api/documents/${document.id}/versions/1/signatures`);
    await api.database.db.update(documentVersions).set({ content: '第一条 （签发后被改动）' }).where(and(eq(documentVersions.documentId, document.id), eq(documentVersions.version, 1)));
    const altered = await as(api, tokens.office).get(`/api/documents/${document.id}/versions/1/signatures`);
    const missing = await as(api, tokens.office).get(`/api/documents/${document.id}/versions/2/signatures`);

    // then
    expect(signed.status).toBe(200);
    expect(signed.body).toEqual([
      {
        id: expect.any(String),
        documentId: document.id,
        version: 1,
        contentHash: crypto.createHash('sha256').update('第一条 ……', 'utf8').digest('hex'),
        signer: 'leader',
        role: 'leader',
        decision: 'approve',
        signedAt: '2026-11-27T01:00:00.000Z',
        signature: expect.any(String),
        keyId: expect.stringMatching(/^[0-9a-f]{64}$/),
        algorithm: 'ed25519',
        valid: true,
      },
    ]);
    expect(altered.body).toEqual([expect.objectContaining({ id: signed.body[0].id, valid: false })]);
    expect(missing.status).toBe(404);
  });
});
