import type { TaskRow } from '../../../store/task.repository';
import { startInbox, type Inbox } from './inbox-harness';

/** Waits until `check` passes (timers fire and workers run asynchronously). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('supervision: overdue stages, CSV export, counts over time, in-app notifications', () => {
  let t: Inbox;
  let commerce: TaskRow;
  let housing: TaskRow;

  beforeAll(async () => {
    t = await startInbox();
    // commerce's research falls due Friday 4 December 18:00, housing's Friday 25 December 18:00 (Shenyang time)
    commerce = await t.task(await t.startResearch('dept-commerce', { documentTitle: '关于促进消费的若干措施, "第二版"' }), 'Task_Research');
    housing = await t.task(await t.startResearch('dept-housing', { stageWorkingDays: { research: 20 } }), 'Task_Research');
  });
  afterAll(() => t.close());

  it('nothing is overdue before the due date', async () => {
    // when
    const res = await t.get('supervisor', '/api/supervision/overdue');

    // then
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], total: 0, page: 1, pageSize: 1000 });
    expect(commerce.dueDate).toBe('2026-12-04T18:00:00+08:00');
    expect(housing.dueDate).toBe('2026-12-25T18:00:00+08:00');
  });

  it('after the clock passes the due date, the stage is overdue by the working days since', async () => {
    // when the clock moves to Tuesday 8 December, 10:00 in Shenyang
    t.clock.advance(Date.parse('2026-12-08T02:00:00Z') - t.clock.now());
    const [overdue, forHousing, inbox] = await Promise.all([
      t.get('office', '/api/supervision/overdue'),
      t.get('supervisor', '/api/supervision/overdue?department=dept-housing'),
      t.get('commerceA', '/api/tasks?overdue=true'),
    ]);

    // then overdue by Monday 7 and Tuesday 8 December (the weekend does not count)
    expect(overdue.body.total).toBe(1);
    expect(overdue.body.items).toEqual([
      {
        taskId: commerce.id,
        stage: '成立专题调研组开展调研',
        elementId: 'Task_Research',
        bpmnProcessId: 'research-deliberation',
        processInstanceKey: commerce.processInstanceKey,
        department: 'dept-commerce',
        assignee: null,
        candidateGroups: ['dept-commerce'],
        dueDate: '2026-12-04T18:00:00+08:00',
        overdueWorkingDays: 2,
        documentTitle: '关于促进消费的若干措施, "第二版"',
      },
    ]);
    expect(forHousing.body.items).toEqual([]);
    expect(inbox.body.items.map((i: { id: string; overdue: boolean; overdueWorkingDays: number }) => [i.id, i.overdue, i.overdueWorkingDays])).toEqual([[commerce.id, true, 2]]);
  });

  it('exports the overdue stages as CSV with a BOM and Chinese headers', async () => {
    // when
    const byAccept = await t.get('supervisor', '/api/supervision/overdue').set('Accept', 'text/csv').buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
    const byLink = await t.get('office', '/api/supervision/overdue?format=csv');

    // then
    expect(byAccept.status).toBe(200);
    expect(byAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(byAccept.headers['content-disposition']).toBe('attachment; filename="overdue-2026-12-08.csv"');
    const text = byAccept.body as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('任务编号,阶段,环节标识,流程,流程实例,责任部门,办理人,候选组,截止时间,逾期工作日,文件标题');
    expect(lines.slice(1)).toEqual([
      `${commerce.id},成立专题调研组开展调研,Task_Research,research-deliberation,${commerce.processInstanceKey},dept-commerce,,dept-commerce,2026-12-04T18:00:00+08:00,2,"关于促进消费的若干措施, ""第二版"""`,
    ]);
    expect(byLink.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('counts open and overdue tasks by department, by stage and per day', async () => {
    // when
    const res = await t.get('supervisor', '/api/supervision/stats?days=14');

    // then
    expect(res.status).toBe(200);
    expect(res.body.byDepartment).toEqual([
      { department: 'dept-commerce', open: 1, overdue: 1 },
      { department: 'dept-housing', open: 1, overdue: 0 },
    ]);
    expect(res.body.byStage).toEqual([{ bpmnProcessId: 'research-deliberation', stage: '成立专题调研组开展调研', open: 2, overdue: 1 }]);
    const series = res.body.series as { date: string; open: number; overdue: number }[];
    expect(series).toHaveLength(14);
    expect(series[0]).toEqual({ date: '2026-11-25', open: 0, overdue: 0 });
    expect(series.find((d) => d.date === '2026-11-27')).toEqual({ date: '2026-11-27', open: 2, overdue: 0 });
    expect(series.find((d) => d.date === '2026-12-04')).toEqual({ date: '2026-12-04', open: 2, overdue: 1 });
    expect(series[13]).toEqual({ date: '2026-12-08', open: 2, overdue: 1 });
  });

  it('delivers the reminder and the overdue notice the diagram sends to the department and the General Office', async () => {
    // when the notify worker has run for the boundary timers
    const forClerk = await eventually(async () => {
      const res = await t.get('commerceB', '/api/notifications');
      expect(res.body.length).toBeGreaterThanOrEqual(2);
      return res;
    });
    const forOffice = await t.get('office', '/api/notifications');
    const forHousing = await t.get('housing', '/api/notifications');

    // then
    expect(forClerk.body.every((n: { readAt: string | null }) => n.readAt === null)).toBe(true);
    expect(forClerk.body.map((n: { body: string }) => n.body).join('\n')).toContain('关于促进消费的若干措施');
    expect(forOffice.body).toHaveLength(1);
    expect(forHousing.body).toEqual([]);

    // when one clerk reads the first one, someone else tries, and the clerk reads it again
    const id = forClerk.body[0].id as string;
    const read = await t.post('commerceA', `/api/notifications/${id}/read`);
    const notTheirs = await t.post('housing', `/api/notifications/${id}/read`);
    const again = await t.post('commerceA', `/api/notifications/${id}/read`);
    const malformed = await t.post('commerceA', '/api/notifications/x/read');

    // then
    expect(read.status).toBe(204);
    expect(notTheirs.status).toBe(404);
    expect(again.status).toBe(204);
    expect(malformed.status).toBe(400);
    const after = await t.get('commerceA', '/api/notifications');
    expect(after.body.find((n: { id: string }) => n.id === id).readAt).toBe('2026-12-08T02:00:00.000Z');
  });

  it('keeps supervision to supervisors and the General Office', async () => {
    // when
    const statuses = await Promise.all(
      (['commerceA', 'legal', 'leader', 'finance', 'evaluator', 'research', 'admin'] as const).map(async (user) => [
        (await t.get(user, '/api/supervision/overdue')).status,
        (await t.get(user, '/api/supervision/stats')).status,
      ]),
    );

    // then
    expect(statuses.flat()).toEqual(Array(14).fill(403));
    expect((await t.get('supervisor', '/api/supervision/stats?days=0')).status).toBe(400);
  });
});

describe('supervision: the per-day series counts tasks ended within the window', () => {
  let t: Inbox;
  /** Moves the engine clock forward to `iso`. */
  const moveTo = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock.now());

  beforeAll(async () => {
    t = await startInbox();
  });
  afterAll(() => t.close());

  it('counts a task open at the end of each day it was created before and ended at or after, overdue once past its due date', async () => {
    // given two research stages from Friday 27 November 09:00 (Shenyang), due Friday 4 December 18:00
    const commerce = await t.startResearch('dept-commerce');
    const housing = await t.startResearch('dept-housing');
    const commerceResearch = await t.task(commerce, 'Task_Research');
    await t.task(housing, 'Task_Research');
    // and a countersign created exactly at the end of Friday (Saturday 00:00), due 4 December 18:00
    moveTo('2026-11-28T00:00:00+08:00');
    const countersign = await t.task(await t.startCountersign(['commerce-a']), 'Task_Countersign');
    // completed on Monday 30 November 10:00: the General Office's check (due 11 December) follows
    moveTo('2026-11-30T10:00:00+08:00');
    const signed = await t.post('commerceA', `/api/tasks/${countersign.id}/complete`, {});
    const check = await t.task(countersign.processInstanceKey, 'Task_Check');
    // housing canceled exactly at the end of Wednesday 2 December (Thursday 00:00)
    moveTo('2026-12-03T00:00:00+08:00');
    await t.engine.cancelProcessInstance(housing);
    await t.waitFor('userTask.canceled', (e) => e.processInstanceKey === housing);
    // commerce canceled on Monday 7 December 10:00, overdue since Friday 18:00
    moveTo('2026-12-07T10:00:00+08:00');
    await t.engine.cancelProcessInstance(commerce);
    await t.waitFor('userTask.canceled', (e) => e.processInstanceKey === commerce);
    await t.projection.idle();
    moveTo('2026-12-09T10:00:00+08:00');

    // when
    const res = await t.get('supervisor', '/api/supervision/stats?days=14');

    // then
    expect(signed.status).toBe(200);
    expect(commerceResearch.dueDate).toBe('2026-12-04T18:00:00+08:00');
    expect(check.dueDate).toBe('2026-12-11T18:00:00+08:00');
    expect(res.status).toBe(200);
    expect(res.body.byDepartment).toEqual([{ department: null, open: 1, overdue: 0 }]);
    expect(res.body.byStage).toEqual([{ bpmnProcessId: 'inbox-countersign', stage: '办公厅核对', open: 1, overdue: 0 }]);
    expect(res.body.series).toEqual([
      { date: '2026-11-26', open: 0, overdue: 0 },
      // the countersign, created at the very end of the 27th, is not open then
      { date: '2026-11-27', open: 2, overdue: 0 },
      { date: '2026-11-28', open: 3, overdue: 0 },
      { date: '2026-11-29', open: 3, overdue: 0 },
      // the countersign completed, the check open
      { date: '2026-11-30', open: 3, overdue: 0 },
      { date: '2026-12-01', open: 3, overdue: 0 },
      // housing, ended at the very end of the 2nd, is still open then
      { date: '2026-12-02', open: 3, overdue: 0 },
      { date: '2026-12-03', open: 2, overdue: 0 },
      { date: '2026-12-04', open: 2, overdue: 1 },
      { date: '2026-12-05', open: 2, overdue: 1 },
      { date: '2026-12-06', open: 2, overdue: 1 },
      { date: '2026-12-07', open: 1, overdue: 0 },
      { date: '2026-12-08', open: 1, overdue: 0 },
      { date: '2026-12-09', open: 1, overdue: 0 },
    ]);
  });
});
