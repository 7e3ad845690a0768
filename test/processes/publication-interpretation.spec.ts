import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { validateFormData, type FormSchema } from '../../api/form-validation';
import type { Variables } from '../../engine/port';
import { PublicationRepository } from '../../store/publication.repository';
import { documents, documentVersions, publications } from '../../store/schema';
import { publishWorker } from '../../workers/publish/handler';
import { signOffWorker } from '../../workers/sign-off/handler';
import { contentHash, verifySignature } from '../../workers/sign-off/signature';
import { SignatureRepository } from '../../workers/sign-off/signature.repository';
import { LEADER, leaderDecides } from '../../workers/sign-off/testing';
import { T0 } from '../support/engine-harness';
import { givenDocument } from '../workers/records';
import { CANDIDATE_GROUPS, DUE_DATE, FORM_KEY, linkedFormIds, NEW_YEAR_2027, PROCESSES, ProcessScenario, readForm } from './scenario';

const TITLE = '沈阳市促进消费若干政策措施';
const DOCUMENT = 'doc-consumption';
const NUMBER = '沈政发〔2026〕30号';
const PORTAL = 'https://www.shenyang.gov.cn/zwgk';
/** What the drafting department's plan records, by default: ordinary public concern. */
const plan = { interpretationTime: '发布当日', interpretationMethods: ['qa'], interpretationOutline: '提纲', interpretationMaterials: '解读材料', publicConcern: 'normal' };
const stakeholders = ['enterprise-1', 'association-2', 'citizen-3'];
/** What the General Office's web staff register once the signed text and its interpretation are on the portal: the two required parts. */
const materials = { publishedTextUrl: `${PORTAL}/zcjd/1`, publishedInterpretationUrl: `${PORTAL}/zcjd/1/jd` };

/** The server's sign-off key. */
const SIGNING_KEY = crypto.generateKeyPairSync('ed25519').privateKey;

/** A push record as the stakeholder-push worker reports it. */
function pushed(channel: string) {
  return { pushChannel: channel, pushedAt: '2026-11-30T10:00:00+08:00', pushOutcome: 'delivered' };
}

