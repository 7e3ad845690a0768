import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Job, Variables } from '../../engine/port';
import { documentVersions } from '../../store/schema';
import { startTestEngine, T0, type TestEngine } from '../../test/support/engine-harness';
import { unreachableDatabase } from '../../test/workers/unreachable-database';
import { givenDocument, givenProcessOf } from '../../test/workers/records';
import { SIGN_OFF_TASK_TYPE, signOffWorker } from './handler';
import { contentHash, verifySignature } from './signature';
import { SignatureRepository } from './signature.repository';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE } from './signing-key';

const FIXTURE = path.resolve(process.cwd(), 'test/workers/fixtures/sign-off-leader-approval.bpmn');
const DRAFT = '关于促进民营经济发展的若干措施\n第一条 为优化营商环境，制定本措施。\n';
const { privateKey: serverKey } = crypto.generateKeyPairSync('ed25519');

describe('sign-off worker on the engine', () => {
  let t: TestEngine;
  let repository: SignatureRepository;

  beforeEach(async () => {
    t = await startTestEngine();
    repository = new SignatureRepository(t.database.db);
    t.engine.createWorker(signOffWorker({ signatures: repository, signingKey: serverKey, clock: t.clock }));
    await t.engine.deployResources([{ name: 'sign-off-leader-approval.bpmn', content: fs.readFileSync(FIXTURE, 'utf8') }]);
  });
  afterEach(() => t.close());

  const start = (variables: Variables) => t.engine.createProcessInstance({ bpmnProcessId: 'sign-off-leader-approval', variables });

  it('the leader’s approval of the draft is signed, stored and verifiable, and a one-character change breaks it', async () => {
    // when
    const { processInstanceKey } = await start({ documentId: 'DOC-2026-017', version: 3, draftText: DRAFT, leader: 'wang.wu', leaderDecision: null });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then the process holds the signature and the stored row verifies against the exact text only
    const variables = (await t.engine.getProcessInstance(processInstanceKey))?.variables;
    expect(variables?.leaderSignature).toEqual({ id: expect.any(String), contentHash: contentHash(DRAFT), signedAt: new Date(T0).toISOString(), version: 3, documentId: 'DOC-2026-017', decision: 'approve' });
    const [row] = await repository.forDocumentVersion('DOC-2026-017', 3);
    expect(row).toMatchObject({ signer: 'wang.wu', role: 'leader', decision: 'approve', signedAt: T0 });
    expect(verifySignature(row!, DRAFT, serverKey)).toBe(true);
    expect(verifySignature(row!, DRAFT.replace('优化', '改善'), serverKey)).toBe(false);
  });

  it('without a text it signs the stored text of the version, and a document the product does not hold raises an incident that names it, without retries', async () => {
    // given version 3 of DOC-2026-018 is stored, DOC-2026-017 is not
    await givenDocument(t.database.db, { id: 'DOC-2026-018', title: '关于促进民营经济发展的若干措施' }, 3);

    // when both are signed without a text
    const stored = await start({ documentId: 'DOC-2026-018', version: 3, draftText: null, leader: 'wang.wu', leaderDecision: 'approve' });
    const unknown = await start({ documentId: 'DOC-2026-017', version: 3, draftText: null, leader: 'wang.wu', leaderDecision: 'approve' });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === stored.processInstanceKey);
    await t.waitFor('incident.created', (e) => e.processInstanceKey === unknown.processInstanceKey);

    // then the stored text is signed
    const [row] = await repository.forDocumentVersion('DOC-2026-018', 3);
    expect(verifySignature(row!, (await repository.storedVersion('DOC-2026-018', 3))!.content, serverKey)).toBe(true);
    // and the unknown document is an incident
    const [incident] = await t.engine.listIncidents({ processInstanceKey: unknown.processInstanceKey });
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'JOB_NO_RETRIES', elementId: 'Task_SignOff' });
    expect(incident!.errorMessage).toBe("invalid sign-off input: documentId: no document 'DOC-2026-017'");
    expect(await repository.forDocumentVersion('DOC-2026-017', 3)).toEqual([]);
  });
});

