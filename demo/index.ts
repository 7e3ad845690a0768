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
import { DemoDriver } from './driver';
import { seedDemoOrganisation } from './organisation';
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
  const driver = new DemoDriver(engine, clock);
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

    // 3 days ago: the commerce bureau publishes its trade measures for 15 days of public comment
    driver.advanceDays(20);
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
