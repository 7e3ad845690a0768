import path from 'node:path';
import request from 'supertest';
import type { Job } from '../../../engine/port';
import { PushRepository, type PushRow } from '../../../store/push.repository';
import { ResearchReportRepository } from '../../../store/research-report.repository';
import { reportWorker, REPORT_TASK_TYPE } from '../../../workers/report/handler';
import type { TestApi, TestUser } from '../../support/api-harness';

/** The people the records tests act as: one per role, two drafting departments, two evaluators. */
export const PEOPLE = {
  drafter: { roles: ['drafting-dept'], departmentId: 'dept-commerce' },
  otherDrafter: { roles: ['drafting-dept'], departmentId: 'dept-industry' },
  office: { roles: ['general-office'], departmentId: 'general-office' },
  admin: { roles: ['admin'], departmentId: null },
  supervisor: { roles: ['supervisor'], departmentId: 'general-office' },
  research: { roles: ['research-office'], departmentId: 'research-office' },
  legal: { roles: ['legal-office'], departmentId: 'legal-office' },
  leader: { roles: ['leader'], departmentId: null },
  finance: { roles: ['finance'], departmentId: 'finance' },
  evaluator: { roles: ['evaluator'], departmentId: 'evaluator-a' },
  otherEvaluator: { roles: ['evaluator'], departmentId: 'evaluator-b' },
} satisfies Record<string, TestUser>;

export type Person = keyof typeof PEOPLE;
export const EVERYONE = Object.keys(PEOPLE) as Person[];

/** A bearer token for every person. */
export async function tokensFor(api: TestApi): Promise<Record<Person, string>> {
  const entries = await Promise.all(EVERYONE.map(async (who) => [who, await api.tokenFor({ ...PEOPLE[who], id: `user-${who}`, name: `Name of ${who}` })] as const));
  return Object.fromEntries(entries) as Record<Person, string>;
}

/** A supertest request with the person's token. */
export function as(api: TestApi, token: string) {
  const agent = request(api.app);
  const bearer = `Bearer ${token}`;
  return {
    get: (url: string) => agent.get(url).set('Authorization', bearer),
    post: (url: string) => agent.post(url).set('Authorization', bearer),
    put: (url: string) => agent.put(url).set('Authorization', bearer),
    patch: (url: string) => agent.patch(url).set('Authorization', bearer),
    delete: (url: string) => agent.delete(url).set('Authorization', bearer),
  };
}

/** Creates a document of dept-commerce with a first version, as the drafter; returns its JSON. */
export async function draftDocument(api: TestApi, token: string, body: Record<string, unknown> = {}) {
  const res = await as(api, token)
    .post('/api/documents')
    .send({ title: '关于促进外贸稳定增长的若干措施', category: 'investment-promotion', content: '第一条 ……', ...body });
  if (res.status !== 201) throw new Error(`document not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; currentVersion: number; status: string; draftingDept: string };
}

/** Hostile strings every text field must store verbatim and return as plain JSON data. */
export const HOSTILE = ["'; DROP TABLE documents; --", '<script>alert("x")</script>', '" OR 1=1 --', '<img src=x onerror=alert(1)>', '%_\\'];

/**
 * Puts an evaluator in the pool (if new) with its independence declaration and commissions it,
 * through the API, for an evaluation of the document: proposed → approved → contracted.
 */
export async function commission(api: TestApi, tokens: Record<Person, string>, documentId: string, evaluatorId: string) {
  const office = as(api, tokens.office);
  const created = await office.post('/api/evaluators').send({ id: evaluatorId, name: `评估机构 ${evaluatorId}`, kind: 'university', qualifications: '高校智库' });
  if (created.status === 201) await office.post(`/api/evaluators/${evaluatorId}/declaration`).send({ declaration: '与被评估部门无任何关联' }).expect(200);
  const project = await office.post('/api/evaluation-projects').send({ documentId, subject: '政策落实效果评估', scope: '2026年执行情况' }).expect(201);
  await as(api, tokens.leader).post(`/api/evaluation-projects/${project.body.id}/approval`).send({ decision: 'approved' }).expect(200);
  const contract = await office
    .post(`/api/evaluation-projects/${project.body.id}/contract`)
    .send({ procurementMethod: 'open-tender', evaluatorId, contractNumber: `HT-${evaluatorId}`, contractSignedAt: '2026-11-27T09:00:00+08:00', fee: 300000, reportDueAt: '2027-03-31T18:00:00+08:00' });
  if (contract.status !== 200) throw new Error(`not contracted: ${contract.status} ${JSON.stringify(contract.body)}`);
  return contract.body as { id: string; status: string; evaluatorId: string };
}

/** Starting the engine and database is slow on a busy machine: hooks that start the API get this long. */
export const STARTUP_MS = 240_000;

let reportJobs = 0;

/**
 * Has the real report worker assemble the research report of a document (the HTML row in
 * research_reports and the DOCX in `<DATA_DIR>/reports`, as on a server), as one job of the
 * research-deliberation process would; returns the report id.
 */
export async function givenReport(api: TestApi, documentId: string, findings: Record<string, unknown> = {}): Promise<string> {
  const worker = reportWorker({ reports: new ResearchReportRepository(api.database.db), reportsDir: path.join(api.ctx.config.DATA_DIR, 'reports'), clock: api.clock });
  const job = { key: String(900_000 + (reportJobs += 1)), type: REPORT_TASK_TYPE, retries: 3, processInstanceKey: '1', variables: { documentId, ...findings } } as unknown as Job;
  const outcome = await worker.handler(job);
  if (outcome.outcome !== 'complete') throw new Error(`report not assembled: ${JSON.stringify(outcome)}`);
  return outcome.variables!.researchReport as string;
}

/**
 * A push of the document to a stakeholder as the stakeholder-push worker records it (the same
 * repository call): pending until staff record a phone or post push; returns the row.
 */
export async function givenPush(api: TestApi, push: Pick<PushRow, 'documentId' | 'stakeholderId' | 'channel'> & Partial<PushRow>): Promise<PushRow> {
  const now = api.clock.now();
  return new PushRepository(api.database.db).claim({ id: `push-${push.stakeholderId}-${push.channel}`, dueAt: now + 7 * 86_400_000, pushedAt: null, outcome: 'pending', detail: null, jobKey: null, ...push });
}