describe('publication-interpretation (发布解读)', () => {
  let s: ProcessScenario;
  let records: PublicationRepository;
  let signatures: SignatureRepository;
  beforeEach(async () => {
    // the administrator has entered New Year 2027 (the bundled arrangement ends with 2026); the in-app notify worker and the real sign-off and publish workers run
    s = await ProcessScenario.start('publication-interpretation', {
      calendarOverrides: [NEW_YEAR_2027],
      notify: true,
      workers: (t) => [
        signOffWorker({ signatures: new SignatureRepository(t.database.db), signingKey: SIGNING_KEY, clock: t.clock }),
        publishWorker({ publications: new PublicationRepository(t.database.db), signOffKey: SIGNING_KEY, clock: t.clock }),
      ],
    });
    records = new PublicationRepository(s.t.database.db);
    signatures = new SignatureRepository(s.t.database.db);
  });
  afterEach(() => s.close());

  /** Registers the document TITLE (two versions, signed) of `draftingDept` and starts an instance on it. */
  async function begin(draftingDept: string, variables: Variables = {}) {
    await givenDocument(s.t.database.db, { id: DOCUMENT, number: NUMBER, title: TITLE, draftingDept }, 2);
    await s.begin({ documentTitle: TITLE, draftingDept, documentId: DOCUMENT, stakeholders, ...variables });
  }

  /** Waits until the publish worker has recorded the publication of this instance. */
  const published = () => s.t.waitFor('job.completed', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === 'Task_Publish');

  /** Plan, sign-off and same-day publication of the text and the interpretation. */
  async function signAndPublish(planVariables: Variables = plan) {
    await s.complete('Task_InterpretationPlan', planVariables);
    await s.complete('Task_SignOff', leaderDecides(true));
    await s.complete('Task_PublicationMaterials', materials);
    return published();
  }

  it('the drafting department plans the interpretation, the leader signs draft and plan off together, everything is published the same day and pushed to every stakeholder', async () => {
    // given started on Friday 27 November
    await begin('dept-commerce');

    // when
    const planTask = await s.complete('Task_InterpretationPlan', plan);
    const signOff = await s.complete('Task_SignOff', leaderDecides(true));
    await s.complete('Task_PublicationMaterials', materials);
    const publish = await published();
    for (const channel of ['phone', 'wechat', 'email']) await s.completeJob('stakeholder-push', pushed(channel));
    const tracking = await s.complete('Task_TrackOpinion', { opinionSummary: '舆情平稳', supplementaryNeeded: false });

    // then whoever drafts interprets, within 5 working days, and the leader signs off within 5 more
    expect(planTask.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:interpretation-plan' });
    expect(signOff.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["leader"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:sign-off' });
    expect(publish.elementId).toBe('Task_Publish');
    // and a round of opinion tracking lasts 20 working days
    expect(tracking.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-25T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:opinion-tracking' });
    // and every push is recorded with its stakeholder, channel, time and outcome
    const done = await s.completed();
    expect(done).toMatchObject({ publicationUrl: 'https://www.shenyang.gov.cn/zwgk/zcjd/1' });
    expect(done.pushRecords).toHaveLength(3);
    expect((done.pushRecords as Array<Record<string, unknown>>).map((r) => r.stakeholder)).toEqual(stakeholders);
    expect(done.pushRecords).toContainEqual({ stakeholder: expect.any(String), channel: 'wechat', pushedAt: '2026-11-30T10:00:00+08:00', outcome: 'delivered' });
    expect(['Task_PressConference', 'Task_SupervisePush', 'Task_Supplementary'].filter((id) => s.reached(id))).toEqual([]);
  });

  it('after sign-off the General Office puts the text and every interpretation material on the portal the same day; one publication records them at one instant, the document is published and catalogued', async () => {
    // given draft and plan signed off on Friday 27 November
    await begin('dept-commerce');
    await s.complete('Task_InterpretationPlan', plan);
    await s.complete('Task_SignOff', leaderDecides(true));

    // when the web staff register the text, the interpretation (titled), implementing rules, two supporting measures, the policy list and a graphic interpretation
    const onPortal = await s.complete('Task_PublicationMaterials', {
      ...materials,
      publishedInterpretationTitle: '《沈阳市促进消费若干政策措施》政策解读',
      publishedParts: [
        { kind: 'implementing-rules', url: `${PORTAL}/zcjd/1/xz`, title: '' },
        { kind: 'supporting-measures', url: `${PORTAL}/zcjd/1/pt1` },
        { kind: 'supporting-measures', url: `${PORTAL}/zcjd/1/pt2`, title: '消费券发放办法' },
        { kind: 'policy-list', url: `${PORTAL}/zcjd/1/qd` },
        { kind: 'interpretation', url: `${PORTAL}/zcjd/1/tj`, title: '一图读懂' },
      ],
    });
    await published();

    // then the General Office does it, by the next working day (Monday 30 November), in its own form
    expect(onPortal.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: '2026-11-30T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:publication-materials' });
    // and one publication of the signed (current) version holds every part, published at one instant
    const rows = await s.t.database.db.select().from(publications).where(eq(publications.documentId, DOCUMENT));
    expect(rows).toHaveLength(1);
    const variables = await s.variables();
    expect(rows[0]).toMatchObject({ id: variables.publicationId, version: 2, url: materials.publishedTextUrl, publishedAt: T0 });
    expect(rows[0]!.items).toEqual([
      { kind: 'text', title: `文件文本：《${TITLE}》`, url: materials.publishedTextUrl },
      { kind: 'implementing-rules', title: `实施细则：《${TITLE}》`, url: `${PORTAL}/zcjd/1/xz` },
      { kind: 'supporting-measures', title: `配套措施：《${TITLE}》`, url: `${PORTAL}/zcjd/1/pt1` },
      { kind: 'supporting-measures', title: '消费券发放办法', url: `${PORTAL}/zcjd/1/pt2` },
      { kind: 'policy-list', title: `政策清单：《${TITLE}》`, url: `${PORTAL}/zcjd/1/qd` },
      { kind: 'interpretation', title: '《沈阳市促进消费若干政策措施》政策解读', url: materials.publishedInterpretationUrl },
      { kind: 'interpretation', title: '一图读懂', url: `${PORTAL}/zcjd/1/tj` },
    ]);
    // and the process knows where and when, and counts the push period from that day (the deadline
    // worker's job follows the publication's: wait for it, not for the clock of the machine)
    await s.t.waitFor('job.completed', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === 'Task_PushPeriod');
    expect(await s.variables()).toMatchObject({ publicationUrl: materials.publishedTextUrl, publishedAt: '2026-11-27T09:00:00+08:00', pushDueDate: '2026-12-04T18:00:00+08:00' });
    // and the document is published and listed among the valid documents
    expect(await records.document(DOCUMENT)).toMatchObject({ status: 'published', publishedAt: T0 });
    expect(await records.catalogue()).toEqual([
      { documentId: DOCUMENT, number: NUMBER, title: TITLE, category: 'innovation', department: 'dept-commerce', publishedAt: T0, url: materials.publishedTextUrl, confirmedByCampaign: null, updatedAt: T0 },
    ]);
  });

  it('the leader who completes the sign-off signs the exact text of the current version; the signature verifies and the publication records it', async () => {
    // given draft version 2 and its plan before the leader
    await begin('dept-commerce');
    await s.complete('Task_InterpretationPlan', plan);

    // when the leader approves in the inbox
    await s.complete('Task_SignOff', leaderDecides(true, '同意发布'));
    const onPortal = await s.userTask('Task_PublicationMaterials');

    // then one approval of version 2 by that leader is stored, and it verifies against the stored text only
    const [signature] = await signatures.forDocumentVersion(DOCUMENT, 2);
    const text = (await signatures.storedVersion(DOCUMENT, 2))!.content;
    expect(signature).toMatchObject({ documentId: DOCUMENT, version: 2, signer: LEADER.username, role: 'leader', decision: 'approve', contentHash: contentHash(text), signedAt: T0 });
    expect(verifySignature(signature!, text, SIGNING_KEY)).toBe(true);
    expect(verifySignature(signature!, text.replace('第一条', '第二条'), SIGNING_KEY)).toBe(false);
    // and the process holds the facts of the review and the signature, and only the mapped ones
    const variables = await s.variables();
    expect(variables).toMatchObject({ signedOff: true, signOffComment: '同意发布', signOffBy: LEADER, signature: { id: signature!.id, documentId: DOCUMENT, version: 2, decision: 'approve', contentHash: contentHash(text) } });
    expect(variables).not.toHaveProperty('completedBy');

    // when the General Office registers the publication
    await s.t.engine.completeJob(onPortal.jobKey, materials);
    await published();

    // then the publication of version 2 names the signature it was checked against
    expect(await s.t.database.db.select().from(publications).where(eq(publications.documentId, DOCUMENT))).toEqual([expect.objectContaining({ version: 2, signatureId: signature!.id })]);
  });

  it('a plan the leader does not sign off is signed as a rejection, goes back to the drafting department and nothing is published', async () => {
    // given
    await begin('dept-commerce');
    await s.complete('Task_InterpretationPlan', plan);

    // when
    await s.complete('Task_SignOff', leaderDecides(false, '补充新旧政策差异'));

    // then
    const revised = await s.userTask('Task_InterpretationPlan');
    expect(revised.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00' });
    expect(s.reached('Task_Publish')).toBe(false);
    expect(s.reached('Task_PublicationMaterials')).toBe(false);
    expect(await records.document(DOCUMENT)).toMatchObject({ status: 'signed', publishedAt: null });
    // and the rejection of version 2 is signed by the leader, with the comment in the process
    const [rejection] = await signatures.forDocumentVersion(DOCUMENT, 2);
    expect(rejection).toMatchObject({ signer: LEADER.username, role: 'leader', decision: 'reject' });
    expect(await s.variables()).toMatchObject({ signedOff: false, signOffComment: '补充新旧政策差异', signature: { id: rejection!.id, decision: 'reject' } });
  });

  it.each([
    [
      'the stored text of the signed version is changed',
      async () => {
        await s.t.database.db
          .update(documentVersions)
          .set({ content: `${TITLE}\n第一条 为扩大消费，制定本措施（签发后改动）。\n` })
          .where(and(eq(documentVersions.documentId, DOCUMENT), eq(documentVersions.version, 2)));
      },
      'the stored text of the version was changed after it was signed',
    ],
    [
      'a version 3 is added',
      async () => {
        await s.t.database.db.insert(documentVersions).values({ documentId: DOCUMENT, version: 3, content: `${TITLE}\n（第3稿）\n`, contentHash: contentHash(`${TITLE}\n（第3稿）\n`), createdBy: 'user-commerce', createdAt: T0 });
        await s.t.database.db.update(documents).set({ currentVersion: 3 }).where(eq(documents.id, DOCUMENT));
      },
      'it signs version 2, not the version being published',
    ],
  ])('after the sign-off %s: the publish job fails with an incident that says why, and nothing is published', async (_, change, why) => {
    // given version 2 signed off by the leader
    await begin('dept-commerce');
    await s.complete('Task_InterpretationPlan', plan);
    await s.complete('Task_SignOff', leaderDecides(true));
    const onPortal = await s.userTask('Task_PublicationMaterials');

    // when the document changes before the General Office registers the publication
    await change();
    await s.t.engine.completeJob(onPortal.jobKey, materials);
    await s.t.waitFor('incident.created', (e) => e.processInstanceKey === s.processInstanceKey);

    // then
    const [incident] = await s.t.engine.listIncidents({ processInstanceKey: s.processInstanceKey });
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'JOB_NO_RETRIES', elementId: 'Task_Publish', errorMessage: expect.stringContaining(why) });
    expect(incident!.errorMessage).toMatch(/^publication refused: sign-off '/);
    expect(await s.t.database.db.select().from(publications).where(eq(publications.documentId, DOCUMENT))).toEqual([]);
    expect(await records.document(DOCUMENT)).toMatchObject({ status: 'signed', publishedAt: null });
    expect(await records.catalogue()).toEqual([]);
  });

  it('a plan started on Monday 28 December is due Tuesday 5 January 2027: New Year\'s Day does not count', async () => {
    // given
    s.moveClockTo('2026-12-28T01:00:00Z');

    // when
    await begin('dept-commerce');
    const planTask = await s.userTask('Task_InterpretationPlan');

    // then 29, 30, 31 December, 4 and 5 January
    expect(planTask.headers[DUE_DATE]).toBe('2027-01-05T18:00:00+08:00');
  });

  it('high public concern calls a press conference on the publication day before the pushes, recorded by the next working day', async () => {
    // given
    await begin('dept-housing', { stakeholders: ['citizen-1'] });

    // when
    await signAndPublish({ ...plan, publicConcern: 'high' });
    const conference = await s.complete('Task_PressConference', { pressConferenceAt: '2026-11-27T15:00:00+08:00', pressConferenceSpeaker: '局长' });
    await s.completeJob('stakeholder-push', pushed('post'));

    // then
    expect(conference.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-housing"]', [DUE_DATE]: '2026-11-30T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:press-conference' });
    await s.userTask('Task_TrackOpinion');
    expect(await s.variables()).toMatchObject({ pressConferenceSpeaker: '局长' });
  });

  it('pushes to 3 stakeholders in parallel, due 5 working days after publication on Friday 27 November: Friday 4 December', async () => {
    // given
    await begin('dept-commerce');

    // when
    await signAndPublish();
    const pushes = [await s.completeJob('stakeholder-push', pushed('phone')), await s.completeJob('stakeholder-push', pushed('email')), await s.completeJob('stakeholder-push', pushed('post'))];

    // then
    expect(pushes.map((p) => p.elementId)).toEqual(Array(3).fill('Task_StakeholderPush'));
    expect(await s.variables()).toMatchObject({ pushDueDate: '2026-12-04T18:00:00+08:00' });
    await s.userTask('Task_TrackOpinion');
  });

  it('reminds the department a day before the 5 working days are over and escalates to the General Office after, without stopping the push', async () => {
    // given two of three stakeholders reached
    await begin('dept-commerce');
    await signAndPublish();
    await s.completeJob('stakeholder-push', pushed('phone'));
    await s.completeJob('stakeholder-push', pushed('email'));

    // when the clock reaches Friday 4 December 17:00 in Shenyang
    s.moveClockTo('2026-12-04T09:00:00Z');
    await s.notified('Task_PushRemind');

    // then the department was reminded on Thursday evening, and nothing is escalated yet
    expect((await s.notifications.forRecipient('dept-commerce')).map((n) => n.body)).toEqual([`文件《${TITLE}》的“精准推送利益相关方”环节将于2026-12-04 18:00到期，请及时办理。`]);
    expect(s.reached('Task_SupervisePush')).toBe(false);

    // when the period passes (Friday 4 December 18:00)
    s.moveClockTo('2026-12-04T10:01:00Z');
    const supervision = await s.complete('Task_SupervisePush', { pushProgressReported: '已推送2家，1家地址有误' });

    // then the General Office supervises within 3 working days and the last push can still be made
    expect(supervision.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: '2026-12-09T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:push-supervision' });
    await s.completeJob('stakeholder-push', pushed('post'));
    await s.complete('Task_TrackOpinion', { opinionSummary: '舆情平稳' });
    expect((await s.completed()).pushRecords).toHaveLength(3);
  });

  it('reminds the leader a day before the sign-off is due and tells the General Office once it is overdue; the leader can still sign', async () => {
    // given the sign-off due Friday 4 December 18:00
    await begin('dept-commerce', { stakeholders: [] });
    await s.complete('Task_InterpretationPlan', plan);
    const signOff = await s.userTask('Task_SignOff');

    // when Thursday 3 December 18:00 in Shenyang
    s.moveClockTo('2026-12-03T10:00:00Z');
    await s.notified('Task_SignOffRemind');

    // then
    expect(await s.notifications.forRecipient('leader')).toEqual([expect.objectContaining({ title: `办理期限提醒：《${TITLE}》`, body: `文件《${TITLE}》的“审核签发”环节将于2026-12-04 18:00到期，请及时办理。` })]);
    expect(await s.notifications.forRecipient('general-office')).toEqual([]);

    // when Friday 4 December 18:00 has passed
    s.moveClockTo('2026-12-04T10:00:01Z');
    await s.notified('Task_SignOffOverdueNotice');

    // then
    expect(await s.notifications.forRecipient('general-office')).toEqual([expect.objectContaining({ title: `逾期提示：《${TITLE}》审核签发` })]);
    await s.t.engine.completeJob(signOff.jobKey, leaderDecides(true));
    await s.complete('Task_PublicationMaterials', materials);
    await s.userTask('Task_TrackOpinion');
  });

  it('follow-up: public concern during implementation brings a supplementary interpretation, then tracking goes on', async () => {
    // given
    await begin('dept-commerce', { stakeholders: ['enterprise-1'] });
    await signAndPublish();
    await s.completeJob('stakeholder-push', pushed('phone'));

    // when
    await s.complete('Task_TrackOpinion', { opinionSummary: '申报条件理解有偏差', supplementaryNeeded: true });
    const supplementary = await s.complete('Task_Supplementary', { supplementaryInterpretation: '申报条件补充说明' });
    await s.complete('Task_TrackOpinion', { opinionSummary: '舆情平稳', supplementaryNeeded: false });

    // then
    expect(supplementary.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:supplementary-interpretation' });
    expect(await s.completed()).toMatchObject({ supplementaryInterpretation: '申报条件补充说明' });
  });
});

describe('publication-interpretation forms', () => {
  it('every form the diagram links is a form-js schema in processes/forms with that id', () => {
    // given the diagram, when its linked forms are read
    const forms = linkedFormIds('publication-interpretation').map((id) => ({ id, form: readForm(id) }));

    // then
    expect(forms).toHaveLength(7);
    for (const { id, form } of forms) {
      expect(form).toMatchObject({ id, type: 'default', schemaVersion: 16 });
      expect(form.components.length).toBeGreaterThan(1);
    }
  });

  it('the publication form requires the text and the interpretation as web addresses, so the publish worker always gets both', () => {
    // given the form as the inbox validates it on completion
    const form = JSON.parse(fs.readFileSync(path.join(PROCESSES, 'forms', 'publication-materials.form'), 'utf8')) as FormSchema;

    // when
    const complete = validateFormData(form, { ...materials, publishedParts: [{ kind: 'policy-list', url: `${PORTAL}/qd` }] }, {});
    const withoutInterpretation = validateFormData(form, { publishedTextUrl: materials.publishedTextUrl }, {});
    const notAnAddress = validateFormData(form, { ...materials, publishedTextUrl: 'javascript:alert(1)', publishedParts: [{ kind: 'speech', url: 'www.example.cn' }] }, {});

    // then
    expect(complete).toEqual([]);
    expect(withoutInterpretation).toEqual([{ field: 'publishedInterpretationUrl', message: 'is required' }]);
    expect(notAnAddress.map((issue) => issue.field)).toEqual(['publishedTextUrl', 'publishedParts[0].kind', 'publishedParts[0].url']);
  });
});
