import { TaskRepository, type TaskSummaryRow } from '../store/task.repository';
import type { ApiContext } from './context';
import { chinaDate, overdueWorkingDays } from './overdue';

/** One overdue stage as the supervision view lists it. */
export interface OverdueItem {
  taskId: string;
  stage: string;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  department: string | null;
  assignee: string | null;
  candidateGroups: string[];
  dueDate: string;
  overdueWorkingDays: number;
  documentTitle: string | null;
}

export interface OverdueFilter {
  department?: string;
  bpmnProcessId?: string;
  page: number;
  pageSize: number;
}

export interface SupervisionStats {
  byDepartment: { department: string | null; open: number; overdue: number }[];
  byStage: { bpmnProcessId: string; stage: string; open: number; overdue: number }[];
  series: { date: string; open: number; overdue: number }[];
}

/** Most rows one CSV export holds. */
export const CSV_MAX_ROWS = 50_000;
const DAY_MS = 86_400_000;

const CSV_COLUMNS: [string, (item: OverdueItem) => unknown][] = [
  ['任务编号', (i) => i.taskId],
  ['阶段', (i) => i.stage],
  ['环节标识', (i) => i.elementId],
  ['流程', (i) => i.bpmnProcessId],
  ['流程实例', (i) => i.processInstanceKey],
  ['责任部门', (i) => i.department],
  ['办理人', (i) => i.assignee],
  ['候选组', (i) => i.candidateGroups.join('、')],
  ['截止时间', (i) => i.dueDate],
  ['逾期工作日', (i) => i.overdueWorkingDays],
  ['文件标题', (i) => i.documentTitle],
];

/**
 * One CSV field: quoted when it holds a separator, quote or line break; text a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed with `'`.
 */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Supervision (督查督办): overdue stages across departments and open / overdue counts over time. */
export class SupervisionService {
  private readonly tasks: TaskRepository;

  constructor(private readonly ctx: ApiContext) {
    this.tasks = new TaskRepository(ctx.database.db);
  }

  /** Open tasks past their due date, most overdue first, with working days overdue. */
  async overdue(filter: OverdueFilter): Promise<{ items: OverdueItem[]; total: number; page: number; pageSize: number }> {
    const now = this.ctx.clock.now();
    const { rows, total } = await this.tasks.overdue({ now, department: filter.department, bpmnProcessId: filter.bpmnProcessId, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize });
    return { items: rows.map((row) => this.item(row, now)), total, page: filter.page, pageSize: filter.pageSize };
  }

  /** Every overdue stage (up to CSV_MAX_ROWS) as CSV with a UTF-8 BOM and Chinese headers, for spreadsheets. */
  async overdueCsv(filter: Omit<OverdueFilter, 'page' | 'pageSize'>): Promise<string> {
    const { items } = await this.overdue({ ...filter, page: 1, pageSize: CSV_MAX_ROWS });
    const lines = [CSV_COLUMNS.map(([title]) => title).join(','), ...items.map((item) => CSV_COLUMNS.map(([, pick]) => csvField(pick(item))).join(','))];
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /**
   * Open and overdue tasks now by department and by stage, and per day over the last `days` days
   * (China time): how many were open at the end of the day (today: now) and how many of those overdue.
   */
  async stats(days: number): Promise<SupervisionStats> {
    const now = this.ctx.clock.now();
    const today = chinaDate(now);
    const dates: string[] = [];
    for (let i = days - 1; i >= 0; i--) dates.push(new Date(Date.parse(`${today}T00:00:00Z`) - i * DAY_MS).toISOString().slice(0, 10));
    // the end of a day in China is the next midnight at +08:00 (China keeps no daylight saving time)
    const ends = dates.map((date, i) => (i === dates.length - 1 ? now : Date.parse(`${date}T00:00:00+08:00`) + DAY_MS));
    const [counts, series] = await Promise.all([this.tasks.openCounts(now), this.tasks.openAt(ends)]);
    // openAt answers one entry per end, in order (at exactly midnight, now is also yesterday's end)
    return { ...counts, series: dates.map((date, i) => ({ date, open: series[i]?.open ?? 0, overdue: series[i]?.overdue ?? 0 })) };
  }

  private item(row: TaskSummaryRow, now: number): OverdueItem {
    return {
      taskId: row.id,
      stage: row.name,
      elementId: row.elementId,
      bpmnProcessId: row.bpmnProcessId,
      processInstanceKey: row.processInstanceKey,
      department: row.department,
      assignee: row.assignee,
      candidateGroups: row.candidateGroups,
      dueDate: (row.dueDate ?? new Date(row.dueAt!).toISOString()).replace(/\[.*\]$/, ''),
      overdueWorkingDays: overdueWorkingDays(this.ctx.calendar, now, row.dueAt),
      documentTitle: row.documentTitle,
    };
  }
}
