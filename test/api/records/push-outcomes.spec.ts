import { eq } from 'drizzle-orm';
import { stakeholderPushes } from '../../../store/schema';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, commission, draftDocument, givenPush, tokensFor, STARTUP_MS, type Person } from './support';

const CONTACT = { phone: '024-22222222', email: 'contact@waimao.example.cn', postalAddress: '沈阳市和平区某路1号' };

describe('pushes by phone or post: the drafting department records their outcome', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let documentId: string;
  let n = 0;

  /** A stakeholder of the document with a phone, an e-mail address and a postal address. */
  const stakeholder = async () =>
    (await as(api, tokens.drafter).post(`/api/documents/${documentId}/stakeholders`).send({ name: `沈阳某外贸公司${(n += 1)}`, kind: 'enterprise', collectedVia: 'symposium', contact: CONTACT }).expect(201)).body.id as string;
  const row = async (id: string) => (await api.database.db.select().from(stakeholderPushes).where(eq(stakeholderPushes.id, id)))[0]!;
  const record = (who: Person, id: string, body: object) => as(api, tokens[who]).post(`/api/pushes/${id}/outcome`).send(body);

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
    documentId = (await draftDocument(api, tokens.drafter)).id;
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('records a phone push as delivered at the time of the call, shows it to oversight without the detail and audits it without the detail', async () => {
    // given the stakeholder-push worker left a phone push to staff
    const push = await givenPush(api, { documentId, stakeholderId: await stakeholder(), channel: 'phone' });

    // when the department reports the call it made at 08:30
    const res = await record('drafter', push.id, { outcome: 'delivered', detail: '已电话告知024-22222222并预约免费培训', pushedAt: '2026-11-27T08:30:00+08:00' });

    // then
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: push.id, channel: 'phone', outcome: 'delivered', pushedAt: '2026-11-27T00:30:00.000Z', overdue: false, detail: '已电话告知024-22222222并预约免费培训', stakeholderName: expect.any(String) });
    expect(await row(push.id)).toMatchObject({ outcome: 'delivered', pushedAt: Date.parse('2026-11-27T08:30:00+08:00') });
    const oversight = (await as(api, tokens.office).get(`/api/documents/${documentId}/pushes`)).body.find((p: { id: string }) => p.id === push.id);
    expect(oversight).toMatchObject({ outcome: 'delivered', pushedAt: '2026-11-27T00:30:00.000Z' });
    expect(oversight).not.toHaveProperty('detail');
    const audit = await api.ctx.audit.list({ resource: 'stakeholder-push', resourceId: push.id, limit: 5 });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'user-drafter',
        action: 'push.outcome',
        before: { outcome: 'pending', pushedAt: null },
        after: { outcome: 'delivered', pushedAt: Date.parse('2026-11-27T08:30:00+08:00'), channel: 'phone', stakeholderId: push.stakeholderId, detailRecorded: true },
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('024-22222222');
  });

  it('records a failed post push with its reason, now unless told when; a failure without a reason is refused', async () => {
    // given
    const push = await givenPush(api, { documentId, stakeholderId: await stakeholder(), channel: 'post' });

    // when
    const withoutReason = await record('drafter', push.id, { outcome: 'failed' });
    const failed = await record('drafter', push.id, { outcome: 'failed', detail: '地址有误，信件退回' });

    // then
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.error.details).toEqual([{ field: 'detail', message: 'required when the push failed' }]);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ outcome: 'failed', detail: '地址有误，信件退回', pushedAt: new Date(api.clock.now()).toISOString() });
  });

  it('refuses a second outcome, a push the worker sends itself, a time in the future, other outcomes and unknown fields', async () => {
    // given
    const stakeholderId = await stakeholder();
    const phone = await givenPush(api, { documentId, stakeholderId, channel: 'phone' });
    const email = await givenPush(api, { documentId, stakeholderId, channel: 'email' });
    await record('drafter', phone.id, { outcome: 'delivered' }).expect(200);

    // when
    const responses = await Promise.all([
      record('drafter', phone.id, { outcome: 'failed', detail: '重复登记' }),
      record('drafter', email.id, { outcome: 'delivered' }),
      record('drafter', 'no-such-push', { outcome: 'delivered' }),
    ]);
    const post = await givenPush(api, { documentId, stakeholderId, channel: 'post' });
    const invalid = await Promise.all([
      record('drafter', post.id, { outcome: 'delivered', pushedAt: '2026-11-28T09:00:00+08:00' }),
      record('drafter', post.id, { outcome: 'pending' }),
      record('drafter', post.id, { outcome: 'delivered', stakeholderId: 'someone-else' }),
      record('drafter', post.id, { outcome: 'delivered', pushedAt: '2026-11-27 08:00' }),
      record('drafter', post.id, { outcome: 'delivered', detail: '   ' }),
    ]);

    // then
    expect(responses.map((res) => [res.status, res.body.error.code])).toEqual([
      [409, 'CONFLICT'],
      [409, 'CONFLICT'],
      [404, 'NOT_FOUND'],
    ]);
    expect(invalid.map((res) => res.status)).toEqual([400, 400, 400, 400, 400]);
    expect(await row(phone.id)).toMatchObject({ outcome: 'delivered' });
    expect(await row(email.id)).toMatchObject({ outcome: 'pending', pushedAt: null });
    expect(await row(post.id)).toMatchObject({ outcome: 'pending', pushedAt: null });
  });

  it('lets only the drafting department record, and hides the push from an evaluator who does not see the document', async () => {
    // given evaluator-a evaluates the document, evaluator-b does not
    const push = await givenPush(api, { documentId, stakeholderId: await stakeholder(), channel: 'phone' });
    await commission(api, tokens, documentId, 'evaluator-a');

    // when
    const refused = ['otherDrafter', 'office', 'supervisor', 'admin', 'leader', 'evaluator', 'otherEvaluator'] as const;
    const statuses = await Promise.all(refused.map(async (who) => [who, (await record(who, push.id, { outcome: 'delivered' })).status]));

    // then
    expect(statuses).toEqual([
      ['otherDrafter', 403],
      ['office', 403],
      ['supervisor', 403],
      ['admin', 403],
      ['leader', 403],
      ['evaluator', 403],
      ['otherEvaluator', 404],
    ]);
    expect(await row(push.id)).toMatchObject({ outcome: 'pending', pushedAt: null });
    expect(await api.ctx.audit.list({ resource: 'stakeholder-push', resourceId: push.id, limit: 5 })).toEqual([]);
  });
});
