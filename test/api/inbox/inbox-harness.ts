import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { startTaskProjection, type TaskProjection } from '../../../domain/task-projection';
import type { Variables } from '../../../engine/port';
import { tasks } from '../../../store/schema';
import type { TaskRow } from '../../../store/task.repository';
import { deadlineWorker } from '../../../workers/deadline/handler';
import { InAppChannel } from '../../../workers/notify/channels';
import { notifyWorker } from '../../../workers/notify/handler';
import { NotificationRepository } from '../../../workers/notify/notification.repository';
import { startTestApi, type TestApi, type TestUser } from '../../support/api-harness';

/** The people of the tests: two clerks of the commerce bureau, one of housing, and every other role. */
export const USERS = {
  commerceA: { id: 'u-commerce-a', username: 'commerce-a', name: '张商务', roles: ['drafting-dept'], departmentId: 'dept-commerce' },
  commerceB: { id: 'u-commerce-b', username: 'commerce-b', name: '李商务', roles: ['drafting-dept'], departmentId: 'dept-commerce' },
  housing: { id: 'u-housing', username: 'housing', roles: ['drafting-dept'], departmentId: 'dept-housing' },
  office: { id: 'u-office', username: 'office', roles: ['general-office'], departmentId: 'general-office' },
  supervisor: { id: 'u-supervisor', username: 'supervisor', roles: ['supervisor'], departmentId: null },
  admin: { id: 'u-admin', username: 'admin', roles: ['admin'], departmentId: null },
  legal: { id: 'u-legal', username: 'legal', roles: ['legal-office'], departmentId: 'legal-office' },
  research: { id: 'u-research', username: 'research', roles: ['research-office'], departmentId: 'research-office' },
  leader: { id: 'u-leader', username: 'leader', roles: ['leader'], departmentId: 'city-leaders' },
  finance: { id: 'u-finance', username: 'finance', roles: ['finance'], departmentId: 'finance' },
  evaluator: { id: 'u-evaluator', username: 'evaluator', roles: ['evaluator'], departmentId: 'evaluator-acme' },
} satisfies Record<string, TestUser>;
export type UserName = keyof typeof USERS;

/** What the research-survey form (Task_Research) needs to be complete. */
export const RESEARCH_FORM = {
  researchTeam: '商务局牵头，市政府研究室、市法制办参加',
  researchMethods: ['field', 'questionnaire'],
  currentSituation: '现有扶持政策分散',
  necessityFeasibility: '必要且可行',
  legalBasis: '《中华人民共和国中小企业促进法》',
  policyFit: '与现行政策衔接',
  enterpriseRelated: false,
};

export interface Inbox extends TestApi {
  projection: TaskProjection;
  tokens: Record<UserName, string>;
  notifications: NotificationRepository;
  /** Starts research-deliberation for a department; research is due 5 working days later unless said otherwise. */
  startResearch(draftingDept: string, variables?: Variables): Promise<string>;
  /** Starts the countersign fixture (countersign.bpmn beside this file): 会签 offered to `signers` by name only, no form. */
  startCountersign(signers: string[]): Promise<string>;
  /** The open inbox row of the instance's task at `elementId`, once the engine created it and the projection applied it. */
  task(processInstanceKey: string, elementId: string): Promise<TaskRow>;
  get(user: UserName, url: string): request.Test;
  post(user: UserName, url: string, body?: object): request.Test;
}

/**
 * The real app on the real embedded engine with research-deliberation deployed, the deadline and
 * notify (in-app) workers running and the task projection following the engine.
 */
export async function startInbox(): Promise<Inbox> {
  const api = await startTestApi();
  const { engine, clock, ctx } = api;
  const notifications = new NotificationRepository(api.database.db);
  engine.createWorker(deadlineWorker(ctx.calendar, clock));
  engine.createWorker(notifyWorker({ channels: [new InAppChannel(notifications, clock)], deliveries: notifications, clock }));
  const name = 'research-deliberation.bpmn';
  await engine.deployResources([
    { name, content: fs.readFileSync(path.resolve('processes', name), 'utf8') },
    { name: 'countersign.bpmn', content: fs.readFileSync(path.resolve('test/api/inbox/countersign.bpmn'), 'utf8') },
  ]);
  const projection = await startTaskProjection({ database: api.database, engine, logger: ctx.logger });
  const tokens = {} as Record<UserName, string>;
  for (const [key, user] of Object.entries(USERS)) tokens[key as UserName] = await api.tokenFor(user);
  const close = api.close;
  const inbox: Inbox = {
    ...api,
    projection,
    tokens,
    notifications,
    async startResearch(draftingDept, variables = {}) {
      const { processInstanceKey } = await engine.createProcessInstance({
        bpmnProcessId: 'research-deliberation',
        variables: { draftingDept, urgent: false, documentTitle: `关于支持${draftingDept}的若干措施`, stageWorkingDays: { research: 5 }, ...variables },
      });
      return processInstanceKey;
    },
    async startCountersign(signers) {
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'inbox-countersign', variables: { signers } });
      return processInstanceKey;
    },
    async task(processInstanceKey, elementId) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        await api.waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === elementId);
        await projection.idle();
        const [row] = await api.database.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.processInstanceKey, processInstanceKey), eq(tasks.elementId, elementId), eq(tasks.state, 'CREATED')));
        if (row) return row;
        if (Date.now() > deadline) throw new Error(`no open task ${elementId} in ${processInstanceKey}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    get: (user, url) => request(api.app).get(url).set('Authorization', `Bearer ${tokens[user]}`),
    post: (user, url, body = {}) => request(api.app).post(url).set('Authorization', `Bearer ${tokens[user]}`).send(body),
    async close() {
      await inbox.projection.stop();
      await close();
    },
  };
  return inbox;
}
