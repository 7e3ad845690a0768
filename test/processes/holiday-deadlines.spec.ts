import { CANDIDATE_GROUPS, DUE_DATE, ProcessScenario } from './scenario';

/**
 * The regimes' due dates on the real 2026 calendar across its longest breaks, as the bundled
 * State Council arrangement has them:
 * - Mid-Autumn Festival Friday 25 September, National Day Thursday 1 – Wednesday 7 October, and
 *   the make-up workday Saturday 10 October (Sunday 20 September too, before these scenarios);
 * - Spring Festival Sunday 15 – Monday 23 February, with the make-up workdays Saturday
 *   14 February and Saturday 28 February.
 */

/** 09:00 in Shenyang (UTC+8) on `day`, as epoch milliseconds. */
const morning = (day: string) => Date.parse(`${day}T01:00:00Z`);
const due = (day: string) => `${day}T18:00:00+08:00`;

describe('due dates across Chinese public holidays and make-up workdays', () => {
  let s: ProcessScenario;
  afterEach(() => s.close());

  it('research and deliberation started before Mid-Autumn Festival and National Day: working days skip both breaks and count the make-up Saturday; an urgent comment period ending inside the break runs to the first working day after it', async () => {
    // given the drafting department starts on Thursday 24 September 2026
    s = await ProcessScenario.start('research-deliberation');
    s.t.clock.pin(morning('2026-09-24'));
    await s.begin({ documentTitle: '关于进一步促进外贸稳增长的若干措施', draftingDept: 'dept-commerce', urgent: true });

    // when it finishes its research and publishes the draft the same day
    const research = await s.complete('Task_Research', { enterpriseRelated: false });
    const since = s.t.events.at(-1)?.position ?? -1;
    const publish = await s.complete('Task_PublishDraft', { commentNoticeUrl: 'https://www.shenyang.gov.cn/zmhd/yjzj/2' });
    await s.t.waitFor('element.activated', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === 'Event_CommentPeriodOver' && e.position > since);

    // then research was due 20 working days later: 28–30 Sep, 8–10 Oct (Saturday worked), 12–16, 19–23 and 26–29 Oct
    expect(research.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: due('2026-10-29') });
    // and publication 2 working days later: Friday 25 September is Mid-Autumn Festival, so Monday 28 and Tuesday 29
    expect(publish.headers[DUE_DATE]).toBe(due('2026-09-29'));
    // and 7 days of comment end on Thursday 1 October, National Day: they run to Thursday 8 October
    expect(await s.variables()).toMatchObject({ commentDueDate: due('2026-10-08') });

    // when the last day of the break has passed, the period is still open
    s.moveClockTo('2026-10-07T10:05:00Z');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.reached('Task_Disposal')).toBe(false);

    // when the period ends on Thursday 8 October at 18:00
    s.moveClockTo('2026-10-08T10:05:00Z');
    const disposal = await s.userTask('Task_Disposal');

    // then the disposal of comments is due 10 working days later, counting Saturday 10 October: Wednesday 21 October
    expect(disposal.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: due('2026-10-21') });
  });

  it('a third-party evaluation proposed before Spring Festival counts both make-up Saturdays and none of the break', async () => {
    // given the General Office starts an evaluation project on Thursday 12 February 2026
    s = await ProcessScenario.start('third-party-evaluation');
    s.t.clock.pin(morning('2026-02-12'));
    await s.begin({});
    const propose = await s.userTask('Task_ProposeProject');

    // when it proposes the project on Friday 13 February
    s.moveClockTo('2026-02-13T01:00:00Z');
    await s.t.engine.completeJob(propose.jobKey, {
      evaluationObject: '沈阳市促进民营经济发展若干政策措施',
      evaluationScope: '2025年以来全市各地区、各部门落实情况',
      evaluationContents: ['implementation', 'effects'],
      draftingDept: 'dept-commerce',
      projectBasis: '市政府领导批示',
    });
    const approve = await s.userTask('Task_ApproveProject');

    // then the proposal was due 10 working days after 12 February: 13, 14 (Saturday worked), 24–28 February (Saturday worked), 2–4 March
    expect(propose.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: due('2026-03-04') });
    // and the approval 10 working days after 13 February: Thursday 5 March
    expect(approve.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["leader"]', [DUE_DATE]: due('2026-03-05') });
  });

  it('an ad-hoc cleanup started before Spring Festival gives the plan 5 and the departments 10 working days around the break', async () => {
    // given the General Office starts an ad-hoc campaign on Thursday 12 February 2026
    s = await ProcessScenario.start('normative-document-cleanup');
    s.t.clock.pin(morning('2026-02-12'));
    await s.begin({ campaignId: '2026-春节前专项', documents: [{ documentId: '沈政发〔2015〕12号', title: '关于促进服务业发展的若干意见', department: 'dept-commerce' }] });

    // when it issues the plan the same day
    const plan = await s.complete('Task_IssuePlan', { campaignId: '2026-春节前专项', workPlan: '专项清理工作方案' });
    const proposal = await s.userTask('Task_Propose');
    const training = await s.userTask('Task_Training');

    // then the plan was due 5 working days later: 13, 14 (Saturday worked), 24, 25, 26 February
    expect(plan.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: due('2026-02-26') });
    expect(training.headers[DUE_DATE]).toBe(due('2026-02-26'));
    // and the department's proposal 10 working days later, Saturday 28 February included: Wednesday 4 March
    expect(proposal.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: due('2026-03-04') });
  });
});
