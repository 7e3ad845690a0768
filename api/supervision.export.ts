/**
 * The overdue stages as an Excel workbook (.xlsx): one sheet with the CSV export's Chinese
 * headers, overdue working days as numbers and due dates as Excel dates (China time). The
 * SpreadsheetML parts are written here and zipped with fflate (already installed for docx); no
 * spreadsheet library is needed for one plain sheet.
 */
import { zipSync, strToU8 } from 'fflate';
import type { OverdueItem } from './supervision.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet's name (Excel allows at most 31 characters). */
export const OVERDUE_SHEET = '逾期环节';

type Cell = { text: string } | { number: number } | { date: number } | null;

/** The columns, titled like the CSV export's (api/supervision.service.ts), with their widths in characters. */
const COLUMNS: [title: string, width: number, cell: (item: OverdueItem) => Cell][] = [
  ['任务编号', 22, (i) => text(i.taskId)],
  ['阶段', 30, (i) => text(i.stage)],
  ['环节标识', 22, (i) => text(i.elementId)],
  ['流程', 26, (i) => text(i.bpmnProcessId)],
  ['流程实例', 22, (i) => text(i.processInstanceKey)],
  ['责任部门', 16, (i) => text(i.department)],
  ['办理人', 12, (i) => text(i.assignee)],
  ['候选组', 20, (i) => text(i.candidateGroups.join('、'))],
  ['截止时间', 18, (i) => excelDate(i.dueDate)],
  ['逾期工作日', 12, (i) => ({ number: i.overdueWorkingDays })],
  ['文件标题', 40, (i) => text(i.documentTitle)],
];

/** The header titles, in order. */
export const OVERDUE_XLSX_HEADERS = COLUMNS.map(([title]) => title);

const text = (value: string | null | undefined): Cell => (value ? { text: value } : null);

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Excel's day 0 is 1899-12-30 (its day 25,569 is 1970-01-01). */
const UNIX_EPOCH_SERIAL = 25_569;

/** An instant as an Excel date serial of its China wall-clock time (China keeps no daylight saving). */
export function excelDate(iso: string): Cell {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? text(iso) : { date: (ms + CHINA_OFFSET_MS) / DAY_MS + UNIX_EPOCH_SERIAL };
}

/** Text safe in XML: markup characters escaped, characters XML 1.0 forbids dropped. */
function xml(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Style indexes in styles.xml's cellXfs. */
const STYLE = { header: 1, date: 2 } as const;

function cellXml(cell: Cell, ref: string, header = false): string {
  if (!cell) return '';
  if ('text' in cell) return `<c r="${ref}" t="inlineStr"${header ? ` s="${STYLE.header}"` : ''}><is><t xml:space="preserve">${xml(cell.text)}</t></is></c>`;
  if ('number' in cell) return `<c r="${ref}"><v>${cell.number}</v></c>`;
  return `<c r="${ref}" s="${STYLE.date}"><v>${cell.date}</v></c>`;
}

function sheetXml(items: OverdueItem[]): string {
  const rows = [
    `<row r="1">${COLUMNS.map(([title], c) => cellXml({ text: title }, `${columnName(c)}1`, true)).join('')}</row>`,
    ...items.map((item, r) => `<row r="${r + 2}">${COLUMNS.map(([, , pick], c) => cellXml(pick(item), `${columnName(c)}${r + 2}`)).join('')}</row>`),
  ];
  const last = `${columnName(COLUMNS.length - 1)}${items.length + 1}`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${COLUMNS.map(([, width], c) => `<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${rows.join('')}</sheetData>` +
    `<autoFilter ref="A1:${last}"/>` +
    '</worksheet>'
  );
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';

const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  `<sheets><sheet name="${OVERDUE_SHEET}" sheetId="1" r:id="rId1"/></sheets>` +
  '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">' +
  `'${OVERDUE_SHEET}'!$A$1:$${columnName(COLUMNS.length - 1)}$1` +
  '</definedName></definedNames>' +
  '</workbook>';

const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>';

/** Fonts: regular and bold; cell styles: default, bold header, date and time (custom format 164). */
const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The workbook's bytes: a header row, then one row per overdue stage in the order given. */
export function overdueWorkbook(items: OverdueItem[]): Uint8Array {
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(ROOT_RELS),
      'xl/workbook.xml': strToU8(WORKBOOK),
      'xl/_rels/workbook.xml.rels': strToU8(WORKBOOK_RELS),
      'xl/styles.xml': strToU8(STYLES),
      'xl/worksheets/sheet1.xml': strToU8(sheetXml(items)),
    },
    { level: 6 },
  );
}
