import { strFromU8, unzipSync } from 'fflate';
import type { Response } from 'superagent';
import type { TaskRow } from '../../../store/task.repository';
import { startInbox, type Inbox } from './inbox-harness';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The raw response stream superagent hands a custom parser. */
type Stream = Response & NodeJS.ReadableStream & { setEncoding(encoding: string): void };

/** Collects a binary response body. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  (res as Stream).on('data', (chunk: Buffer) => chunks.push(chunk));
  (res as Stream).on('end', () => done(null, Buffer.concat(chunks)));
}

/** Collects a text response body. */
function text(res: Response, done: (error: Error | null, body: string) => void): void {
  let body = '';
  (res as Stream).setEncoding('utf8');
  (res as Stream).on('data', (chunk: string) => (body += chunk));
  (res as Stream).on('end', () => done(null, body));
}

type Value = string | number;

/** A cell read back from the sheet XML: its text, or its number and whether its style is the date style. */
interface ReadCell {
  value: Value;
  style: number;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The rows of the workbook's only sheet, as a spreadsheet application reads them (cells by column letter). */
function readWorkbook(file: Buffer): { sheetName: string; rows: Map<string, ReadCell>[]; dateFormat: string | undefined; dateStyle: number } {
  const parts = unzipSync(new Uint8Array(file));
  const workbook = strFromU8(parts['xl/workbook.xml']!);
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
  const styles = strFromU8(parts['xl/styles.xml']!);
  const rows = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, , cells]) => {
    const row = new Map<string, ReadCell>();
    for (const [, ref, attributes, inner] of cells!.matchAll(/<c r="([A-Z]+)\d+"([^>]*)>(.*?)<\/c>/g)) {
      const style = Number(/ s="(\d+)"/.exec(attributes!)?.[1] ?? 0);
      const value = / t="inlineStr"/.test(attributes!) ? unescape(/<t[^>]*>(.*?)<\/t>/.exec(inner!)![1]!) : Number(/<v>(.*?)<\/v>/.exec(inner!)![1]);
      row.set(ref!, { value, style });
    }
    return row;
  });
  const xfs = [...styles.matchAll(/<xf numFmtId="(\d+)"[^>]*xfId="0"[^>]*\/>/g)].map((m) => m[1]!);
  const dateStyle = xfs.findIndex((id) => id === '164');
  return {
    sheetName: /<sheet name="([^"]+)"/.exec(workbook)![1]!,
    rows,
    dateFormat: /<numFmt numFmtId="164" formatCode="([^"]+)"/.exec(styles)?.[1],
    dateStyle,
  };
}

/** An Excel date serial as the China wall-clock time it stands for. */
const fromSerial = (serial: number) => new Date(Math.round((serial - 25_569) * 86_400_000)).toISOString().slice(0, 16).replace('T', ' ');

describe('supervision: overdue stages exported to Excel', () => {
  let t: Inbox;
  let commerce: TaskRow;
  let industry: TaskRow;

  beforeAll(async () => {
    t = await startInbox();
    // commerce's research falls due Friday 4 December 18:00, industry's (3 working days) earlier
    commerce = await t.task(await t.startResearch('dept-commerce', { documentTitle: '关于促进消费的若干措施 <草案> & "附件"' }), 'Task_Research');
    industry = await t.task(await t.startResearch('dept-industry', { stageWorkingDays: { research: 3 } }), 'Task_Research');
    // Tuesday 8 December, 10:00 in Shenyang: both overdue
    t.clock.advance(Date.parse('2026-12-08T02:00:00Z') - t.clock.now());
  });
  afterAll(() => t.close());

  it('answers Accept: xlsx with a workbook of the overdue stages, headers as in the CSV', async () => {
    // when the supervisor asks for Excel, and for CSV to compare
    const res = await t.get('supervisor', '/api/supervision/overdue').set('Accept', XLSX).buffer(true).parse(binary);
    const csv = await t.get('supervisor', '/api/supervision/overdue?format=csv').buffer(true).parse(text);
    const json = await t.get('supervisor', '/api/supervision/overdue');

    // then it is a download named by the day
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="overdue-2026-12-08.xlsx"');

    // and the workbook's header row is the CSV's, its rows the overdue stages in the same order
    const book = readWorkbook(res.body as Buffer);
    expect(book.sheetName).toBe('逾期环节');
    const csvHeader = (csv.body as string).slice(1).split('\r\n')[0]!.split(',');
    const header = book.rows[0]!;
    expect(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'].map((c) => header.get(c)?.value)).toEqual(csvHeader);
    expect(book.rows).toHaveLength(3);
    const expectedOrder = (json.body.items as { taskId: string }[]).map((i) => i.taskId);
    expect(book.rows.slice(1).map((row) => row.get('A')!.value)).toEqual(expectedOrder);
    expect(new Set(expectedOrder)).toEqual(new Set([commerce.id, industry.id]));

    // and commerce's row holds its text as text, working days as a number, the due date as a date
    const row = book.rows.slice(1).find((r) => r.get('A')!.value === commerce.id)!;
    expect(row.get('B')!.value).toBe('成立专题调研组开展调研');
    expect(row.get('E')!.value).toBe(commerce.processInstanceKey);
    expect(row.get('F')!.value).toBe('dept-commerce');
    expect(row.has('G')).toBe(false); // no assignee: an empty cell
    expect(row.get('H')!.value).toBe('dept-commerce');
    expect(row.get('J')).toEqual({ value: 2, style: 0 });
    expect(row.get('K')!.value).toBe('关于促进消费的若干措施 <草案> & "附件"');
    expect(book.dateFormat).toBe('yyyy-mm-dd hh:mm');
    expect(row.get('I')!.style).toBe(book.dateStyle);
    expect(fromSerial(row.get('I')!.value as number)).toBe('2026-12-04 18:00');
  });

  it('exports by ?format=xlsx with the same filters as the list', async () => {
    // when the General Office downloads industry's overdue stages through a plain link
    const res = await t.get('office', '/api/supervision/overdue?format=xlsx&department=dept-industry').buffer(true).parse(binary);

    // then only industry's stage is in it
    expect(res.status).toBe(200);
    const book = readWorkbook(res.body as Buffer);
    expect(book.rows.slice(1).map((row) => [row.get('A')!.value, row.get('F')!.value])).toEqual([[industry.id, 'dept-industry']]);
  });

  it('refuses an unknown format and keeps the export from other roles', async () => {
    // when
    const unknown = await t.get('supervisor', '/api/supervision/overdue?format=xls');
    const staff = await t.get('commerceA', '/api/supervision/overdue?format=xlsx');

    // then
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBeDefined();
    expect(staff.status).toBe(403);
  });
});
