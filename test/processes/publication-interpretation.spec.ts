import fs from 'node:fs';
import path from 'node:path';
import type { Variables } from '../../engine/port';
import { CANDIDATE_GROUPS, FORM_KEY, PROCESSES, ProcessScenario } from './scenario';

/** What the drafting department's plan records, by default: ordinary public concern. */
const plan = { interpretationTime: '发布当日', interpretationMethods: ['qa'], interpretationOutline: '提纲', interpretationMaterials: '解读材料', publicConcern: 'normal' };
const stakeholders = ['enterprise-1', 'association-2', 'citizen-3'];

/** A push record as the stakeholder-push worker reports it. */
function pushed(channel: string) {
  return { pushChannel: channel, pushedAt: '2026-11-30T10:00:00+08:00', pushOutcome: 'delivered' };
}

describe('publication-interpretation (发布解读)', () => {
  let s: ProcessScenario;
  beforeEach(async () => {
    s = await ProcessScenario.start('publication-interpretation');
  });
  afterEach(() => s.close());

  /** Plan, sign-off and same-day publication. */
  async function signAndPublish(planVariables: Variables = plan) {
    await s.complete('Task_InterpretationPlan', planVariables);
    await s.complete('Task_SignOff', { signedOff: true });
    return s.completeJob('publish', { publicationUrl: 'https://www.shenyang.gov.cn/zwgk/zcjd/1' });
  }

  it('the drafting department plans the interpretation, the leader signs draft and plan off together, everything is published the same day and pushed to every stakeholder', async () => {
    // given
    await s.begin({ draftingDept: 'dept-commerce', stakeholders });

    // when
    const planTask = await s.complete('Task_InterpretationPlan', plan);
    const signOff = await s.complete('Task_SignOff', { signedOff: true });
    const publish = await s.completeJob('publish', { publicationUrl: 'https://www.shenyang.gov.cn/zwgk/zcjd/1' });
    for (const channel of ['phone', 'wechat', 'email']) await s.completeJob('stakeholder-push', pushed(channel));
    const tracking = await s.complete('Task_TrackOpinion', { opinionSummary: '舆情平稳', supplementaryNeeded: false });

    // then whoever drafts interprets, and the leader signs off
    expect(planTask.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [FORM_KEY]: 'camunda-forms:bpmn:interpretation-plan' });
    expect(signOff.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["leader"]', [FORM_KEY]: 'camunda-forms:bpmn:sign-off' });
    expect(publish.elementId).toBe('Task_Publish');
    expect(tracking.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [FORM_KEY]: 'camunda-forms:bpmn:opinion-tracking' });
    // and every push is recorded with its stakeholder, channel, time and outcome
    const done = await s.completed();
    expect(done).toMatchObject({ publicationUrl: 'https://www.shenyang.gov.cn/zwgk/zcjd/1' });
    expect(done.pushRecords).toHaveLength(3);
    expect((done.pushRecords as Array<Record<string, unknown>>).map((r) => r.stakeholder)).toEqual(stakeholders);
    expect(done.pushRecords).toContainEqual({ stakeholder: expect.any(String), channel: 'wechat', pushedAt: '2026-11-30T10:00:00+08:00', outcome: 'delivered' });
    expect(['Task_PressConference', 'Task_SupervisePush', 'Task_Supplementary'].filter((id) => s.reached(id))).toEqual([]);
  });

  it('a plan the leader does not sign off goes back to the drafting department and nothing is published', async () => {
    // given
    await s.begin({ draftingDept: 'dept-commerce', stakeholders });
    await s.complete('Task_InterpretationPlan', plan);

    // when
    await s.complete('Task_SignOff', { signedOff: false, signOffComment: '补充新旧政策差异' });

    // then
    const revised = await s.userTask('Task_InterpretationPlan');
    expect(revised.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]' });
    expect(s.reached('Task_Publish')).toBe(false);
  });

  it('high public concern calls a press conference on the publication day before the pushes', async () => {
    // given
    await s.begin({ draftingDept: 'dept-housing', stakeholders: ['citizen-1'] });

    // when
    await signAndPublish({ ...plan, publicConcern: 'high' });
    const conference = await s.complete('Task_PressConference', { pressConferenceAt: '2026-11-27T15:00:00+08:00', pressConferenceSpeaker: '局长' });
    await s.completeJob('stakeholder-push', pushed('post'));

    // then
    expect(conference.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-housing"]', [FORM_KEY]: 'camunda-forms:bpmn:press-conference' });
    await s.userTask('Task_TrackOpinion');
    expect(await s.variables()).toMatchObject({ pressConferenceSpeaker: '局长' });
  });

  it('pushes to 3 stakeholders in parallel, due 5 working days after publication on Friday 27 November: Friday 4 December', async () => {
    // given
    await s.begin({ draftingDept: 'dept-commerce', stakeholders });

    // when
    await signAndPublish();
    const pushes = [await s.completeJob('stakeholder-push', pushed('phone')), await s.completeJob('stakeholder-push', pushed('email')), await s.completeJob('stakeholder-push', pushed('post'))];

    // then
    expect(pushes.map((p) => p.elementId)).toEqual(Array(3).fill('Task_StakeholderPush'));
    expect(await s.variables()).toMatchObject({ pushDueDate: '2026-12-04T18:00:00+08:00' });
    await s.userTask('Task_TrackOpinion');
  });

  it('escalates to the General Office when a stakeholder is still not reached once the 5 working days are over, without stopping the push', async () => {
    // given two of three stakeholders reached
    await s.begin({ draftingDept: 'dept-commerce', stakeholders });
    await signAndPublish();
    await s.completeJob('stakeholder-push', pushed('phone'));
    await s.completeJob('stakeholder-push', pushed('email'));

    // when the period passes (Friday 4 December 18:00 in Shenyang)
    s.moveClockTo('2026-12-04T09:00:00Z');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.reached('Task_SupervisePush')).toBe(false);
    s.moveClockTo('2026-12-04T10:01:00Z');
    const supervision = await s.complete('Task_SupervisePush', { pushProgressReported: '已推送2家，1家地址有误' });

    // then the General Office supervises and the last push can still be made
    expect(supervision.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [FORM_KEY]: 'camunda-forms:bpmn:push-supervision' });
    await s.completeJob('stakeholder-push', pushed('post'));
    await s.complete('Task_TrackOpinion', { opinionSummary: '舆情平稳' });
    expect((await s.completed()).pushRecords).toHaveLength(3);
  });

  it('follow-up: public concern during implementation brings a supplementary interpretation, then tracking goes on', async () => {
    // given
    await s.begin({ draftingDept: 'dept-commerce', stakeholders: ['enterprise-1'] });
    await signAndPublish();
    await s.completeJob('stakeholder-push', pushed('phone'));

    // when
    await s.complete('Task_TrackOpinion', { opinionSummary: '申报条件理解有偏差', supplementaryNeeded: true });
    const supplementary = await s.complete('Task_Supplementary', { supplementaryInterpretation: '申报条件补充说明' });
    await s.complete('Task_TrackOpinion', { opinionSummary: '舆情平稳', supplementaryNeeded: false });

    // then
    expect(supplementary.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [FORM_KEY]: 'camunda-forms:bpmn:supplementary-interpretation' });
    expect(await s.completed()).toMatchObject({ supplementaryInterpretation: '申报条件补充说明' });
  });

  it('every form the diagram links is a form-js schema in processes/forms with that id', () => {
    // given
    const diagram = fs.readFileSync(path.join(PROCESSES, 'publication-interpretation.bpmn'), 'utf8');

    // when
    const formIds = [...new Set([...diagram.matchAll(/formId="([^"]+)"/g)].map((m) => m[1]))];

    // then
    expect(formIds).toHaveLength(6);
    for (const id of formIds) {
      const form = JSON.parse(fs.readFileSync(path.join(PROCESSES, 'forms', `${id}.form`), 'utf8'));
      expect(form).toMatchObject({ id, type: 'default', schemaVersion: 16 });
      expect(form.components.length).toBeGreaterThan(1);
    }
  });
});
