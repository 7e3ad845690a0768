import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Job, JobOutcome, Variables } from '../../engine/port';
import { PublicationRepository } from '../../store/publication.repository';
import { documentVersions, publications } from '../../store/schema';
import { startTestEngine, type TestEngine } from '../../test/support/engine-harness';
import { givenDocument } from '../../test/workers/records';
import { publishWorker, PUBLISH_TASK_TYPE } from '../publish/handler';
import { SIGN_OFF_TASK_TYPE, signOffWorker } from './handler';
import { contentHash, type SignOffKeys, verifySignature } from './signature';
import { SignatureRepository } from './signature.repository';
import { loadSignOffKeys } from './signing-key';
import { sm2KeyId, sm3Hash } from './sm2';

const ITEMS = { text: 'https://www.shenyang.gov.cn/zwgk/1.html', interpretation: 'https://www.shenyang.gov.cn/zcjd/1.html' };

describe('sign-off with SM2/SM3 (SIGN_OFF_ALGORITHM=sm2-sm3)', () => {
  let t: TestEngine;
  let signatures: SignatureRepository;
  let ed25519Keys: SignOffKeys;
  let sm2Keys: SignOffKeys;
  let jobKey = 7000;

  beforeAll(async () => {
    t = await startTestEngine();
    signatures = new SignatureRepository(t.database.db);
    // a server that signed with Ed25519 and was then switched to SM2: both keys in its data folder
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sign-off-keys-'));
    ed25519Keys = loadSignOffKeys(dir);
    sm2Keys = loadSignOffKeys(dir, 'sm2-sm3');
  });
  afterAll(() => t.close());

  const job = (type: string, variables: Variables): Job => ({ key: String(++jobKey), type, retries: 3, processInstanceKey: '1', variables }) as Job;
  const sign = (keys: SignOffKeys, documentId: string) =>
    signOffWorker({ signatures, signingKey: keys, clock: t.clock }).handler(job(SIGN_OFF_TASK_TYPE, { documentId, signer: 'leader', role: 'leader', decision: 'approve' }));
  const idOf = (outcome: JobOutcome) => (outcome as unknown as { variables: { signature: { id: string } } }).variables.signature.id;
  const storedText = async (documentId: string) => (await signatures.storedVersion(documentId, 1))!.content;

  it('signs the SM3 digest of the stored text with the SM2 key; it verifies against that text only', async () => {
    // given
    await givenDocument(t.database.db, { id: 'doc-sm2', title: '沈阳市优化营商环境若干措施' });
    const text = await storedText('doc-sm2');

    // when
    const outcome = await sign(sm2Keys, 'doc-sm2');

    // then the row says SM2, carries the SM3 of the text (not its SHA-256) and the SM2 key's id
    expect(outcome).toMatchObject({ outcome: 'complete', variables: { signature: { contentHash: sm3Hash(text) } } });
    const [row] = await signatures.forDocumentVersion('doc-sm2', 1);
    expect(row).toMatchObject({ algorithm: 'sm2-sm3', contentHash: sm3Hash(text), keyId: sm2KeyId(sm2Keys.sm2!.publicKey) });
    expect(row!.contentHash).not.toBe(contentHash(text));
    expect(verifySignature(row!, text, sm2Keys)).toBe(true);
    expect(verifySignature(row!, `${text} `, sm2Keys)).toBe(false);
    // and only the SM2 key verifies it
    expect(verifySignature(row!, text, { ...sm2Keys, sm2: { publicKey: loadSignOffKeys(fs.mkdtempSync(path.join(os.tmpdir(), 'other-')), 'sm2-sm3').sm2!.publicKey } })).toBe(false);
    expect(verifySignature(row!, text, sm2Keys.ed25519)).toBe(false);
  });

  it('signatures made with Ed25519 before the switch still verify with the switched keyring', async () => {
    // given
    await givenDocument(t.database.db, { id: 'doc-before', title: '切换前签发的文件' });
    const before = await sign(ed25519Keys, 'doc-before');

    // then
    const [row] = await signatures.forDocumentVersion('doc-before', 1);
    expect(row).toMatchObject({ id: idOf(before), algorithm: 'ed25519' });
    expect(verifySignature(row!, await storedText('doc-before'), sm2Keys)).toBe(true);
  });

  it('publication accepts an SM2 approval of the version and refuses it once the stored text changed', async () => {
    // given two documents approved with SM2
    await givenDocument(t.database.db, { id: 'doc-sm2-pub', title: '沈阳市促进消费若干措施' });
    await givenDocument(t.database.db, { id: 'doc-sm2-edit', title: '沈阳市促进就业若干措施' });
    const publish = publishWorker({ publications: new PublicationRepository(t.database.db), signOffKey: sm2Keys, clock: t.clock }).handler;
    const approved = idOf(await sign(sm2Keys, 'doc-sm2-pub'));
    const edited = idOf(await sign(sm2Keys, 'doc-sm2-edit'));
    await t.database.db
      .update(documentVersions)
      .set({ content: `${await storedText('doc-sm2-edit')}第九条 删除。` })
      .where(and(eq(documentVersions.documentId, 'doc-sm2-edit'), eq(documentVersions.version, 1)));

    // when
    const ok = await publish(job(PUBLISH_TASK_TYPE, { documentId: 'doc-sm2-pub', items: ITEMS, signatureId: approved }));
    const refused = await publish(job(PUBLISH_TASK_TYPE, { documentId: 'doc-sm2-edit', items: ITEMS, signatureId: edited }));

    // then
    expect(ok).toMatchObject({ outcome: 'complete' });
    expect(await t.database.db.select().from(publications).where(eq(publications.documentId, 'doc-sm2-pub'))).toEqual([expect.objectContaining({ signatureId: approved })]);
    expect(refused).toMatchObject({ outcome: 'fail', retries: 0 });
    expect((refused as { errorMessage: string }).errorMessage).toContain('the stored text of the version was changed after it was signed');
    expect(await t.database.db.select().from(publications).where(eq(publications.documentId, 'doc-sm2-edit'))).toEqual([]);
  });

  it('a server configured for SM2 without its private key refuses to start the worker', () => {
    // then
    expect(() => signOffWorker({ signatures, signingKey: { ...sm2Keys, sm2: { publicKey: sm2Keys.sm2!.publicKey } }, clock: t.clock })).toThrow('needs the SM2 private key');
    expect(crypto.createPublicKey(sm2Keys.ed25519).asymmetricKeyType).toBe('ed25519');
  });
});
