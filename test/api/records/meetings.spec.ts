import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, draftDocument, tokensFor, STARTUP_MS, type Person } from './support';

const DAY = 24 * 3600_000;

describe('meetings and expert opinions', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let documentId: string;
  const at = (days: number) => new Date(api.clock.now() + days * DAY).toISOString();

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
    documentId = (await draftDocument(api, tokens.drafter)).id;
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('records a symposium that was held, with participants and minutes', async () => {
    // when
    const res = await as(api, tokens.drafter)
      .post(`/api/documents/${documentId}/meetings`)
      .send({
        kind: 'symposium',
        subject: '企业代表座谈会',
        place: '市商务局三楼会议室',
        heldAt: at(-2),
        participants: [{ name: '李四', affiliation: '沈阳某外贸企业', role: 'enterprise' }, { name: '王五', affiliation: '市外贸协会', role: 'association' }],
        minutes: '与会企业建议延长补贴期限。',
      });

    // then
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'symposium', documentId, participants: [{ name: '李四' }, { name: '王五' }], minutes: '与会企业建议延长补贴期限。', createdBy: 'user-drafter' });
    const list = await as(api, tokens.research).get(`/api/documents/${documentId}/meetings`).query({ kind: 'symposium' });
    expect(list.body.map((m: { id: string }) => m.id)).toEqual([res.body.id]);
  });

  it('announces a hearing before it is held: an announcement after the hearing, or no chair, is 422', async () => {
    // given
    const hearing = { kind: 'hearing', subject: '补贴标准听证', place: '市政府听证室', participants: [] };

    // when
    const lateNotice = await as(api, tokens.drafter).post(`/api/documents/${documentId}/meetings`).send({ ...hearing, heldAt: at(5), announcedAt: at(6), chair: '市商务局' });
    const noChair = await as(api, tokens.drafter).post(`/api/documents/${documentId}/meetings`).send({ ...hearing, heldAt: at(5) });
    const announced = await as(api, tokens.drafter).post(`/api/documents/${documentId}/meetings`).send({ ...hearing, heldAt: at(5), chair: '市商务局' });

    // then
    expect(lateNotice.status).toBe(422);
    expect(lateNotice.body.error.code).toBe('HEARING_NOT_ANNOUNCED');
    expect(noChair.body.error.code).toBe('CHAIR_REQUIRED');
    expect(announced.status).toBe(201);
    expect(announced.body.announcedAt).toBe(new Date(api.clock.now()).toISOString());
  });

  it('keeps minutes only once a meeting was held', async () => {
    // given
    const hearing = await as(api, tokens.drafter)
      .post(`/api/documents/${documentId}/meetings`)
      .send({ kind: 'hearing', subject: '听证', place: '听证室', heldAt: at(3), chair: '市法制办', participants: [] })
      .expect(201);

    // when
    const early = await as(api, tokens.drafter).patch(`/api/meetings/${hearing.body.id}`).send({ minutes: '听证记录' });
    api.clock.advance(4 * DAY);
    const held = await as(api, tokens.drafter).patch(`/api/meetings/${hearing.body.id}`).send({ minutes: '听证记录', participants: [{ name: '陈六', role: 'citizen' }] });
    const moved = await as(api, tokens.drafter).patch(`/api/meetings/${hearing.body.id}`).send({ heldAt: at(-30) });

    // then
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('MEETING_NOT_HELD');
    expect(held.status).toBe(200);
    expect(held.body.participants).toEqual([{ name: '陈六', role: 'citizen' }]);
    expect(moved.body.error.code).toBe('HEARING_NOT_ANNOUNCED');
    const [entry] = await api.ctx.audit.list({ resource: 'meeting', resourceId: hearing.body.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'meeting.update', before: { minutes: '' }, after: { minutes: '听证记录' } });
  });

  it('takes one written opinion from each invited expert of an expert review', async () => {
    // given
    const review = await as(api, tokens.drafter)
      .post(`/api/documents/${documentId}/meetings`)
      .send({ kind: 'expert-review', subject: '合法性论证', place: '会议室', heldAt: at(-1), participants: [{ name: '赵教授', role: 'expert' }, { name: '钱研究员', role: 'expert' }], minutes: '论证记录' })
      .expect(201);
    const opinion = (body: object) => as(api, tokens.drafter).post(`/api/meetings/${review.body.id}/opinions`).send(body);

    // when
    const first = await opinion({ expertName: '赵教授', affiliation: '东北大学', opinion: '同意，建议细化第五条' });
    const twice = await opinion({ expertName: '赵教授', opinion: '再说一次' });
    const stranger = await opinion({ expertName: '孙某', opinion: '未受邀' });
    const foreign = await as(api, tokens.otherDrafter).post(`/api/meetings/${review.body.id}/opinions`).send({ expertName: '钱研究员', opinion: 'x' });
    const detail = await as(api, tokens.leader).get(`/api/meetings/${review.body.id}`);

    // then
    expect(first.status).toBe(201);
    expect(twice.body.error.code).toBe('OPINION_EXISTS');
    expect(stranger.status).toBe(422);
    expect(foreign.status).toBe(403);
    expect(detail.body.opinions).toEqual([expect.objectContaining({ expertName: '赵教授', affiliation: '东北大学', meetingId: review.body.id })]);
    expect((await as(api, tokens.office).get(`/api/documents/${documentId}/opinions`)).body).toHaveLength(1);
  });

  it('refuses opinions on meetings that are not expert reviews', async () => {
    // given
    const symposium = await as(api, tokens.office)
      .post(`/api/documents/${documentId}/meetings`)
      .send({ kind: 'symposium', subject: '座谈', place: '会议室', heldAt: at(-1), participants: [] })
      .expect(201);

    // when
    const res = await as(api, tokens.office).post(`/api/meetings/${symposium.body.id}/opinions`).send({ expertName: '赵教授', opinion: 'x' });

    // then
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOT_AN_EXPERT_REVIEW');
  });
});
