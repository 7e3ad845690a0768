import { DateTime } from 'luxon';
import { CHINA_ZONE } from '../../calendar/working-days';
import { DOCUMENT_CATEGORIES } from '../../domain/categories';
import type { MeetingRow, ResearchRecords } from '../../store/research-report.repository';

/**
 * The research report (调研论证报告, regime 1 item 9) as a list of blocks that both renderers
 * (HTML, DOCX) draw the same way: (一) the explanation, (二) excerpts of the legal and policy
 * bases, (三) the supporting material, assembled from what was recorded.
 */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'field'; label: string; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

/** What the research itself found (the research-survey, public-comment and cost-benefit forms). */
export interface ResearchFindings {
  currentSituation?: string;
  draftBackground?: string;
  necessityFeasibility?: string;
  policyFit?: string;
  costBenefitConclusion?: string;
  draftImpact?: string;
  researchTeam?: string;
  researchMethods?: string[];
  legalBasis?: string;
  references?: string[];
}

const NOT_RECORDED = '（未记录）';
const METHODS: Record<string, string> = { sampling: '抽样调查', questionnaire: '问卷调查', field: '实地调研', symposium: '召开座谈会' };
const MEETING_KINDS: Record<MeetingRow['kind'], string> = { symposium: '座谈会', 'expert-review': '专家论证会', hearing: '听证会' };
const COMMENT_CATEGORIES: Record<string, string> = { legality: '合法性', feasibility: '必要性、可行性', provision: '具体条款', other: '其他' };
const DISPOSITIONS: Record<string, string> = { adopted: '采纳', 'partially-adopted': '部分采纳', rejected: '不予采纳' };

/** Assembles the report of `records` and `findings`, dated `assembledAt`. */
export function assembleReport(records: ResearchRecords, findings: ResearchFindings, assembledAt: number): Block[] {
  const { document } = records;
  const category = DOCUMENT_CATEGORIES.find((c) => c.id === document.category)?.zh ?? document.category;
  const dept = (id: string) => records.departmentNames[id] ?? id;
  return [
    { kind: 'title', text: `《${document.title}》调研论证报告` },
    { kind: 'field', label: '文号', text: document.number ?? '（未编号）' },
    { kind: 'field', label: '起草部门', text: document.leadDept ? `${dept(document.draftingDept)}（牵头：${dept(document.leadDept)}）` : dept(document.draftingDept) },
    { kind: 'field', label: '类别', text: category },
    { kind: 'field', label: '代拟稿版本', text: records.version ? `第${records.version.version}稿（SHA-256 ${records.version.contentHash}）` : NOT_RECORDED },
    { kind: 'field', label: '报告生成时间', text: when(assembledAt) },
    ...explanation(records, findings),
    { kind: 'heading', level: 1, text: '二、主要依据摘录' },
    ...excerpts(findings.legalBasis),
    ...supportingMaterial(records, findings),
  ];
}

function explanation(records: ResearchRecords, f: ResearchFindings): Block[] {
  const count = (kind: MeetingRow['kind']) => records.meetings.filter((m) => m.kind === kind).length;
  const rounds = records.consultations.map((c) => `第${c.round}轮 ${day(c.opensAt)}至${day(c.closesAt)}（${Math.round((c.closesAt - c.opensAt) / 86_400_000)}日）`);
  const methods = (f.researchMethods ?? []).map((m) => METHODS[m] ?? m);
  return [
    { kind: 'heading', level: 1, text: '一、政策措施制定说明' },
    { kind: 'heading', level: 2, text: '（一）制定背景和现状' },
    text([f.currentSituation, f.draftBackground]),
    { kind: 'heading', level: 2, text: '（二）必要性和可行性' },
    text([f.necessityFeasibility]),
    { kind: 'heading', level: 2, text: '（三）与有关政策措施的衔接' },
    text([f.policyFit]),
    { kind: 'heading', level: 2, text: '（四）出台后可能产生的影响' },
    text([f.draftImpact]),
    ...(f.costBenefitConclusion ? costBenefit(f.costBenefitConclusion) : []),
    { kind: 'heading', level: 2, text: f.costBenefitConclusion ? '（六）履行程序情况' : '（五）履行程序情况' },
    {
      kind: 'list',
      items: [
        `调研：${f.researchTeam ?? '专题调研组'}；方式：${methods.length ? methods.join('、') : NOT_RECORDED}`,
        `座谈会：${count('symposium')}次`,
        `公开征求意见：${rounds.length ? `${rounds.length}轮（${rounds.join('；')}）` : '未记录'}`,
        `专家论证会：${count('expert-review')}次；书面论证意见${records.expertOpinions.length}份`,
        `听证会：${count('hearing')}次`,
        '合法性审查、集体审议：随代拟稿报送市政府审查后履行',
      ],
    },
  ];
}

