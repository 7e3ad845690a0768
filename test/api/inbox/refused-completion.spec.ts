import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { auditLog, documents, meetings, tasks } from '../../../store/schema';
import { taskRecordId } from '../../../api/documents.recording';
import { startInbox, type Inbox } from './inbox-harness';

/** A symposium held yesterday afternoon (China time), as the symposium form takes it. */
const SYMPOSIUM_FORM = {
  symposiumAt: '2026-11-26T15:00',
  symposiumPlace: '商务局第一会议室',
  symposiumParticipants: '李四（企业）、王五（协会）',
  symposiumMinutes: '与会企业建议放宽申报条件',
  symposiumAdoption: '已吸纳一条',
};

describe('a completion the engine refuses leaves no records', () => {
  let t: Inbox;
  const startSymposium = async () =>
    (await t.engine.createProcessInstance({ bpmnProcessId: 'inbox-symposium', variables: { draftingDept: 'dept-commerce', documentId: 'doc-fair', documentTitle: '会展业扶持办法' } })).processInstanceKey;
  const meetingOf = async (taskId: string) => (await t.database.db.select().from(meetings).where(eq(meetings.id, taskRecordId('meeting', taskId))))[0];

  beforeAll(async () => {
    t = await startInbox();
    await t.engine.deployResources([{ name: 'symposium.bpmn', content: fs.readFileSync(path.resolve('test/api/inbox/symposium.bpmn'), 'utf8') }]);
    await t.database.db.insert(documents).values({
      id: 'doc-fair',
      title: '会展业扶持办法',
      category: 'innovation',
      draftingDept: 'dept-commerce',
      status: 'drafting',
      currentVersion: 1,
      createdBy: 'u-commerce-a',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
  });
  afterAll(() => t.close());

  it('records the symposium of a completion the engine accepts', async () => {
    // given
    const processInstanceKey = await startSymposium();
    const task = await t.task(processInstanceKey, 'Task_Symposium');

    // when
    const done = await t.post('commerceA', `/api/tasks/${task.id}/complete`, { variables: SYMPOSIUM_FORM });

    // then
    expect(done.status).toBe(200);
    expect(await meetingOf(task.id)).toMatchObject({ kind: 'symposium', documentId: 'doc-fair', place: '商务局第一会议室' });
  });

  it('answers 409 TASK_CANCELED and records nothing when the instance was canceled after the task was opened', async () => {
    // given a task the clerk opened, then its instance canceled before the inbox heard of it
    const processInstanceKey = await startSymposium();
    const task = await t.task(processInstanceKey, 'Task_Symposium');
    expect((await t.get('commerceA', `/api/tasks/${task.id}`)).status).toBe(200);
    await t.projection.stop(); // the inbox row stays open: the projection does not apply the cancellation
    await t.engine.cancelProcessInstance(processInstanceKey);
    const auditBefore = await t.database.db.select().from(auditLog);

    // when the clerk submits the form
    const refused = await t.post('commerceA', `/api/tasks/${task.id}/complete`, { variables: SYMPOSIUM_FORM });

    // then
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('TASK_CANCELED');
    expect(await meetingOf(task.id)).toBeUndefined();
    const auditAfter = await t.database.db.select().from(auditLog);
    expect(auditAfter.slice(auditBefore.length).map((a) => a.action)).toEqual([]);
    const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row).toMatchObject({ state: 'CANCELED', completedBy: null });
  });
});
