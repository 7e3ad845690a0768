import fs from 'node:fs';
import path from 'node:path';
import { CalendarRepository } from '../../calendar/calendar.repository';
import { CalendarService } from '../../calendar/calendar.service';
import { WorkingDayCalendar } from '../../calendar/working-days';
import type { Variables } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../../test/support/engine-harness';
import { deadlineWorker } from './handler';

const FIXTURE = path.resolve(process.cwd(), 'test/workers/fixtures/deadline-then-review.bpmn');

describe('deadline worker on the engine', () => {
  let t: TestEngine;
  let calendar: WorkingDayCalendar;
  let service: CalendarService;

  beforeEach(async () => {
    t = await startTestEngine();
    const repository = new CalendarRepository(t.database.db);
    calendar = await WorkingDayCalendar.load(repository);
    service = new CalendarService(repository, calendar, t.clock);
    t.engine.createWorker(deadlineWorker(calendar, t.clock));
    await t.engine.deployResources([{ name: 'deadline-then-review.bpmn', content: fs.readFileSync(FIXTURE, 'utf8') }]);
  });
  afterEach(() => t.close());

  /** Starts the fixture and resolves with the review task's headers. */
  async function reviewTaskHeaders(variables: Variables): Promise<Record<string, string>> {
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'deadline-then-review', variables: { draftingDept: 'drafting-dept', ...variables } });
    const created = await t.waitFor('userTask.created', (e) => e.processInstanceKey === processInstanceKey);
    return created.payload.customHeaders as Record<string, string>;
  }

  it('5 working days from Monday 2026-09-28 skip National Day and end on the make-up Saturday 10 October', async () => {
    // given the official 2026 arrangement: 1–7 October off, Saturday 10 October worked

    // when
    const headers = await reviewTaskHeaders({ receivedOn: '2026-09-28' });

    // then
    expect(headers['io.camunda.zeebe:dueDate']).toBe('2026-10-10T18:00:00+08:00');
    expect(headers['io.camunda.zeebe:candidateGroups']).toBe('["drafting-dept"]');
  });

  it('5 working days from Thursday 2026-02-12 count the make-up Saturday 14 February and skip Spring Festival', async () => {
    // given 15–23 February 2026 off, Saturday 14 February worked

    // when
    const headers = await reviewTaskHeaders({ receivedOn: '2026-02-12T16:30:00+08:00' });

    // then: 13, 14, 24, 25, 26 February
    expect(headers['io.camunda.zeebe:dueDate']).toBe('2026-02-26T18:00:00+08:00');
  });

  it('counts from the engine clock’s date in China when no start date is given', async () => {
    // given the clock pinned at Friday 2026-11-27 09:00 China time

    // when
    const headers = await reviewTaskHeaders({});

    // then: 30 November, 1–4 December
    expect(headers['io.camunda.zeebe:dueDate']).toBe('2026-12-04T18:00:00+08:00');
  });

  it('an administrator’s holiday override moves the due date', async () => {
    // given Friday 9 October 2026 declared a holiday
    await service.addOverride({ date: '2026-10-09', kind: 'holiday', name: '临时调整' }, 'admin');

    // when
    const headers = await reviewTaskHeaders({ receivedOn: '2026-09-28' });

    // then: 29, 30 September, 8, 10 (make-up Saturday), 12 October
    expect(headers['io.camunda.zeebe:dueDate']).toBe('2026-10-12T18:00:00+08:00');
  });

  it('an invalid start date raises an incident that names the problem, without retries', async () => {
    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'deadline-then-review', variables: { draftingDept: 'drafting-dept', receivedOn: 'next Tuesday' } });
    await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const [incident] = await t.engine.listIncidents({ processInstanceKey });
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'JOB_NO_RETRIES', elementId: 'Task_Deadline' });
    expect(incident!.errorMessage).toBe("invalid deadline input: expected an ISO date (YYYY-MM-DD) or date-time, but was 'next Tuesday'");
    expect(t.events.filter((e) => e.type === 'job.failed' && e.processInstanceKey === processInstanceKey)).toHaveLength(1);
  });
});

describe('deadline handler inputs', () => {
  let t: TestEngine;
  let handler: ReturnType<typeof deadlineWorker>['handler'];

  beforeAll(async () => {
    t = await startTestEngine();
    handler = deadlineWorker(await WorkingDayCalendar.load(new CalendarRepository(t.database.db)), t.clock).handler;
  });
  afterAll(() => t.close());

  const run = (variables: Variables) => handler({ variables } as never);

  it.each([
    [{ from: '2026-09-25', workingDays: 5 }, '2026-10-09T18:00:00+08:00'],
    [{ from: '2026-09-25', workingDays: '5', at: '09:30' }, '2026-10-09T09:30:00+08:00'],
    [{ from: '2026-09-16', days: 15 }, '2026-10-08T18:00:00+08:00'],
    [{ from: '2026-11-01', days: 7, workingDays: null }, '2026-11-09T18:00:00+08:00'],
    [{ from: '2026-09-27T20:00:00Z', workingDays: 1 }, '2026-09-29T18:00:00+08:00'],
  ])('given %j it completes with dueDate %s', async (variables, dueDate) => {
    // when
    const outcome = await run(variables);

    // then
    expect(outcome).toEqual({ outcome: 'complete', variables: { dueDate, dueDay: dueDate.slice(0, 10) } });
  });

  it.each([
    [{ from: '2026-09-25' }, 'exactly one of workingDays or days is required'],
    [{ from: '2026-09-25', workingDays: 5, days: 5 }, 'exactly one of workingDays or days is required'],
    [{ workingDays: 0 }, 'workingDays'],
    [{ workingDays: 2.5 }, 'workingDays'],
    [{ days: 'five' }, 'days'],
    [{ days: 3, at: '6pm' }, 'at: expected a time HH:mm'],
    [{ from: '2026-02-30', days: 3 }, "expected a date YYYY-MM-DD, but was '2026-02-30'"],
  ])('given %j it fails without retries, naming %s', async (variables, problem) => {
    // when
    const outcome = await run(variables);

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 0 });
    expect((outcome as { errorMessage: string }).errorMessage).toContain(problem);
  });
});
