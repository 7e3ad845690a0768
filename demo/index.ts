import { count, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { WorkingDayCalendar } from '../calendar/working-days';
import type { ContactCipher } from '../domain/contact-cipher';
import { ControlledClock } from '../engine/clock';
import { EmbeddedEngine } from '../engine/embedded';
import type { Resource } from '../engine/port';
import type { Database } from '../store/database';
import { documentProcesses, users } from '../store/schema';
import { deadlineWorker } from '../workers/deadline/handler';
import { RECORDERS } from '../api/task-records';
import { completedByOf } from '../api/tasks.service';
import { groupsOf, type Principal } from '../domain/principal';
import { AuditRepository } from '../store/audit.repository';
import { DemoDriver, type DemoRecorder } from './driver';
import { DEMO_USERS, seedDemoOrganisation } from './organisation';
import { seedDemoRecords } from './records';

const DAY = 86_400_000;

export interface DemoOptions {
  database: Database;
  calendar: WorkingDayCalendar;
  contacts: ContactCipher;
  /** The shipped diagrams (deployed by the demo's engine before it drives them). */
  resources: Resource[];
  /** Real time now: the demo's history ends here. */
  now: number;
  logger: Logger;
}

/** True when the database has no users yet: the demo is seeded only into an empty product. */
export async function needsDemo(database: Database): Promise<boolean> {
  const [row] = await database.db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) === 0;
}

/**
 * Seeds the demo organisation, records and process instances at different stages, some overdue.
 * The instances are driven on their own embedded engine whose clock starts 40 days ago, so due
 * dates and timers lie in the past when the product's engine takes over with the real clock.
 */
export async function seedDemo(options: DemoOptions): Promise<void> {
  const { database, now } = options;
  await seedDemoOrganisation(database.db, now);
  await seedDemoRecords(database.db, options.contacts, now);

  const clock = new ControlledClock();
  clock.pin(now - 40 * DAY);
  const engine = await EmbeddedEngine.start({ database, clock, logger: options.logger, jobPollMs: 20 });
  const driver = new DemoDriver(engine, clock, demoRecorder(database, new AuditRepository(database.db, () => clock.now()), options.logger, () => clock.now()));
  try {
    engine.createWorker(deadlineWorker(options.calendar, clock));
    await engine.deployResources(options.resources);
    const link = (processInstanceKey: string, documentId: string, bpmnProcessId: string) =>
      database.db.insert(documentProcesses).values({ processInstanceKey, documentId, bpmnProcessId, startedAt: clock.now() }).onConflictDoNothing();

    // 40 days ago: the housing bureau starts researching its renovation rules; the comment period
    // ends and the disposal of comments falls due while nobody acts → overdue today
    const housing = await driver.start('research-deliberation', { documentId: 'doc-housing', documentTitle: '沈阳市城镇老旧小区改造实施办法', draftingDept: 'dept-housing', urgent: false });
    await link(housing, 'doc-housing', 'research-deliberation');
    await driver.complete(housing, 'Task_Research', researchFindings({ enterpriseRelated: false }));
    await driver.complete(housing, 'Task_PublishDraft', { commentNoticeUrl: 'https://www.shenyang.gov.cn/zmhd/yjzj/housing', draftBackground: '老旧小区改造', draftNecessity: '改善居住条件', draftImpact: '涉及居民约12万户', commentChannels: ['portal'] });
    driver.advanceDays(17);
    await driver.reach(housing, 'Task_Disposal');

    // 23 days ago: the General Office commissions an evaluation of the fee-cut policy; the
    // contracted institute's evaluation plan is due and not yet drafted
    const evaluation = await driver.start('third-party-evaluation', { documentId: 'doc-fees', documentTitle: '沈阳市进一步减轻企业负担若干政策' });
    await link(evaluation, 'doc-fees', 'third-party-evaluation');
    await driver.complete(evaluation, 'Task_ProposeProject', {
      evaluationObject: '沈阳市进一步减轻企业负担若干政策',
      evaluationScope: '2024年以来各部门落实情况',
      evaluationContents: ['implementation', 'effects', 'problems'],
      draftingDept: 'dept-commerce',
      projectBasis: '市政府常务会议决定',
    });
    await driver.complete(evaluation, 'Task_ApproveProject', { projectDecision: 'approved' });
    await driver.complete(evaluation, 'Task_ProcurementMethod', { procurementMethod: 'single-source', selectionConditions: '具备政策评估资质，与被评估单位无利害关系' });
    await driver.complete(evaluation, 'Task_SelectEvaluator', { evaluatorId: 'evaluator-urban-institute', evaluatorName: '城市发展研究院' });
    await driver.completeJob(evaluation, 'evaluator-check', { evaluatorEligible: true, evaluatorIneligibleReason: null });
    await driver.complete(evaluation, 'Task_ConfirmFunding', { evaluationBudget: 300000, fundingSource: '市本级预算' });
    await driver.complete(evaluation, 'Task_SignContract', { contractNo: 'SYCG-2026-081', contractAmount: 298000, reportDueDay: '2027-03-31' });
    await driver.reach(evaluation, 'Task_DraftPlan');

    // 10 days ago: an ad-hoc cleanup of three older documents; the departments' proposals are open
    driver.advanceDays(13);
    const cleanup = await driver.start('normative-document-cleanup', {
      campaignId: '2026-专项清理',
      documents: [
        { documentId: 'doc-talent', title: '沈阳市高层次人才引进办法', department: 'dept-industry' },
        { documentId: 'doc-heating', title: '沈阳市城市供热管理若干规定', department: 'dept-housing' },
        { documentId: 'doc-projects', title: '沈阳市重大项目建设推进办法', department: 'dept-housing' },
      ],
    });
    await driver.complete(cleanup, 'Task_IssuePlan', { campaignId: '2026-专项清理', workPlan: '关于开展规范性文件专项清理工作的方案' });
    await driver.complete(cleanup, 'Task_Propose', { classification: 'remainsValid', reasons: '文件内容不存在问题', basis: '现行法律法规未作调整' });

    // 3 days ago: the commerce bureau publishes its trade measures for 15 days of public comment
    driver.advanceDays(7);
    const trade = await driver.start('research-deliberation', { documentId: 'doc-trade', documentTitle: '沈阳市进一步促进外贸稳增长若干政策措施', draftingDept: 'dept-commerce', urgent: false });
    await link(trade, 'doc-trade', 'research-deliberation');
    await driver.complete(trade, 'Task_Research', researchFindings({ enterpriseRelated: false }));
    await driver.reach(trade, 'Task_PublishDraft');
    await engine.idle();
  } finally {
    driver.close();
    await engine.close();
  }
}

