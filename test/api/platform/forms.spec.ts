import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { seedForms } from '../../../api/forms.service';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, rowCounts } from './support';

const shippedForms = () => fs.readdirSync(path.resolve('processes/forms')).filter((f) => f.endsWith('.form'));

describe('forms and element templates', () => {
  let api: TestApi;
  let admin: string;
  let clerk: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.tokenFor({ id: 'u-admin', roles: ['admin'] });
    clerk = await api.tokenFor({ roles: ['general-office'] });
  });
  afterAll(() => api.close());

  it('seeds every shipped form once', async () => {
    // when seeded twice
    const first = await seedForms(api.database.db, { now: api.clock.now() });
    const second = await seedForms(api.database.db, { now: api.clock.now() });

    // then each shipped form was added once
    expect(first.sort()).toEqual(shippedForms().map((f) => JSON.parse(fs.readFileSync(path.resolve('processes/forms', f), 'utf8')).id).sort());
    expect(second).toEqual([]);
  });

  it('lists the forms with a display name and serves a form-js schema', async () => {
    // when
    const list = await request(api.app).get('/api/forms').set('Authorization', bearer(clerk));
    const hearing = await request(api.app).get('/api/forms/hearing').set('Authorization', bearer(clerk));

    // then
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual({ id: 'hearing', name: '召开听证会', version: 1, updatedAt: '2026-11-27T01:00:00.000Z' });
    expect(hearing.body).toEqual(JSON.parse(fs.readFileSync(path.resolve('processes/forms/hearing.form'), 'utf8')));
  });

  it('lets an admin edit a form: the version rises and the audit keeps before and after', async () => {
    // given
    const original = (await request(api.app).get('/api/forms/hearing').set('Authorization', bearer(admin))).body;
    const edited = { ...original, components: [...original.components, { id: 'Field_extra', type: 'textfield', key: 'extraNote', label: '备注' }] };

    // when
    const res = await request(api.app).put('/api/forms/hearing').set('Authorization', bearer(admin)).send(edited);
    await seedForms(api.database.db); // a restart seeds again
    const reread = await request(api.app).get('/api/forms/hearing').set('Authorization', bearer(clerk));

    // then the edit survives the seeding
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'hearing', version: 2 });
    expect(reread.body).toEqual(edited);
    const [entry] = (await api.ctx.audit.list({ resource: 'form', resourceId: 'hearing', limit: 1 })) as { action: string; actor: string; before: { version: number; schema: unknown }; after: { version: number } }[];
    expect(entry).toMatchObject({ action: 'form.update', actor: 'u-admin', before: { version: 1, schema: original }, after: { version: 2 } });
  });

  it('creates a new form with PUT', async () => {
    // when
    const res = await request(api.app)
      .put('/api/forms/new-form')
      .set('Authorization', bearer(admin))
      .send({ id: 'new-form', type: 'default', components: [{ type: 'text', text: '# 新表单' }, { type: 'textfield', key: 'a', label: 'A' }] });
    const list = await request(api.app).get('/api/forms').set('Authorization', bearer(admin));

    // then
    expect(res.body).toEqual({ id: 'new-form', version: 1 });
    expect(list.body).toContainEqual(expect.objectContaining({ id: 'new-form', name: '新表单' }));
  });

  it('refuses schemas that are not form-js forms, changing nothing', async () => {
    // given
    const before = await rowCounts(api.database.db, ['forms', 'audit_log']);
    const put = (id: string, body: unknown) => request(api.app).put(`/api/forms/${id}`).set('Authorization', bearer(admin)).send(body as object);

    // when
    const responses = await Promise.all([
      put('hearing', { id: 'hearing' }), // no components
      put('hearing', { id: 'other', components: [] }), // id differs from the path
      put('hearing', { id: 'hearing', components: [{ label: 'no type' }] }),
      put('hearing', { id: 'hearing', components: [{ type: 'textfield', key: 'a b' }] }), // not a data key
      put('hearing', { id: 'hearing', components: [{ type: 'textfield', key: 'a' }, { type: 'group', components: [{ type: 'number', key: 'a' }] }] }), // duplicate key
      put('bad id!', { id: 'bad id!', components: [] }),
    ]);

    // then
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(await rowCounts(api.database.db, ['forms', 'audit_log'])).toEqual(before);
  });

  it('answers 404 for an unknown form and 403 when a non-admin edits', async () => {
    // when
    const unknown = await request(api.app).get('/api/forms/no-such-form').set('Authorization', bearer(clerk));
    const edit = await request(api.app).put('/api/forms/hearing').set('Authorization', bearer(clerk)).send({ id: 'hearing', components: [] });

    // then
    expect(unknown.status).toBe(404);
    expect(edit.status).toBe(403);
  });

  it("serves the workers' element templates", async () => {
    // when
    const res = await request(api.app).get('/api/element-templates').set('Authorization', bearer(clerk));

    // then
    const expected = fs.readdirSync(path.resolve('workers')).filter((w) => fs.existsSync(path.resolve('workers', w, 'template.json')));
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(expected.length);
    expect(res.body.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['policy-flow.notify']));
  });

  it('seeds nothing from a folder that does not exist', async () => {
    // when
    const added = await seedForms(api.database.db, { dir: path.join(os.tmpdir(), 'no-such-forms-folder') });

    // then
    expect(added).toEqual([]);
  });
});
