import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Job, JobOutcome, Variables } from '../../engine/port';
import { PublicationRepository } from '../../store/publication.repository';
import { catalogueEntries, cleanupCampaigns, documents, documentVersions, publications } from '../../store/schema';
import { startTestEngine, T0, type TestEngine } from '../../test/support/engine-harness';
import { ProcessScenario } from '../../test/processes/scenario';
import { unreachableDatabase } from '../../test/workers/unreachable-database';
import { DAY, givenDocument, givenProcessOf } from '../../test/workers/records';
import { SIGN_OFF_TASK_TYPE, signOffWorker } from '../sign-off/handler';
import { SignatureRepository } from '../sign-off/signature.repository';
import { leaderDecides, LEADER } from '../sign-off/testing';
import { publishWorker, PUBLISH_TASK_TYPE } from './handler';

const FIXTURE = path.resolve(process.cwd(), 'test/workers/fixtures/publish-catalogue.bpmn');
const PORTAL = 'https://www.shenyang.gov.cn/zwgk';
const TITLE = '沈阳市促进数字经济发展若干政策措施';
/** All five parts, as a diagram maps them (FEEL context form). */
const ITEMS = {
  text: `${PORTAL}/fdzdgknr/1.html`,
  implementingRules: `${PORTAL}/fdzdgknr/2.html`,
  supportingMeasures: [`${PORTAL}/fdzdgknr/3.html`, `${PORTAL}/fdzdgknr/4.html`],
  policyList: `${PORTAL}/fdzdgknr/5.html`,
  interpretation: `${PORTAL}/zcjd/1.html`,
};
/** Friday 27 November 2026, 09:00 in Shenyang: the engine clock of the tests. */
const PUBLISHED_AT = '2026-11-27T09:00:00+08:00';
/** The server's sign-off key: the sign-off worker signs with it, the publish worker verifies with its public half. */
const { privateKey: SIGNING_KEY, publicKey: SIGN_OFF_KEY } = crypto.generateKeyPairSync('ed25519');

describe('publish worker on the engine', () => {
  let s: ProcessScenario;
  let repository: PublicationRepository;

  beforeEach(async () => {
    s = await ProcessScenario.start('publication-interpretation');
    repository = new PublicationRepository(s.t.database.db);
    s.t.engine.createWorker(signOffWorker({ signatures: new SignatureRepository(s.t.database.db), signingKey: SIGNING_KEY, clock: s.t.clock }));
    s.t.engine.createWorker(publishWorker({ publications: repository, signOffKey: SIGN_OFF_KEY, clock: s.t.clock }));
    await givenDocument(s.t.database.db, { id: 'doc-digital', number: '沈政发〔2026〕21号', title: TITLE, draftingDept: 'dept-industry' }, 2);
  });
  afterEach(() => s.close());

  /** Plan and sign-off of doc-digital; the General Office then registers `materials` (the publication-materials form). */
  async function signOffAndRegister(materials: Variables) {
    await s.begin({ draftingDept: 'dept-industry', stakeholders: [], documentId: 'doc-digital' });
    await s.complete('Task_InterpretationPlan', { interpretationTime: '发布当日', interpretationMethods: ['qa'], interpretationOutline: '提纲', interpretationMaterials: '解读材料', publicConcern: 'normal' });
    await s.complete('Task_SignOff', leaderDecides(true));
    await s.complete('Task_PublicationMaterials', materials);
  }

  it('on the day of sign-off the text, implementing rules, supporting measures, policy list and interpretation are published together, and the document enters the catalogue', async () => {
    // when the leader signs draft and plan off and the General Office registers every part it put on the portal
    await signOffAndRegister({
      publishedTextUrl: ITEMS.text,
      publishedInterpretationUrl: ITEMS.interpretation,
      publishedParts: [
        { kind: 'implementing-rules', url: ITEMS.implementingRules },
        { kind: 'supporting-measures', url: ITEMS.supportingMeasures[0] },
        { kind: 'supporting-measures', url: ITEMS.supportingMeasures[1] },
        { kind: 'policy-list', url: ITEMS.policyList },
      ],
    });
    await s.userTask('Task_TrackOpinion');

    // then one publication holds all parts at one instant, and the process knows where and when
    const variables = await s.variables();
    expect(variables).toMatchObject({ publicationUrl: ITEMS.text, publishedAt: PUBLISHED_AT, pushDueDate: '2026-12-04T18:00:00+08:00' });
    const [publication] = await s.t.database.db.select().from(publications).where(eq(publications.documentId, 'doc-digital'));
    expect(publication).toMatchObject({ id: variables.publicationId, version: 2, url: ITEMS.text, publishedAt: T0, signatureId: (variables.signature as { id: string }).id });
    expect(publication!.items).toEqual([
      { kind: 'text', title: `文件文本：《${TITLE}》`, url: ITEMS.text },
      { kind: 'implementing-rules', title: `实施细则：《${TITLE}》`, url: ITEMS.implementingRules },
      { kind: 'supporting-measures', title: `配套措施：《${TITLE}》`, url: ITEMS.supportingMeasures[0] },
      { kind: 'supporting-measures', title: `配套措施：《${TITLE}》`, url: ITEMS.supportingMeasures[1] },
      { kind: 'policy-list', title: `政策清单：《${TITLE}》`, url: ITEMS.policyList },
      { kind: 'interpretation', title: `解读材料：《${TITLE}》`, url: ITEMS.interpretation },
    ]);
    // and the document is published and listed among the valid documents
    expect(await repository.document('doc-digital')).toMatchObject({ status: 'published', publishedAt: T0 });
    expect(await repository.catalogue()).toEqual([
      { documentId: 'doc-digital', number: '沈政发〔2026〕21号', title: TITLE, category: 'innovation', department: 'dept-industry', publishedAt: T0, url: ITEMS.text, confirmedByCampaign: null, updatedAt: T0 },
    ]);
  });
});

