import request from 'supertest';
import { count } from 'drizzle-orm';
import { documents } from '../../../store/schema';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, draftDocument, HOSTILE, tokensFor, STARTUP_MS, type Person } from './support';

describe('hostile input on the records routes', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
  }, STARTUP_MS);
  afterAll(() => api.close());

  it.each(HOSTILE)('stores %j verbatim in every text field and returns it as JSON data', async (evil) => {
    // given / when
    const drafter = as(api, tokens.drafter);
    const document = await drafter.post('/api/documents').send({ title: evil, category: 'talent', summary: evil, number: evil, content: evil, note: evil }).expect(201);
    const consultation = await drafter.post(`/api/documents/${document.body.id}/consultations`).send({ summary: evil, title: evil }).expect(201);
    const comment = await request(api.app).post(`/api/public/consultations/${consultation.body.id}/comments`).set('X-Forwarded-For', `192.0.2.${HOSTILE.indexOf(evil) + 10}`).send({ authorName: evil, contact: evil, content: evil }).expect(201);
    await drafter.post(`/api/comments/${comment.body.id}/disposition`).send({ disposition: 'rejected', reason: evil }).expect(200);
    const meeting = await drafter
      .post(`/api/documents/${document.body.id}/meetings`)
      .send({ kind: 'symposium', subject: evil, place: evil, heldAt: '2026-11-20T09:00:00+08:00', participants: [{ name: evil, affiliation: evil, role: evil }], minutes: evil })
      .expect(201);
    const stakeholder = await drafter.post(`/api/documents/${document.body.id}/stakeholders`).send({ name: evil, kind: 'citizen', collectedVia: 'online', contact: { address: evil } }).expect(201);
    const evaluator = await as(api, tokens.office).post('/api/evaluators').send({ name: evil, kind: 'firm', qualifications: evil, relatedDepartments: [] }).expect(201);

    // then
    const read = await drafter.get(`/api/documents/${document.body.id}`);
    expect(read.headers['content-type']).toMatch(/^application\/json/);
    expect(read.headers['x-content-type-options']).toBe('nosniff');
    expect(read.body).toMatchObject({ title: evil, summary: evil, number: evil });
    expect((await drafter.get(`/api/documents/${document.body.id}/versions/1`)).body).toMatchObject({ content: evil, note: evil });
    expect((await request(api.app).get(`/api/public/consultations/${consultation.body.id}`)).body).toMatchObject({ title: evil, summary: evil, draftText: evil });
    expect((await drafter.get(`/api/consultations/${consultation.body.id}/comments`)).body.items[0]).toMatchObject({ authorName: evil, content: evil, dispositionReason: evil, contact: { phone: evil } });
    expect((await drafter.get(`/api/meetings/${meeting.body.id}`)).body).toMatchObject({ subject: evil, place: evil, minutes: evil, participants: [{ name: evil, affiliation: evil, role: evil }] });
    expect((await drafter.get(`/api/stakeholders/${stakeholder.body.id}`)).body).toMatchObject({ name: evil, contact: { address: evil } });
    expect((await as(api, tokens.office).get(`/api/evaluators/${evaluator.body.id}`)).body).toMatchObject({ name: evil, qualifications: evil });
    const search = await drafter.get('/api/documents').query({ q: evil });
    expect(search.body.items.map((d: { id: string }) => d.id)).toEqual([document.body.id]);
    expect((await api.database.db.select({ n: count() }).from(documents))[0]!.n).toBeGreaterThan(0);
  });

  it('answers injection in paths and queries with clean 4xx or empty results, never 500', async () => {
    // given
    const drafter = as(api, tokens.drafter);
    await draftDocument(api, tokens.drafter);

    // when
    const responses = await Promise.all([
      drafter.get(`/api/documents/${encodeURIComponent("1' OR '1'='1")}`),
      drafter.get(`/api/consultations/${encodeURIComponent('x; DROP TABLE comments')}/comments`),
      drafter.get('/api/documents').query({ q: "' OR 1=1 --" }),
      drafter.get('/api/documents').query({ status: "drafting' OR 1=1" }),
      drafter.get('/api/documents').query({ page: '-1' }),
      drafter.get('/api/documents').query({ pageSize: '100000' }),
      drafter.get('/api/documents?q=a&q=b'),
      request(api.app).get('/api/public/catalogue').query({ q: '%' }),
    ]);

    // then
    expect(responses.map((r) => r.status)).toEqual([404, 404, 200, 400, 400, 400, 400, 200]);
    expect(responses[2]!.body.items).toEqual([]);
    expect(responses[7]!.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    for (const res of responses) expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('refuses invalid dates, wrong types, unknown fields, malformed JSON and oversized bodies, changing nothing', async () => {
    // given
    const drafter = as(api, tokens.drafter);
    const document = await draftDocument(api, tokens.drafter);
    const before = (await drafter.get(`/api/documents/${document.id}/meetings`)).body.length;
    const meeting = (body: object) => drafter.post(`/api/documents/${document.id}/meetings`).send({ kind: 'symposium', subject: 's', place: 'p', participants: [], ...body });

    // when
    const invalidDate = await meeting({ heldAt: '2026-02-30T09:00:00+08:00' });
    const noOffset = await meeting({ heldAt: '2026-11-20T09:00' });
    const wrongType = await meeting({ heldAt: 1_700_000_000_000 });
    const unknownKind = await meeting({ heldAt: '2026-11-20T09:00:00+08:00', kind: 'party' });
    const unknownField = await meeting({ heldAt: '2026-11-20T09:00:00+08:00', createdBy: 'someone-else' });
    const malformed = await drafter.post(`/api/documents/${document.id}/meetings`).set('Content-Type', 'application/json').send('{"kind": "symposium",');
    const oversized = await drafter.post(`/api/documents/${document.id}/versions`).send({ content: '字'.repeat(400_000) });
    const arrayBody = await drafter.post('/api/documents').send([{ title: 't', category: 'talent' }]);

    // then
    expect([invalidDate.status, noOffset.status, wrongType.status, unknownKind.status, unknownField.status, malformed.status]).toEqual([400, 400, 400, 400, 400, 400]);
    expect(invalidDate.body.error).toMatchObject({ code: 'INVALID', details: [{ field: 'heldAt' }] });
    expect(unknownField.body.error.details).toEqual([expect.objectContaining({ field: '(body)' })]);
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe('TOO_LARGE');
    expect(arrayBody.status).toBe(400);
    expect((await drafter.get(`/api/documents/${document.id}/meetings`)).body).toHaveLength(before);
    expect((await drafter.get(`/api/documents/${document.id}`)).body.currentVersion).toBe(1);
  });
});
