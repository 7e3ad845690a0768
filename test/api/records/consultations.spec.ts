import request from 'supertest';
import { eq } from 'drizzle-orm';
import { comments } from '../../../store/schema';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, draftDocument, tokensFor, STARTUP_MS, type Person } from './support';

const DAY = 24 * 3600_000;
const SUMMARY = '起草背景、目的和依据，必要性、可行性，对相关群体的预期影响';

describe('public consultations, comments and dispositions', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let ip = 0;
  /** The public, from a fresh address each time (the comment limit is per IP). */
  const publicly = () => {
    ip += 1;
    const from = `203.0.113.${ip}`;
    return { get: (url: string) => request(api.app).get(url).set('X-Forwarded-For', from), post: (url: string) => request(api.app).post(url).set('X-Forwarded-For', from) };
  };
  const openRound = async (body: Record<string, unknown> = {}) => {
    const document = await draftDocument(api, tokens.drafter);
    const res = await as(api, tokens.drafter).post(`/api/documents/${document.id}/consultations`).send({ summary: SUMMARY, ...body });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return { document, consultation: res.body as { id: string; round: number; closesAt: string; opensAt: string } };
  };

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('opens a first round for 15 calendar days, closing at 18:00 on the next working day when the 15th is a weekend', async () => {
    // given: Friday 2026-11-27 09:00 in Shenyang; 15 days later is Saturday 12 December
    const { document, consultation } = await openRound();

    // then
    expect(consultation).toMatchObject({ round: 1, version: 1, title: '关于促进外贸稳定增长的若干措施', opensAt: '2026-11-27T01:00:00.000Z', closesAt: '2026-12-14T10:00:00.000Z' });
    expect((await as(api, tokens.leader).get(`/api/documents/${document.id}`)).body.status).toBe('consultation');
  });

  it('refuses a period shorter than 15 days, or than 7 when urgent, with 422', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);
    const open = (body: Record<string, unknown>) => as(api, tokens.drafter).post(`/api/documents/${document.id}/consultations`).send({ summary: SUMMARY, ...body });

    // when
    const short = await open({ closesAt: '2026-12-11T18:00:00+08:00' });
    const urgentShort = await open({ urgent: true, closesAt: '2026-12-03T18:00:00+08:00' });
    const urgent = await open({ urgent: true, closesAt: '2026-12-04T18:00:00+08:00' });

    // then
    expect(short.status).toBe(422);
    expect(short.body.error.code).toBe('PERIOD_TOO_SHORT');
    expect(urgentShort.status).toBe(422);
    expect(urgent.status).toBe(201);
  });

  it('numbers rounds, one at a time; re-consultation needs the changed draft', async () => {
    // given
    const { document } = await openRound({ urgent: true });
    const again = () => as(api, tokens.drafter).post(`/api/documents/${document.id}/consultations`).send({ summary: SUMMARY, urgent: true });

    // when
    const whileOpen = await again();
    api.clock.advance(20 * DAY);
    const sameDraft = await again();
    await as(api, tokens.drafter).post(`/api/documents/${document.id}/versions`).send({ content: '实质性修改后的草案' }).expect(201);
    const second = await again();
    const rounds = await as(api, tokens.office).get(`/api/documents/${document.id}/consultations`);

    // then
    expect(whileOpen.body.error.code).toBe('CONSULTATION_RUNNING');
    expect(sameDraft.body.error.code).toBe('UNCHANGED_DRAFT');
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ round: 2, version: 2 });
    expect(rounds.body.map((r: { round: number; state: string }) => [r.round, r.state])).toEqual([[1, 'closed'], [2, 'open']]);
  });

  it('shows the public the open consultations and the draft text, without a token', async () => {
    // given
    const { consultation } = await openRound();

    // when
    const list = await publicly().get('/api/public/consultations');
    const one = await publicly().get(`/api/public/consultations/${consultation.id}`);

    // then
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toContain(consultation.id);
    expect(one.body).toMatchObject({ id: consultation.id, summary: SUMMARY, draftText: '第一条 ……', open: true, closesAt: consultation.closesAt });
  });

  it('takes a public comment while open, sealing the contact, and refuses one after closing with 409 CONSULTATION_CLOSED', async () => {
    // given
    const { consultation } = await openRound();

    // when
    const accepted = await publicly().post(`/api/public/consultations/${consultation.id}/comments`).send({ authorName: '张三', contact: { phone: '13800000000' }, content: '建议延长补贴期限' });
    api.clock.advance(30 * DAY);
    const late = await publicly().post(`/api/public/consultations/${consultation.id}/comments`).send({ content: '迟到的意见' });
    const listed = await publicly().get('/api/public/consultations');

    // then
    expect(accepted.status).toBe(201);
    const [row] = await api.database.db.select().from(comments).where(eq(comments.id, accepted.body.id));
    expect(row!.contactCiphertext).not.toContain('13800000000');
    expect(api.ctx.contacts.open(row!.id, row!.contactCiphertext!)).toEqual({ phone: '13800000000' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CONSULTATION_CLOSED');
    expect(listed.body.map((c: { id: string }) => c.id)).not.toContain(consultation.id);
    const [entry] = await api.ctx.audit.list({ resource: 'comment', resourceId: accepted.body.id, limit: 1 });
    expect(entry).toMatchObject({ actor: 'public', action: 'comment.submit', after: { content: '建议延长补贴期限', hasContact: true } });
    expect(JSON.stringify(entry)).not.toContain('13800000000');
  });

  it('hides a consultation from the public before it opens and refuses comments on it', async () => {
    // given
    const document = await draftDocument(api, tokens.drafter);
    const later = await as(api, tokens.drafter).post(`/api/documents/${document.id}/consultations`).send({ summary: SUMMARY, opensAt: new Date(api.clock.now() + 3 * DAY).toISOString() }).expect(201);

    // when
    const read = await publicly().get(`/api/public/consultations/${later.body.id}`);
    const comment = await publicly().post(`/api/public/consultations/${later.body.id}/comments`).send({ content: '早到的意见' });

    // then
    expect(read.status).toBe(404);
    expect(comment.status).toBe(404);
  });

  it('limits public comment text and refuses unknown fields', async () => {
    // given
    const { consultation } = await openRound();
    const post = (body: unknown) => publicly().post(`/api/public/consultations/${consultation.id}/comments`).send(body as object);

    // when
    const tooLong = await post({ content: '意'.repeat(5_001) });
    const blank = await post({ content: '   ' });
    const longName = await post({ content: 'ok', authorName: 'n'.repeat(101) });
    const extra = await post({ content: 'ok', disposition: 'adopted' });

    // then
    expect([tooLong.status, blank.status, longName.status, extra.status]).toEqual([400, 400, 400, 400]);
    expect((await as(api, tokens.drafter).get(`/api/consultations/${consultation.id}/comments`)).body.total).toBe(0);
  });

  it('rate-limits public comments per address with 429 RATE_LIMITED', async () => {
    // given
    const { consultation } = await openRound();
    const from = (address: string) => request(api.app).post(`/api/public/consultations/${consultation.id}/comments`).set('X-Forwarded-For', address).send({ content: '意见' });

    // when
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await from('198.51.100.7')).status);
    const otherAddress = await from('198.51.100.8');

    // then
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(otherAddress.status).toBe(201);
  });

  it('shows commenters’ contact data to the drafting department only', async () => {
    // given
    const { consultation } = await openRound();
    await publicly().post(`/api/public/consultations/${consultation.id}/comments`).send({ contact: 'zhang@example.cn', content: '意见' }).expect(201);

    // when
    const drafter = await as(api, tokens.drafter).get(`/api/consultations/${consultation.id}/comments`);
    const office = await as(api, tokens.office).get(`/api/consultations/${consultation.id}/comments`);

    // then
    expect(drafter.body.items[0]).toMatchObject({ hasContact: true, contact: { email: 'zhang@example.cn' } });
    expect(office.body.items[0].hasContact).toBe(true);
    expect(office.body.items[0]).not.toHaveProperty('contact');
    expect(JSON.stringify(office.body)).not.toContain('zhang@example.cn');
  });

  it('lets only the drafting department decide comments; a rejection without a reason is 422', async () => {
    // given
    const { consultation } = await openRound();
    const comment = await publicly().post(`/api/public/consultations/${consultation.id}/comments`).send({ content: '取消限制条件' }).expect(201);
    const decide = (who: Person, body: object) => as(api, tokens[who]).post(`/api/comments/${comment.body.id}/disposition`).send(body);

    // when
    const noReason = await decide('drafter', { disposition: 'rejected' });
    const blankReason = await decide('drafter', { disposition: 'rejected', reason: '  ' });
    const office = await decide('office', { disposition: 'adopted' });
    const admin = await decide('admin', { disposition: 'adopted' });
    const rejected = await decide('drafter', { disposition: 'rejected', reason: '与上位法规定不一致', category: 'legality' });

    // then
    expect(noReason.status).toBe(422);
    expect(noReason.body.error).toMatchObject({ code: 'REASON_REQUIRED', details: [{ field: 'reason', message: 'required when the comment is rejected' }] });
    expect(blankReason.status).toBe(422);
    expect([office.status, admin.status]).toEqual([403, 403]);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ disposition: 'rejected', dispositionReason: '与上位法规定不一致', category: 'legality', disposedBy: 'user-drafter' });
    const pending = await as(api, tokens.drafter).get(`/api/consultations/${consultation.id}/comments`).query({ disposition: 'pending' });
    expect(pending.body.total).toBe(0);
  });

  it('takes comments from staff of other departments while open', async () => {
    // given
    const { consultation } = await openRound();

    // when
    const staff = await as(api, tokens.legal).post(`/api/consultations/${consultation.id}/comments`).send({ content: '第三条缺少法律依据' });
    const evaluator = await as(api, tokens.evaluator).post(`/api/consultations/${consultation.id}/comments`).send({ content: 'x' });

    // then
    expect(staff.status).toBe(201);
    expect(staff.body).toMatchObject({ authorName: 'Name of legal (legal-office)', hasContact: false });
    expect(evaluator.status).toBe(403);
    expect((await as(api, tokens.office).get(`/api/consultations/${consultation.id}`)).body).toMatchObject({ state: 'open', commentCount: 1 });
  });
});
