import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOptions } from '@node-rs/argon2';
import request from 'supertest';
import { hashPassword } from '../../../api/auth.service';
import { TokenService } from '../../../api/tokens';
import { departments, users } from '../../../store/schema';
import { UserRepository } from '../../../store/user.repository';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { bearer } from './support';

/** Writes a login user with an Argon2id password. */
async function addUser(api: TestApi, user: { id: string; username: string; password: string; roles: string[]; departmentId?: string; disabled?: boolean; demo?: boolean }) {
  await api.database.db.insert(users).values({
    id: user.id,
    username: user.username,
    name: `${user.username} 同志`,
    passwordHash: await hashPassword(user.password),
    departmentId: user.departmentId ?? null,
    roles: user.roles,
    demoPassword: user.demo ? 1 : 0,
    createdAt: api.clock.now(),
    disabledAt: user.disabled ? api.clock.now() : null,
  });
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789' });
    await api.database.db.insert(departments).values({ id: 'dept-commerce', name: '市商务局', nameEn: 'Commerce Bureau', kind: 'department' });
    await addUser(api, { id: 'u-li', username: 'li', password: 'correct horse', roles: ['drafting-dept'], departmentId: 'dept-commerce' });
    await addUser(api, { id: 'u-off', username: 'gone', password: 'whatever1', roles: ['admin'], disabled: true });
  });
  afterAll(() => api.close());

  const login = (username: string, password: string) => request(api.app).post('/api/auth/login').send({ username, password });

  it('logs in with the right password and tells who is logged in', async () => {
    // when
    const res = await login('li', 'correct horse');
    const me = await request(api.app).get('/api/me').set('Authorization', bearer(res.body.token));

    // then
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, user: me.body });
    expect(me.body).toEqual({
      id: 'u-li',
      username: 'li',
      name: 'li 同志',
      department: { id: 'dept-commerce', name: '市商务局' },
      roles: ['drafting-dept'],
      groups: ['drafting-dept', 'dept-commerce'],
    });
    const [entry] = (await api.ctx.audit.list({ actor: 'u-li', limit: 1 })) as { action: string }[];
    expect(entry?.action).toBe('auth.login');
  });

  it('stores passwords as Argon2id', async () => {
    // when
    const user = await new UserRepository(api.database.db).findByUsername('li');

    // then
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(parseOptions(user!.passwordHash).algorithm).toBe(2); // Argon2id
  });

  it('refuses a wrong password, an unknown user and a disabled user alike', async () => {
    // when
    const responses = [await login('li', 'wrong'), await login('nobody', 'correct horse'), await login('gone', 'whatever1')];

    // then
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'UNAUTHENTICATED', message: 'wrong username or password, or the token is invalid' });
    }
  });

  it('limits failed logins per address and username with 429 RATE_LIMITED', async () => {
    // given ten failed attempts for one username
    await addUser(api, { id: 'u-target', username: 'target', password: 'the-real-one', roles: ['leader'] });
    for (let i = 0; i < 10; i++) expect((await login('target', `guess-${i}`)).status).toBe(401);

    // when the eleventh comes, even with the right password
    const limited = await login('target', 'the-real-one');
    const otherUser = await login('li', 'correct horse');

    // then it is refused, while another username from the same address still logs in
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(otherUser.status).toBe(200);
  });

  it('rotates refresh tokens: each works once, and a replay revokes the family', async () => {
    // given a session
    const first = (await login('li', 'correct horse')).body;

    // when the refresh token is used, then used again
    const rotated = await request(api.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    const replay = await request(api.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    const afterReplay = await request(api.app).post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken });

    // then the first use gives a new pair, the replay is refused and the new token was revoked with it
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ token: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect((await request(api.app).get('/api/me').set('Authorization', bearer(rotated.body.token))).status).toBe(200);
    expect(replay.status).toBe(401);
    expect(afterReplay.status).toBe(401);
    const actions = ((await api.ctx.audit.list({ actor: 'u-li', limit: 5 })) as { action: string }[]).map((e) => e.action);
    expect(actions).toContain('auth.refresh-replayed');
  });

  it('lets exactly one of two concurrent refreshes with one token win', async () => {
    // given
    const { refreshToken } = (await login('li', 'correct horse')).body;

    // when
    const results = await Promise.all([1, 2].map(() => request(api.app).post('/api/auth/refresh').send({ refreshToken })));

    // then
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuses tokens with alg none, expired, tampered, foreign-issuer or foreign-secret', async () => {
    // given a valid token and its parts
    const valid = (await login('li', 'correct horse')).body.token as string;
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const principal = { id: 'u-li', username: 'li', name: 'li', roles: ['drafting-dept' as const], departmentId: 'dept-commerce' };
    const secret = 'a-test-secret-that-is-long-enough-0123456789';
    const bad = {
      none: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, roles: ['admin'] })}.`,
      expired: api.ctx.tokens.signAccess(principal, Math.floor(Date.now() / 1000) - 3600),
      tampered: `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`,
      wrongIssuer: new TokenService({ algorithm: 'HS256', signingKey: secret, verifyingKey: secret, issuer: 'someone-else', accessTtlSeconds: 900 }).signAccess(principal),
      otherSecret: new TokenService({ algorithm: 'HS256', signingKey: 'another-secret-another-secret-another', verifyingKey: 'x', issuer: 'policy-flow', accessTtlSeconds: 900 }).signAccess(principal),
    };

    // when / then
    expect((await request(api.app).get('/api/me').set('Authorization', bearer(valid))).status).toBe(200);
    for (const [what, token] of Object.entries(bad)) {
      const res = await request(api.app).get('/api/me').set('Authorization', bearer(token));
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status: 401, code: 'UNAUTHENTICATED' });
    }
    expect((await request(api.app).get('/api/me')).status).toBe(401);
    expect((await request(api.app).get('/api/me').set('Authorization', `Basic ${Buffer.from('li:correct horse').toString('base64')}`)).status).toBe(401);
  });
});

describe('authentication with RS256 key files', () => {
  let api: TestApi;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-rs256-'));
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    fs.writeFileSync(path.join(dir, 'private.pem'), privateKey);
    fs.writeFileSync(path.join(dir, 'public.pem'), publicKey);
    api = await startTestApi({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY_FILE: path.join(dir, 'private.pem'), JWT_PUBLIC_KEY_FILE: path.join(dir, 'public.pem') });
    await addUser(api, { id: 'u-wang', username: 'wang', password: 'pa55word!', roles: ['leader'] });
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs with the private key and verifies with the public key', async () => {
    // when
    const res = await request(api.app).post('/api/auth/login').send({ username: 'wang', password: 'pa55word!' });
    const me = await request(api.app).get('/api/me').set('Authorization', bearer(res.body.token));

    // then
    expect(res.status).toBe(200);
    expect(JSON.parse(Buffer.from(res.body.token.split('.')[0], 'base64url').toString()).alg).toBe('RS256');
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(['leader']);
  });

  it('refuses an HS256 token signed with the public key (algorithm confusion)', async () => {
    // given the public key used as an HMAC secret
    const publicKey = fs.readFileSync(path.join(dir, 'public.pem'), 'utf8');
    const forged = crypto.createHmac('sha256', publicKey);
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'u-wang', username: 'wang', name: 'x', roles: ['admin'], dept: null, iss: 'policy-flow', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })}`;
    const token = `${unsigned}.${forged.update(unsigned).digest('base64url')}`;

    // when
    const res = await request(api.app).get('/api/me').set('Authorization', bearer(token));

    // then
    expect(res.status).toBe(401);
  });
});

describe('authentication in production', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-long-enough-0123456789', CONTACT_KEY: crypto.randomBytes(32).toString('base64') });
    await addUser(api, { id: 'u-demo', username: 'demo', password: 'demo123', roles: ['admin'], demo: true });
    await addUser(api, { id: 'u-real', username: 'real', password: 'a-real-password', roles: ['admin'] });
  });
  afterAll(() => api.close());

  it('refuses users still on a published demo password', async () => {
    // when
    const demo = await request(api.app).post('/api/auth/login').send({ username: 'demo', password: 'demo123' });
    const real = await request(api.app).post('/api/auth/login').send({ username: 'real', password: 'a-real-password' });

    // then
    expect(demo.status).toBe(401);
    expect(real.status).toBe(200);
  });
});