/**
 * Records each demo task's form as the inbox would, as the demo user of the task's group, and
 * completes it as that user: `completedBy` names them, as the inbox sets it (the leader of a
 * sign-off is its signer).
 */
function demoRecorder(database: Database, audit: AuditRepository, logger: Logger, now: () => number): DemoRecorder {
  return async (task, submitted) => {
    const principal = demoPrincipalOf(task.candidateGroups);
    const completion = { ...submitted, completedBy: completedByOf(principal) };
    const recorder = task.formId ? RECORDERS[task.formId] : undefined;
    if (!recorder) return completion;
    const documentId = typeof task.variables.documentId === 'string' ? task.variables.documentId : null;
    await database.db.transaction((tx) =>
      recorder({
        db: tx,
        audit,
        logger,
        now: now(),
        principal,
        task: { id: task.id, elementId: task.elementId, formId: task.formId, bpmnProcessId: task.bpmnProcessId, processInstanceKey: task.processInstanceKey, documentId },
        created: task.variables,
        submitted,
        context: { ...task.variables, ...submitted },
      }),
    );
    return completion;
  };
}

/** The demo user who acts for a candidate group (a department, office or role). */
function demoPrincipalOf(groups: string[]): Principal {
  const user = DEMO_USERS.find((u) => groups.some((g) => u.departmentId === g && u.roles[0] !== 'admin' && u.roles[0] !== 'supervisor')) ?? DEMO_USERS.find((u) => groups.some((g) => (u.roles as string[]).includes(g)));
  if (!user) throw new Error(`demo: no demo user acts for ${groups.join(', ')}`);
  return { id: `user-${user.username}`, username: user.username, name: user.name, roles: user.roles, departmentId: user.departmentId, groups: groupsOf(user.roles, user.departmentId) };
}

/** What a research survey form records (research-survey.form). */
function researchFindings(flags: { enterpriseRelated: boolean }) {
  return {
    researchTeam: '专题调研组（起草部门、市政府研究室、市法制办）',
    researchMethods: ['questionnaire', 'field'],
    currentSituation: '现状调研结论（演示）',
    necessityFeasibility: '必要性与可行性分析（演示）',
    legalBasis: '相关法律法规及政策依据（演示）',
    policyFit: '与现行政策衔接（演示）',
    enterpriseRelated: flags.enterpriseRelated,
    legalityInQuestion: false,
    highlyTechnical: false,
    feasibilityInQuestion: false,
    largeFiscalCost: false,
    expertReviewDeemedNecessary: false,
    vitalInterestsDisputed: false,
    publicInterestDisputed: false,
    hearingDeemedNecessary: false,
  };
}

/** True when a user still has a published demo password (the server refuses to start so in production). */
export async function hasDemoPasswords(database: Database): Promise<boolean> {
  const [row] = await database.db.select({ n: count() }).from(users).where(eq(users.demoPassword, 1));
  return Number(row?.n ?? 0) > 0;
}