describe('publish worker: the catalogue after a cleanup campaign', () => {
  let t: TestEngine;
  let repository: PublicationRepository;

  beforeEach(async () => {
    t = await startTestEngine();
    repository = new PublicationRepository(t.database.db);
    t.engine.createWorker(publishWorker({ publications: repository, signOffKey: SIGN_OFF_KEY, clock: t.clock }));
    await t.engine.deployResources([{ name: 'publish-catalogue.bpmn', content: fs.readFileSync(FIXTURE, 'utf8') }]);
  });
  afterEach(() => t.close());

  it('confirms the documents that remain valid, takes abolished and invalidated ones out and marks the campaign published', async () => {
    // given three catalogued documents, one of them registered only by its number, and the campaign
    const db = t.database.db;
    await givenDocument(db, { id: 'doc-old-1', number: '沈政发〔2018〕5号', title: '关于加快服务业发展的若干意见', status: 'published', publishedAt: T0 - 900 * DAY });
    await givenDocument(db, { id: 'doc-old-2', number: '沈政办发〔2019〕7号', title: '关于促进会展业发展的实施意见', status: 'published', publishedAt: T0 - 600 * DAY, draftingDept: 'dept-commerce' });
    await givenDocument(db, { id: 'doc-old-3', number: '沈政发〔2017〕9号', title: '关于鼓励外商投资的暂行规定', status: 'published', publishedAt: T0 - 1200 * DAY, draftingDept: 'dept-commerce' });
    for (const id of ['doc-old-1', 'doc-old-2', 'doc-old-3']) {
      const document = (await repository.document(id))!;
      await db.insert(catalogueEntries).values({ documentId: id, number: document.number, title: document.title, category: document.category, department: document.draftingDept, publishedAt: document.publishedAt!, url: null, updatedAt: T0 - DAY });
    }
    await db.insert(cleanupCampaigns).values({ id: '2026年度集中清理', kind: 'yearly', year: 2026, title: '2026年度集中清理', status: 'approved', createdBy: 'user-office', createdAt: T0 - 60 * DAY });
    const classifications = [
      { documentId: 'doc-old-1', title: '关于加快服务业发展的若干意见', department: 'dept-industry', classification: 'remainsValid' },
      { documentId: '沈政办发〔2019〕7号', title: '关于促进会展业发展的实施意见', department: 'dept-commerce', classification: 'abolish' },
      { documentId: 'doc-old-3', title: '关于鼓励外商投资的暂行规定', department: 'dept-commerce', classification: 'declareInvalid' },
      { documentId: '沈政办发〔2016〕3号', title: '关于加强城市公共停车场管理的通知', department: 'dept-transport', classification: 'remainsValid' },
    ];

    // when the catalogue is published after the executive meeting
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'publish-catalogue', variables: { campaignId: '2026年度集中清理', classifications } });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then the catalogue lists exactly the documents that remain valid, confirmed by the campaign
    expect((await repository.catalogue()).map((e) => [e.documentId, e.title, e.department, e.publishedAt, e.confirmedByCampaign])).toEqual([
      ['沈政办发〔2016〕3号', '关于加强城市公共停车场管理的通知', 'dept-transport', T0, '2026年度集中清理'],
      ['doc-old-1', '关于加快服务业发展的若干意见', 'dept-industry', T0 - 900 * DAY, '2026年度集中清理'],
    ]);
    // and the abolished and invalidated documents carry that status, the campaign its publication
    const status = async (id: string) => (await repository.document(id))?.status;
    expect([await status('doc-old-1'), await status('doc-old-2'), await status('doc-old-3')]).toEqual(['published', 'abolished', 'invalid']);
    expect(await repository.campaign('2026年度集中清理')).toMatchObject({ status: 'published', cataloguePublishedAt: T0 });
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toMatchObject({
      cataloguePublishedAt: PUBLISHED_AT,
      catalogueSize: 2,
      removedFromCatalogue: ['doc-old-2', 'doc-old-3'],
    });
  });
});