function costBenefit(conclusion: string): Block[] {
  return [{ kind: 'heading', level: 2, text: '（五）成本效益分析' }, text([conclusion])];
}

function excerpts(legalBasis: string | undefined): Block[] {
  const lines = (legalBasis ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.length ? [{ kind: 'list', items: lines }] : [{ kind: 'paragraph', text: NOT_RECORDED }];
}

function supportingMaterial(records: ResearchRecords, f: ResearchFindings): Block[] {
  const roundOf = new Map(records.consultations.map((c) => [c.id, c.round]));
  const tally = (d: string | null) => records.comments.filter((c) => c.disposition === d).length;
  const open = tally(null);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: '三、相关证明材料' },
    { kind: 'heading', level: 2, text: '（一）公众参与情况' },
  ];
  if (records.consultations.length === 0) blocks.push({ kind: 'paragraph', text: '未记录公开征求意见。' });
  else {
    blocks.push({
      kind: 'table',
      head: ['轮次', '征求意见稿', '起止日期', '公布内容', '收到意见（条）'],
      rows: records.consultations.map((c) => [
        `第${c.round}轮`,
        `第${c.version}稿`,
        `${day(c.opensAt)}至${day(c.closesAt)}`,
        `${c.title}：${c.summary}`,
        String(records.comments.filter((m) => m.consultationId === c.id).length),
      ]),
    });
  }

  blocks.push(
    { kind: 'heading', level: 2, text: '（二）意见汇总及采纳情况' },
    {
      kind: 'paragraph',
      text: `共收到意见${records.comments.length}条：采纳${tally('adopted')}条，部分采纳${tally('partially-adopted')}条，不予采纳${tally('rejected')}条${open ? `，尚未处理${open}条` : ''}。不予采纳的意见均说明理由。`,
    },
  );
  if (records.comments.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['序号', '轮次', '归类', '意见内容', '处理结果', '理由'],
      rows: records.comments.map((c, i) => [
        String(i + 1),
        `第${roundOf.get(c.consultationId)}轮`,
        c.category ? (COMMENT_CATEGORIES[c.category] ?? c.category) : '',
        c.content,
        c.disposition ? DISPOSITIONS[c.disposition]! : '尚未处理',
        c.dispositionReason ?? '',
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 2, text: '（三）座谈会、论证会、听证会记录' });
  if (records.meetings.length === 0) blocks.push({ kind: 'paragraph', text: '未召开座谈会、论证会、听证会。' });
  for (const m of records.meetings) blocks.push(...meeting(m));

  blocks.push({ kind: 'heading', level: 2, text: '（四）专家论证意见' });
  if (records.expertOpinions.length === 0) blocks.push({ kind: 'paragraph', text: '无专家书面论证意见。' });
  for (const o of records.expertOpinions) {
    blocks.push({ kind: 'heading', level: 3, text: `${o.expertName}${o.affiliation ? `（${o.affiliation}）` : ''}` }, { kind: 'field', label: '提交时间', text: when(o.submittedAt) });
    if (o.meetingId) blocks.push({ kind: 'field', label: '论证会', text: records.meetings.find((m) => m.id === o.meetingId)?.subject ?? o.meetingId });
    blocks.push({ kind: 'paragraph', text: o.opinion });
  }

  blocks.push({ kind: 'heading', level: 2, text: '（五）参考资料' }, f.references?.length ? { kind: 'list', items: f.references } : { kind: 'paragraph', text: NOT_RECORDED });
  return blocks;
}

function meeting(m: MeetingRow): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 3, text: `${MEETING_KINDS[m.kind]}：${m.subject}` },
    { kind: 'field', label: '时间', text: when(m.heldAt) },
    { kind: 'field', label: '地点', text: m.place },
  ];
  if (m.announcedAt !== null) blocks.push({ kind: 'field', label: '公告时间', text: when(m.announcedAt) });
  if (m.chair) blocks.push({ kind: 'field', label: '主持机构', text: m.chair });
  const participants = m.participants.map((p) => [p.name, p.affiliation, p.role].filter(Boolean).join('，')).join('；');
  blocks.push({ kind: 'field', label: '参加人员', text: participants || NOT_RECORDED }, { kind: 'field', label: '会议记录', text: m.minutes });
  return blocks;
}

/** The recorded texts joined by paragraph, or "not recorded". */
function text(parts: (string | undefined)[]): Block {
  const present = parts.filter((p): p is string => !!p && p.trim() !== '');
  return { kind: 'paragraph', text: present.length ? present.join('\n') : NOT_RECORDED };
}

const when = (ms: number) => DateTime.fromMillis(ms, { zone: CHINA_ZONE }).toFormat('yyyy年M月d日 HH:mm');
const day = (ms: number) => DateTime.fromMillis(ms, { zone: CHINA_ZONE }).toFormat('yyyy年M月d日');