describe('sign-off handler', () => {
  let t: TestEngine;
  let repository: SignatureRepository;
  let handler: ReturnType<typeof signOffWorker>['handler'];
  let jobKey = 5000;

  beforeAll(async () => {
    t = await startTestEngine();
    repository = new SignatureRepository(t.database.db);
    handler = signOffWorker({ signatures: repository, signingKey: serverKey, clock: t.clock }).handler;
  });
  afterAll(() => t.close());

  const job = (variables: Variables, key = String(++jobKey), processInstanceKey = '1'): Job => ({ key, type: SIGN_OFF_TASK_TYPE, retries: 3, processInstanceKey, variables }) as Job;
  const leaderApproval = { documentId: 'DOC-2026-021', version: 1, content: DRAFT, signer: 'wang.wu', role: 'leader' };
  const signedRow = async (documentId: string) => (await repository.forDocumentVersion(documentId, 1)).at(-1)!;

  it('signs the SHA-256 of the exact text and the signature verifies with the server key only', async () => {
    // when
    const outcome = await handler(job({ ...leaderApproval, decision: 'reject' }));

    // then
    expect(outcome).toMatchObject({ outcome: 'complete', variables: { signature: { contentHash: contentHash(DRAFT) } } });
    const row = await signedRow('DOC-2026-021');
    expect(row).toMatchObject({ decision: 'reject', contentHash: crypto.createHash('sha256').update(Buffer.from(DRAFT, 'utf8')).digest('hex') });
    expect(verifySignature(row, DRAFT, serverKey)).toBe(true);
    expect(verifySignature(row, DRAFT, crypto.createPublicKey(serverKey))).toBe(true);
    expect(verifySignature(row, DRAFT, crypto.generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });

  it.each([
    ['one character added', `${DRAFT} `],
    ['one character changed', DRAFT.replace('第一条', '第二条')],
    ['a line ending changed', DRAFT.replace(/\n/g, '\r\n')],
  ])('%s invalidates the signature', async (_, changed) => {
    // given
    await handler(job({ ...leaderApproval, documentId: 'DOC-2026-022' }));
    const row = await signedRow('DOC-2026-022');

    // then
    expect(verifySignature(row, DRAFT, serverKey)).toBe(true);
    expect(verifySignature(row, changed, serverKey)).toBe(false);
  });

  it('a tampered or forged row fails verification', async () => {
    // given a genuine signature
    await handler(job({ ...leaderApproval, documentId: 'DOC-2026-023' }));
    const row = await signedRow('DOC-2026-023');
    const otherText = '另一份文件';
    const forger = crypto.generateKeyPairSync('ed25519').privateKey;
    const forgedSignature = crypto.sign(null, Buffer.from('{}'), forger).toString('base64');

    // then every changed field, and a signature made with another key, is rejected
    for (const tampered of [
      { ...row, decision: 'reject' as const },
      { ...row, signer: 'li.si' },
      { ...row, role: 'drafting-dept' },
      { ...row, version: 2 },
      { ...row, signedAt: row.signedAt + 1 },
      { ...row, documentId: 'DOC-2026-024' },
      { ...row, signature: forgedSignature },
      { ...row, signature: 'not base64 at all' },
    ]) {
      expect(verifySignature(tampered, DRAFT, serverKey)).toBe(false);
    }
    expect(verifySignature({ ...row, contentHash: contentHash(otherText) }, otherText, serverKey)).toBe(false);
  });

  it('a retried job returns the signature it already stored and signs nothing new', async () => {
    // given
    const key = String(++jobKey);
    const first = await handler(job({ ...leaderApproval, documentId: 'DOC-2026-025' }, key));
    t.clock.advance(60_000);

    // when the same job runs again
    const again = await handler(job({ ...leaderApproval, documentId: 'DOC-2026-025' }, key));

    // then
    expect(again).toEqual(first);
    expect(await repository.forDocumentVersion('DOC-2026-025', 1)).toHaveLength(1);
  });

  it('signs a content hash when the text lives elsewhere, and version and decision from static mappings', async () => {
    // when
    const outcome = await handler(job({ ...leaderApproval, documentId: 'DOC-2026-026', content: null, contentHash: contentHash(DRAFT).toUpperCase(), version: '1', decision: 'approve' }));

    // then
    expect(outcome.outcome).toBe('complete');
    expect(verifySignature(await signedRow('DOC-2026-026'), DRAFT, serverKey)).toBe(true);
  });

  describe('without a text: the stored version', () => {
    const storedText = async (documentId: string, version: number) => (await repository.storedVersion(documentId, version))!.content;
    const alter = (documentId: string, version: number, content: string) =>
      t.database.db.update(documentVersions).set({ content }).where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));

    beforeAll(async () => {
      await givenDocument(t.database.db, { id: 'doc-linked', title: '由流程关联的文件' }, 2);
      await givenProcessOf(t.database.db, '4242', 'doc-linked', 'publication-interpretation');
      await givenDocument(t.database.db, { id: 'doc-altered', title: '正文被改动的文件' }, 1);
    });

    it('signs the current version of the document linked to the process, and outputs what it signed', async () => {
      // when the diagram maps neither document, version nor text
      const outcome = await handler(job({ documentId: null, version: null, signer: 'leader', role: 'leader', decision: 'approve' }, undefined, '4242'));

      // then version 2's stored text is signed and the signature says so
      const [row] = await repository.forDocumentVersion('doc-linked', 2);
      expect(outcome).toEqual({
        outcome: 'complete',
        variables: { signature: { id: row!.id, contentHash: contentHash(await storedText('doc-linked', 2)), signedAt: new Date(t.clock.now()).toISOString(), version: 2, documentId: 'doc-linked', decision: 'approve' } },
      });
      expect(verifySignature(row!, await storedText('doc-linked', 2), serverKey)).toBe(true);
      expect(verifySignature(row!, await storedText('doc-linked', 1), serverKey)).toBe(false);
    });

    it('signs an earlier version when the diagram names it', async () => {
      // when
      await handler(job({ documentId: 'doc-linked', version: 1, signer: 'leader', role: 'leader', decision: 'reject' }));

      // then
      const [row] = await repository.forDocumentVersion('doc-linked', 1);
      expect(row).toMatchObject({ version: 1, decision: 'reject', signer: 'leader' });
      expect(verifySignature(row!, await storedText('doc-linked', 1), serverKey)).toBe(true);
    });

    it('refuses without retries to sign a stored text altered since it was saved, and signs nothing', async () => {
      // given the text changed in the database behind the product's back (its recorded hash did not)
      await alter('doc-altered', 1, `${await storedText('doc-altered', 1)}第二条 本措施自发布之日起施行。\n`);

      // when
      const outcome = await handler(job({ documentId: 'doc-altered', signer: 'leader', role: 'leader', decision: 'approve' }));

      // then
      expect(outcome).toEqual({
        outcome: 'fail',
        retries: 0,
        errorMessage: "sign-off refused: the stored text of document 'doc-altered' version 1 no longer matches the hash recorded when it was saved: it was altered, and is not signed",
      });
      expect(await repository.forDocumentVersion('doc-altered', 1)).toEqual([]);
    });

    it.each([
      ['a version the document does not have', { documentId: 'doc-linked', version: 3 }, "version: document 'doc-linked' has no version 3"],
      ['no document and none linked to the process', { documentId: null }, 'documentId: required (no document is linked to this process instance)'],
      ['a document the product does not hold', { documentId: 'doc-missing' }, "documentId: no document 'doc-missing'"],
      ['no signer (the task was completed outside the inbox)', { documentId: 'doc-linked', signer: null }, 'signer'],
    ])('%s fails without retries, naming it', async (_, variables, problem) => {
      // when
      const outcome = await handler(job({ signer: 'leader', role: 'leader', decision: 'approve', ...variables }));

      // then
      expect(outcome).toMatchObject({ outcome: 'fail', retries: 0, errorMessage: expect.stringContaining(problem) });
      expect(await repository.forDocumentVersion('doc-linked', 3)).toEqual([]);
    });

    it('a database failure is retried with back-off, one retry fewer', async () => {
      // given a database that went away
      const lost = await unreachableDatabase();
      const offline = signOffWorker({ signatures: new SignatureRepository(lost.db), signingKey: serverKey, clock: t.clock }).handler;

      // when
      const outcome = await offline(job({ documentId: 'doc-linked', signer: 'leader', role: 'leader' }));
      await lost.close();

      // then
      expect(outcome).toMatchObject({ outcome: 'fail', retries: 2, retryBackOff: 30_000, errorMessage: expect.stringMatching(/^sign-off: connect ECONNREFUSED/) });
    });
  });

  it.each([
    [{ contentHash: contentHash(DRAFT) }, 'content: give content or contentHash, not both'],
    [{ documentId: null }, 'documentId: required when the text or its hash is given'],
    [{ version: null, content: null, contentHash: contentHash(DRAFT) }, 'version: required when the text or its hash is given'],
    [{ content: null, contentHash: 'abc' }, 'contentHash: expected a hex digest (64 digits)'],
    [{ version: 0 }, 'version'],
    [{ version: 'v2' }, 'version: expected a whole number'],
    [{ signer: ' ' }, 'signer: required'],
    [{ role: null }, 'role'],
    [{ decision: 'abstain' }, 'decision'],
  ])('given %j it fails without retries, naming %s', async (change, problem) => {
    // when
    const outcome = await handler(job({ ...leaderApproval, documentId: 'DOC-2026-027', ...change }));

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 0 });
    expect((outcome as { errorMessage: string }).errorMessage).toContain(problem);
    expect(await repository.forDocumentVersion('DOC-2026-027', 1)).toEqual([]);
  });
});

describe('the server signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-key-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is created once as an owner-only PEM and loaded again on the next start', () => {
    // when
    const created = loadOrCreateSigningKey(path.join(dir, 'data'));
    const loaded = loadOrCreateSigningKey(path.join(dir, 'data'));

    // then
    const file = path.join(dir, 'data', SIGNING_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(created.asymmetricKeyType).toBe('ed25519');
    expect(loaded.export({ type: 'pkcs8', format: 'der' })).toEqual(created.export({ type: 'pkcs8', format: 'der' }));
  });

  it('refuses a key file that is not Ed25519', () => {
    // given
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    fs.writeFileSync(path.join(dir, SIGNING_KEY_FILE), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

    // then
    expect(() => loadOrCreateSigningKey(dir)).toThrow('is not an Ed25519 private key (found ec)');
  });
});