describe('publish handler', () => {
  let t: TestEngine;
  let repository: PublicationRepository;
  let handler: ReturnType<typeof publishWorker>['handler'];
  let jobKey = 7000;

  beforeAll(async () => {
    t = await startTestEngine();
    repository = new PublicationRepository(t.database.db);
    handler = publishWorker({ publications: repository, signOffKey: SIGN_OFF_KEY, clock: t.clock }).handler;
    await givenDocument(t.database.db, { id: 'doc-a', title: TITLE }, 3);
    await givenDocument(t.database.db, { id: 'doc-abolished', title: '已废止的文件', status: 'abolished' });
    await givenDocument(t.database.db, { id: 'doc-linked', title: '由流程关联的文件' });
    await givenProcessOf(t.database.db, '4242', 'doc-linked', 'publication-interpretation');
  });
  afterAll(() => t.close());

  const job = (variables: Variables, key = String(++jobKey), processInstanceKey = '1'): Job => ({ key, type: PUBLISH_TASK_TYPE, retries: 3, processInstanceKey, variables }) as Job;
  const rows = (documentId: string) => t.database.db.select().from(publications).where(eq(publications.documentId, documentId));

  it('a retried job returns the publication it already recorded and records nothing new', async () => {
    // given
    const key = String(++jobKey);
    const first = await handler(job({ documentId: 'doc-a', version: '1', items: ITEMS }, key));
    t.clock.advance(60_000);

    // when the same job runs again
    const again = await handler(job({ documentId: 'doc-a', version: '1', items: ITEMS }, key));

    // then
    expect(first).toMatchObject({ outcome: 'complete', variables: { publicationUrl: ITEMS.text } });
    expect(again).toEqual(first);
    expect(await rows('doc-a')).toHaveLength(1);
  });

  it('a publication without the interpretation fails without retries, naming it, and nothing is published', async () => {
    // given a signed document that was never published
    await givenDocument(t.database.db, { id: 'doc-uninterpreted', title: '未附解读的文件' });

    // when the text and the policy list come without the interpretation
    const outcome = await handler(job({ documentId: 'doc-uninterpreted', items: { text: ITEMS.text, policyList: ITEMS.policyList } }));

    // then
    expect(outcome).toEqual({ outcome: 'fail', retries: 0, errorMessage: 'invalid publish input: items: the interpretation (解读材料) must be published together with the rest' });
    expect(await repository.latestForDocument('doc-uninterpreted')).toBeUndefined();
    expect(await repository.document('doc-uninterpreted')).toMatchObject({ status: 'signed', publishedAt: null });
    expect((await repository.catalogue()).map((e) => e.documentId)).not.toContain('doc-uninterpreted');
  });

  it('publishes the current version of the document linked to the process, with titled items and its own page', async () => {
    // when
    const outcome = await handler(
      job(
        {
          documentId: null,
          items: [
            { kind: 'interpretation', title: '一图读懂', url: `${PORTAL}/zcjd/2.html` },
            { kind: 'text', url: `${PORTAL}/fdzdgknr/9.html` },
          ],
          publicationUrl: `${PORTAL}/zt/digital`,
        },
        undefined,
        '4242',
      ),
    );

    // then
    expect(outcome).toEqual({ outcome: 'complete', variables: { publicationId: expect.any(String), publicationUrl: `${PORTAL}/zt/digital`, publishedAt: expect.any(String) } });
    const [row] = await rows('doc-linked');
    expect(row).toMatchObject({ version: 1, url: `${PORTAL}/zt/digital` });
    expect(row!.items.map((i) => i.title)).toEqual(['文件文本：《由流程关联的文件》', '一图读懂']);
  });

  it.each([
    ['no document', { items: ITEMS }, 'documentId: required (no document is linked to this process instance)'],
    ['an unknown document', { documentId: 'doc-missing', items: ITEMS }, "documentId: no document 'doc-missing'"],
    ['an abolished document', { documentId: 'doc-abolished', items: ITEMS }, "document 'doc-abolished' is abolished and cannot be published"],
    ['a version that does not exist', { documentId: 'doc-a', version: 4, items: ITEMS }, "version: document 'doc-a' has no version 4"],
    ['a version that is no number', { documentId: 'doc-a', version: 'v2', items: ITEMS }, 'version: expected a whole number'],
    ['no items', { documentId: 'doc-a' }, 'items'],
    ['no text', { documentId: 'doc-a', items: { interpretation: ITEMS.interpretation } }, 'items: the text (文件文本) must be published together with the rest'],
    ['a URL that is not http(s)', { documentId: 'doc-a', items: { ...ITEMS, text: 'javascript:alert(1)' } }, 'items'],
    ['an unknown part', { documentId: 'doc-a', items: { ...ITEMS, pressRelease: ITEMS.text } }, 'items'],
    ['an unknown kind', { documentId: 'doc-a', items: [{ kind: 'speech', url: ITEMS.text }] }, 'items'],
    ['a catalogue without campaign', { catalogue: [{ documentId: 'x', title: '文件', department: 'dept' }] }, 'campaignId'],
    ['a catalogue that is no list', { catalogue: 'all', campaignId: 'c' }, 'catalogue: expected a list of {documentId, title, department}'],
    [
      'an unregistered document without title',
      { catalogue: [{ documentId: '沈政发〔2010〕1号' }], campaignId: 'c' },
      "catalogue: '沈政发〔2010〕1号' is not a registered document: its title and department are required",
    ],
    [
      'a document both valid and abolished',
      { catalogue: [{ documentId: 'doc-a' }], campaignId: 'c', classifications: [{ documentId: 'doc-a', classification: 'abolish' }] },
      "catalogue: 'doc-a' cannot remain valid and be abolished or declared invalid at once",
    ],
  ])('%s fails the job without retries, naming the problem', async (_, variables, problem) => {
    // when
    const outcome = await handler(job(variables));

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 0 });
    expect((outcome as { errorMessage: string }).errorMessage).toContain(problem);
    expect(await rows('doc-a')).toHaveLength(1);
    expect(await repository.catalogue()).toHaveLength(2);
  });

  it('publishing the same catalogue again confirms the same entries once and reports the first publication time', async () => {
    // given
    await t.database.db.insert(cleanupCampaigns).values({ id: 'ad-hoc-1', kind: 'ad-hoc', title: '专项清理', status: 'approved', createdBy: 'user-office', createdAt: T0 });
    const variables = { catalogue: [{ documentId: 'doc-a' }, { documentId: 'doc-a' }], campaignId: 'ad-hoc-1' };
    const first = await handler(job(variables));
    t.clock.advance(DAY);

    // when
    const again = await handler(job(variables));

    // then
    expect(again).toEqual(first);
    expect(first).toMatchObject({ outcome: 'complete', variables: { catalogueUrl: null, catalogueSize: 1, removedFromCatalogue: [] } });
    const entries = await t.database.db.select().from(catalogueEntries).where(eq(catalogueEntries.documentId, 'doc-a'));
    expect(entries).toEqual([expect.objectContaining({ confirmedByCampaign: 'ad-hoc-1', updatedAt: (await repository.campaign('ad-hoc-1'))!.cataloguePublishedAt })]);
    expect((await t.database.db.select().from(documents).where(eq(documents.id, 'doc-a')))[0]!.status).toBe('published');
  });

  it('a database failure is retried with back-off, one retry fewer', async () => {
    // given a database that went away
    const lost = await unreachableDatabase();
    const offline = publishWorker({ publications: new PublicationRepository(lost.db), signOffKey: SIGN_OFF_KEY, clock: t.clock }).handler;

    // when
    const outcome = await offline(job({ documentId: 'doc-a', items: ITEMS }));

    await lost.close();

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 2, retryBackOff: 30_000, errorMessage: expect.stringMatching(/^publish: connect ECONNREFUSED/) });
  });
});

