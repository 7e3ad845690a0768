import request from 'supertest';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer, fixture, rowCounts, shippedProcess } from './support';

describe('process definitions', () => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.tokenFor({ roles: ['admin'] });
    leader = await api.tokenFor({ roles: ['leader'] });
  });
  afterAll(() => api.close());

  const deploy = (name: string, xml: string, token = admin) => request(api.app).post('/api/definitions').set('Authorization', bearer(token)).send({ name, xml });

  it('deploys a shipped diagram and lists, versions and serves it back', async () => {
    // given
    const xml = shippedProcess('research-deliberation');

    // when
    const deployed = await deploy('research-deliberation.bpmn', xml);
    const list = await request(api.app).get('/api/definitions').set('Authorization', bearer(leader));
    const versions = await request(api.app).get('/api/definitions/research-deliberation').set('Authorization', bearer(leader));
    const served = await request(api.app).get('/api/definitions/research-deliberation/versions/1/xml').set('Authorization', bearer(leader));

    // then
    expect(deployed.status).toBe(201);
    expect(deployed.body.processes).toEqual([{ bpmnProcessId: 'research-deliberation', version: 1, processDefinitionKey: expect.stringMatching(/^\d+$/) }]);
    expect(list.body).toEqual([{ bpmnProcessId: 'research-deliberation', name: '市政府重大政策性文件调研论证', latestVersion: 1, versions: 1 }]);
    expect(versions.body).toEqual({
      bpmnProcessId: 'research-deliberation',
      name: '市政府重大政策性文件调研论证',
      versions: [{ version: 1, processDefinitionKey: deployed.body.processes[0].processDefinitionKey, resourceName: 'research-deliberation.bpmn', createdAt: '2026-11-27T01:00:00.000Z' }],
    });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toMatch(/^text\/xml/);
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect(served.text).toBe(xml);
    const [entry] = (await api.ctx.audit.list({ resource: 'definition', limit: 1 })) as { action: string; after: { processes: unknown[] } }[];
    expect(entry?.action).toBe('definition.deploy');
    expect(entry?.after.processes).toEqual(deployed.body.processes);
  });

  it('adds a version when the diagram changes', async () => {
    // given v1 deployed
    await deploy('versioned.bpmn', fixture('versioned-v1.bpmn'));

    // when v2 is deployed
    const v2 = await deploy('versioned.bpmn', fixture('versioned-v2.bpmn'));
    const versions = await request(api.app).get('/api/definitions/versioned').set('Authorization', bearer(admin));

    // then
    expect(v2.body.processes[0].version).toBe(2);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('refuses a diagram that fails the Camunda 8.5 lint with 422 LINT_FAILED and element ids, deploying nothing', async () => {
    // given
    const before = await rowCounts(api.database.db, ['process_definitions', 'audit_log']);

    // when
    const res = await deploy('broken.bpmn', fixture('versioned-lint-error.bpmn'));

    // then
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('LINT_FAILED');
    expect(res.body.error.details).toContainEqual({ elementId: 'Task_Work', message: expect.any(String), rule: expect.stringMatching(/^LINT_/) });
    expect(await rowCounts(api.database.db, ['process_definitions', 'audit_log'])).toEqual(before);
  });

  it('refuses elements the embedded engine does not support', async () => {
    // when
    const res = await deploy('unsupported.bpmn', fixture('versioned-unsupported.bpmn'));

    // then
    expect(res.status).toBe(422);
    expect(res.body.error.details.some((d: { rule: string }) => d.rule === 'UNSUPPORTED_ELEMENT')).toBe(true);
  });

  it('lints without deploying: problems for a bad diagram, none for a good one', async () => {
    // when
    const bad = await request(api.app).post('/api/definitions/lint').set('Authorization', bearer(admin)).send({ xml: fixture('versioned-lint-error.bpmn') });
    const good = await request(api.app).post('/api/definitions/lint').set('Authorization', bearer(admin)).send({ xml: shippedProcess('third-party-evaluation') });
    const list = await request(api.app).get('/api/definitions').set('Authorization', bearer(admin));

    // then
    expect(bad.status).toBe(200);
    expect(bad.body.problems).toContainEqual({ elementId: 'Task_Work', message: expect.any(String), rule: expect.stringMatching(/^LINT_/) });
    expect(good.body).toEqual({ problems: [] });
    expect(list.body.map((d: { bpmnProcessId: string }) => d.bpmnProcessId)).not.toContain('third-party-evaluation');
  });

  it('answers 404 for unknown processes and versions, 400 for malformed ids', async () => {
    // when
    const unknown = await request(api.app).get('/api/definitions/no-such-process').set('Authorization', bearer(admin));
    const noVersion = await request(api.app).get('/api/definitions/research-deliberation/versions/9/xml').set('Authorization', bearer(admin));
    const malformed = await request(api.app).get('/api/definitions/research-deliberation/versions/abc/xml').set('Authorization', bearer(admin));

    // then
    expect(unknown.status).toBe(404);
    expect(noVersion.status).toBe(404);
    expect(malformed.status).toBe(400);
  });

  it('lets only admins deploy and lint', async () => {
    // when
    const deployAsLeader = await deploy('x.bpmn', shippedProcess('publication-interpretation'), leader);
    const lintAsLeader = await request(api.app).post('/api/definitions/lint').set('Authorization', bearer(leader)).send({ xml: 'x' });

    // then
    expect(deployAsLeader.status).toBe(403);
    expect(lintAsLeader.status).toBe(403);
  });
});
