import { Invalid } from '../../domain/errors';

/**
 * The built-in notification templates of the four regimes, in Simplified Chinese and English.
 * A placeholder `{name}` is filled from the job's `data`; every placeholder is required.
 */

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const TEMPLATE_IDS = ['task-assigned', 'deadline-reminder', 'stage-overdue', 'comment-period-open'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

interface Wording {
  subject: string;
  text: string;
}

const TEMPLATES: Record<TemplateId, Record<Locale, Wording>> = {
  'task-assigned': {
    'zh-CN': {
      subject: '待办任务：{taskName}',
      text: '您有一项新的待办任务“{taskName}”，涉及文件《{documentTitle}》，请于{dueDate}前办理。',
    },
    en: {
      subject: 'New task: {taskName}',
      text: 'You have been assigned the task "{taskName}" on the document "{documentTitle}". Please complete it by {dueDate}.',
    },
  },
  'deadline-reminder': {
    'zh-CN': {
      subject: '办理期限提醒：《{documentTitle}》',
      text: '文件《{documentTitle}》的“{stage}”环节将于{dueDate}到期，请及时办理。',
    },
    en: {
      subject: 'Deadline reminder: "{documentTitle}"',
      text: 'The stage "{stage}" of the document "{documentTitle}" falls due on {dueDate}. Please act in time.',
    },
  },
  'stage-overdue': {
    'zh-CN': {
      subject: '逾期提示：《{documentTitle}》{stage}',
      text: '文件《{documentTitle}》的“{stage}”环节已于{dueDate}到期，目前仍未办结，请尽快处理并说明原因。',
    },
    en: {
      subject: 'Overdue: "{documentTitle}" – {stage}',
      text: 'The stage "{stage}" of the document "{documentTitle}" was due on {dueDate} and is not finished. Please deal with it and state the reason for the delay.',
    },
  },
  'comment-period-open': {
    'zh-CN': {
      subject: '公开征求意见：《{documentTitle}》',
      text: '《{documentTitle}》现向社会公开征求意见，征求意见期为{startDate}至{endDate}。意见提交地址：{url}',
    },
    en: {
      subject: 'Open for public comment: "{documentTitle}"',
      text: 'The draft "{documentTitle}" is open for public comment from {startDate} to {endDate}. Submit comments at {url}',
    },
  },
};

/** A filled-in template, ready for any channel. */
export interface RenderedNotification {
  subject: string;
  text: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The data fields a template needs, in order of first use. */
export function templateFields(template: TemplateId): string[] {
  const { subject, text } = TEMPLATES[template]['zh-CN'];
  const names = [...`${subject}\n${text}`.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  return [...new Set(names)];
}

/**
 * Fills `template` in `locale` from `data`. Throws `Invalid` naming every field that is missing,
 * empty, or not text or a number.
 */
export function renderTemplate(template: TemplateId, locale: Locale, data: Record<string, unknown>): RenderedNotification {
  const missing = templateFields(template).filter((name) => !isPrintable(data[name]));
  if (missing.length > 0) {
    throw new Invalid(`template '${template}' needs data ${missing.map((m) => `'${m}'`).join(', ')} (text or a number)`, missing);
  }
  const wording = TEMPLATES[template][locale];
  const fill = (s: string) => s.replace(PLACEHOLDER, (_, name: string) => String(data[name]));
  return { subject: fill(wording.subject), text: fill(wording.text) };
}

function isPrintable(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}