describe('publish handler: only what the leader signed off', () => {
  let t: TestEngine;
  let repository: PublicationRepository;
  let handler: ReturnType<typeof publishWorker>['handler'];
  let signOff: ReturnType<typeof signOffWorker>['handler'];
  let jobKey = 9000;

  beforeAll(async () => {
    t = await startTestEngine();
    repository = new PublicationRepository(t.database.db);
    handler = publishWorker({ publications: repository, signOffKey: SIGN_OFF_KEY, clock: t.clock }).handler;
    signOff = signOffWorker({ signatures: new SignatureRepository(t.database.db), signingKey: SIGNING_KEY, clock: t.clock }).handler;
  });
  afterAll(() => t.close());

  const job = (type: string, variables: Variables): Job => ({ key: String(++jobKey), type, retries: 3, processInstanceKey: '1', variables }) as Job;
  /** The id of the signature a sign-off job output. */
  function signatureIdOf(outcome: JobOutcome): string {
    if (outcome.outcome !== 'complete') throw new Error(`the sign-off failed: ${JSON.stringify(outcome)}`);
    return (outcome.variables as { signature: { id: string } }).signature.id;
  }
  /** The leader signs version `version` (default: current) of `documentId` with `decision`, as the diagram's sign-off task does; returns the signature id. */
  async function signed(documentId: string, decision: 'approve' | 'reject' = 'approve', version: number | null = null): Promise<string> {
    return signatureIdOf(await signOff(job(SIGN_OFF_TASK_TYPE, { documentId, version, signer: LEADER.username, role: 'leader', decision })));
  }
  const publish = (documentId: string, signatureId: string) => handler(job(PUBLISH_TASK_TYPE, { documentId, version: null, items: ITEMS, signatureId }));
  const rows = (documentId: string) => t.database.db.select().from(publications).where(eq(publications.documentId, documentId));

  it('publishes the version the leader approved and records the signature on the publication', async () => {
    // given
    await givenDocument(t.database.db, { id: 'doc-signed', title: TITLE }, 2);
    const signatureId = await signed('doc-signed');

    // when
    const outcome = await publish('doc-signed', signatureId);

    // then
    expect(outcome).toMatchObject({ outcome: 'complete' });
    expect(await rows('doc-signed')).toEqual([expect.objectContaining({ version: 2, signatureId })]);
    expect(await repository.document('doc-signed')).toMatchObject({ status: 'published' });
  });

  it.each([
    ['a rejection', async () => signed('doc-x', 'reject'), 'it is a reject, not an approval'],
    ['an approval of an earlier version', async () => signed('doc-x', 'approve', 1), 'it signs version 1, not the version being published'],
    ['an approval of another document', async () => signed('doc-other'), "it signs document 'doc-other'"],
    ['a signature that does not exist', async () => 'no-such-signature', 'no such signature'],
    [
      'an approval signed with another key',
      async () => {
        const foreign = signOffWorker({ signatures: new SignatureRepository(t.database.db), signingKey: crypto.generateKeyPairSync('ed25519').privateKey, clock: t.clock }).handler;
        return signatureIdOf(await foreign(job(SIGN_OFF_TASK_TYPE, { documentId: 'doc-x', signer: LEADER.username, role: 'leader', decision: 'approve' })));
      },
      "the signature does not verify with this server's sign-off key",
    ],
  ])('%s publishes nothing: the job fails without retries, naming why', async (_, signature, why) => {
    // given version 2 of doc-x, and the signature
    await t.database.db.delete(documentVersions).where(eq(documentVersions.documentId, 'doc-x'));
    await t.database.db.delete(documents).where(eq(documents.id, 'doc-x'));
    await givenDocument(t.database.db, { id: 'doc-x', title: TITLE }, 2);
    if ((await repository.document('doc-other')) === undefined) await givenDocument(t.database.db, { id: 'doc-other', title: '另一份文件' });
    const signatureId = await signature();

    // when
    const outcome = await publish('doc-x', signatureId);

    // then
    expect(outcome).toEqual({ outcome: 'fail', retries: 0, errorMessage: `publication refused: sign-off '${signatureId}': ${why}; document 'doc-x' version 2 is not published` });
    expect(await rows('doc-x')).toEqual([]);
    expect(await repository.document('doc-x')).toMatchObject({ status: 'signed', publishedAt: null });
  });

  it('a text changed after the sign-off is not published', async () => {
    // given the leader approved version 1, then its stored text was edited in the database
    await givenDocument(t.database.db, { id: 'doc-edited', title: TITLE });
    const signatureId = await signed('doc-edited');
    await t.database.db
      .update(documentVersions)
      .set({ content: '沈阳市促进数字经济发展若干政策措施（改）' })
      .where(and(eq(documentVersions.documentId, 'doc-edited'), eq(documentVersions.version, 1)));

    // when
    const outcome = await publish('doc-edited', signatureId);

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 0, errorMessage: expect.stringContaining('the stored text of the version was changed after it was signed') });
    expect(await rows('doc-edited')).toEqual([]);
  });
});
