import { eq } from 'drizzle-orm';
import { stakeholderPushes, stakeholders } from '../../../store/schema';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, commission, draftDocument, tokensFor, STARTUP_MS, type Person } from './support';

const CONTACT = { phone: '024-22222222', email: 'contact@waimao.example.cn', wechat: 'waimao_2026', postalAddress: '沈阳市和平区某路1号' };

describe('stakeholders: contact data confidential to the drafting department', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let documentId: string;
  let stakeholderId: string;

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
    documentId = (await draftDocument(api, tokens.drafter)).id;
    const created = await as(api, tokens.drafter).post(`/api/documents/${documentId}/stakeholders`).send({ name: '沈阳某外贸公司', kind: 'enterprise', collectedVia: 'symposium', contact: CONTACT });
    expect(created.status).toBe(201);
    stakeholderId = created.body.id;
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('stores contact data only encrypted, bound to the stakeholder, and never in the audit log', async () => {
    // when
    const [row] = await api.database.db.select().from(stakeholders).where(eq(stakeholders.id, stakeholderId));
    const audit = await api.ctx.audit.list({ resource: 'stakeholder', resourceId: stakeholderId, limit: 5 });

    // then
    expect(row!.contactCiphertext).toMatch(/^v1\./);
    for (const value of Object.values(CONTACT)) expect(row!.contactCiphertext).not.toContain(value);
    expect(api.ctx.contacts.open(stakeholderId, row!.contactCiphertext)).toEqual(CONTACT);
    expect(() => api.ctx.contacts.open('another-record', row!.contactCiphertext)).toThrow();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(CONTACT.phone);
  });

  it('shows the drafting department the contact data', async () => {
    // when
    const list = await as(api, tokens.drafter).get(`/api/documents/${documentId}/stakeholders`);
    const one = await as(api, tokens.drafter).get(`/api/stakeholders/${stakeholderId}`);

    // then
    expect(list.body).toEqual([expect.objectContaining({ id: stakeholderId, name: '沈阳某外贸公司', contact: CONTACT })]);
    expect(one.body.contact).toEqual(CONTACT);
    expect(list.body[0]).not.toHaveProperty('contactCiphertext');
  });

  it('shows the General Office, supervisors and admins the list without contact data', async () => {
    for (const who of ['office', 'supervisor', 'admin'] as const) {
      // when
      const list = await as(api, tokens[who]).get(`/api/documents/${documentId}/stakeholders`);

      // then
      expect(list.status).toBe(200);
      expect(list.body[0]).toMatchObject({ id: stakeholderId, kind: 'enterprise' });
      expect(list.body[0]).not.toHaveProperty('contact');
      expect(JSON.stringify(list.body)).not.toContain(CONTACT.email);
    }
  });

  it('refuses every other department, office and role', async () => {
    for (const who of ['otherDrafter', 'research', 'legal', 'leader', 'finance'] as const) {
      // when
      const list = await as(api, tokens[who]).get(`/api/documents/${documentId}/stakeholders`);
      const one = await as(api, tokens[who]).get(`/api/stakeholders/${stakeholderId}`);

      // then
      expect([who, list.status, one.status]).toEqual([who, 403, 403]);
      expect(JSON.stringify(list.body) + JSON.stringify(one.body)).not.toContain(CONTACT.phone);
    }
  });

  it('refuses an evaluator, even one evaluating the document', async () => {
    // given
    await commission(api, tokens, documentId, 'evaluator-a');

    // when
    const own = await as(api, tokens.evaluator).get(`/api/documents/${documentId}/stakeholders`);
    const other = await as(api, tokens.otherEvaluator).get(`/api/documents/${documentId}/stakeholders`);

    // then
    expect(own.status).toBe(403);
    expect(other.status).toBe(404);
  });

  it('lets only the drafting department register and correct stakeholders', async () => {
    // when
    const foreign = await as(api, tokens.otherDrafter).post(`/api/documents/${documentId}/stakeholders`).send({ name: 'x', kind: 'citizen', collectedVia: 'online', contact: { phone: '1' } });
    const office = await as(api, tokens.office).patch(`/api/stakeholders/${stakeholderId}`).send({ name: '改名' });
    const noContact = await as(api, tokens.drafter).post(`/api/documents/${documentId}/stakeholders`).send({ name: 'x', kind: 'citizen', collectedVia: 'online', contact: {} });
    const corrected = await as(api, tokens.drafter).patch(`/api/stakeholders/${stakeholderId}`).send({ contact: { ...CONTACT, phone: '024-33333333' } });

    // then
    expect(foreign.status).toBe(403);
    expect(office.status).toBe(403);
    expect(noContact.status).toBe(400);
    expect(corrected.body.contact.phone).toBe('024-33333333');
    const [entry] = await api.ctx.audit.list({ resource: 'stakeholder', resourceId: stakeholderId, limit: 1 });
    expect(entry).toMatchObject({ action: 'stakeholder.update', after: { contactChanged: true } });
    expect(JSON.stringify(entry)).not.toContain('024-33333333');
  });

  it('lists the pushes: names and details for the drafting department, due dates and outcomes for oversight', async () => {
    // given: the stakeholder-push worker recorded one delivered and one overdue push
    const now = api.clock.now();
    await api.database.db.insert(stakeholderPushes).values([
      { id: 'push-1', documentId, stakeholderId, channel: 'email', dueAt: now + 3600_000, pushedAt: now, outcome: 'delivered', detail: 'sent to contact@waimao.example.cn', jobKey: '1' },
      { id: 'push-2', documentId, stakeholderId, channel: 'phone', dueAt: now - 3600_000, pushedAt: null, outcome: 'pending', detail: null, jobKey: '2' },
    ]);

    // when
    const drafter = await as(api, tokens.drafter).get(`/api/documents/${documentId}/pushes`);
    const office = await as(api, tokens.office).get(`/api/documents/${documentId}/pushes`);
    const legal = await as(api, tokens.legal).get(`/api/documents/${documentId}/pushes`);

    // then
    expect(drafter.body.map((p: { id: string; overdue: boolean }) => [p.id, p.overdue])).toEqual([['push-2', true], ['push-1', false]]);
    expect(drafter.body[1]).toMatchObject({ stakeholderName: '沈阳某外贸公司', detail: 'sent to contact@waimao.example.cn', outcome: 'delivered' });
    expect(office.body[0]).toMatchObject({ id: 'push-2', channel: 'phone', overdue: true });
    expect(office.body[0]).not.toHaveProperty('stakeholderName');
    expect(JSON.stringify(office.body)).not.toContain('contact@waimao');
    expect(legal.status).toBe(403);
  });
});
