import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The records the four regimes keep (regimes.md): documents and their versions, public
 * consultations, comments and their dispositions, meetings and expert opinions, stakeholders and
 * pushes, publications and the catalogue, evaluators and evaluation projects, cleanup campaigns.
 * Ids are text (UUIDs unless said otherwise); times are epoch ms.
 */

/** A major policy document (重大政策性文件) through its life. */
export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    /** 文号, e.g. 沈政发〔2026〕12号; set when issued. */
    number: text('number'),
    title: text('title').notNull(),
    /** One of the categories of regimes.md (tax-and-fee-cuts, innovation, ...). */
    category: text('category').notNull(),
    /** The drafting / responsible department (a department id). */
    draftingDept: text('drafting_dept').notNull(),
    /** The lead department when several are responsible. */
    leadDept: text('lead_dept'),
    status: text('status', {
      enum: ['drafting', 'consultation', 'review', 'signed', 'published', 'amending', 'abolished', 'invalid'],
    }).notNull(),
    summary: text('summary').notNull().default(''),
    /** The latest version number (0 before the first version). */
    currentVersion: integer('current_version').notNull().default(0),
    publishedAt: bigint('published_at', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('documents_dept').on(t.draftingDept, t.status), index('documents_status').on(t.status)],
);

/** The exact text of each version; sign-offs cover its `contentHash`. */
export const documentVersions = pgTable(
  'document_versions',
  {
    documentId: text('document_id').notNull(),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    /** Lowercase hex SHA-256 of `content` (UTF-8). */
    contentHash: text('content_hash').notNull(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.version] })],
);

/** Which process instances work on a document (research, publication, evaluation, cleanup). */
export const documentProcesses = pgTable(
  'document_processes',
  {
    processInstanceKey: text('process_instance_key').primaryKey(),
    documentId: text('document_id').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('document_processes_document').on(t.documentId)],
);

/** A round of public comment (公开征求意见) on one version of a draft: ≥ 15 days, ≥ 7 when urgent. */
export const consultations = pgTable(
  'consultations',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    version: integer('version').notNull(),
    /** 1 for the first round; re-consultation after substantial change adds a round. */
    round: integer('round').notNull(),
    title: text('title').notNull(),
    /** Background, purpose and basis, necessity, feasibility, expected impact (what the seed requires to publish). */
    summary: text('summary').notNull(),
    opensAt: bigint('opens_at', { mode: 'number' }).notNull(),
    closesAt: bigint('closes_at', { mode: 'number' }).notNull(),
    processInstanceKey: text('process_instance_key'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('consultations_document').on(t.documentId), index('consultations_open').on(t.closesAt)],
);

/** A comment from the public or a department, and its disposition (意见采纳): rejected ones carry a reason. */
export const comments = pgTable(
  'comments',
  {
    id: text('id').primaryKey(),
    consultationId: text('consultation_id').notNull(),
    authorName: text('author_name'),
    /** Contact data of the commenter, AES-256-GCM encrypted (see api/crypto); null when none was given. */
    contactCiphertext: text('contact_ciphertext'),
    content: text('content').notNull(),
    submittedAt: bigint('submitted_at', { mode: 'number' }).notNull(),
    /** Classification by the drafting department (topic). */
    category: text('category'),
    disposition: text('disposition', { enum: ['adopted', 'partially-adopted', 'rejected'] }),
    dispositionReason: text('disposition_reason'),
    disposedBy: text('disposed_by'),
    disposedAt: bigint('disposed_at', { mode: 'number' }),
  },
  (t) => [
    index('comments_consultation').on(t.consultationId, t.submittedAt),
    check('comments_disposition', sql`${t.disposition} is null or ${t.disposition} in ('adopted', 'partially-adopted', 'rejected')`),
    check('comments_rejection_reason', sql`${t.disposition} is distinct from 'rejected' or coalesce(length(trim(${t.dispositionReason})), 0) > 0`),
  ],
);

/** Symposium (座谈会), expert review (论证会) or hearing (听证会), with participants and minutes. */
export const meetings = pgTable(
  'meetings',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    kind: text('kind', { enum: ['symposium', 'expert-review', 'hearing'] }).notNull(),
    subject: text('subject').notNull(),
    place: text('place').notNull(),
    heldAt: bigint('held_at', { mode: 'number' }).notNull(),
    /** Hearings: when time, place and subject were announced (must precede `heldAt`). */
    announcedAt: bigint('announced_at', { mode: 'number' }),
    /** Hearings: the body the department named to chair it. */
    chair: text('chair'),
    /** [{ name, affiliation, role }] */
    participants: jsonb('participants').$type<Array<{ name: string; affiliation?: string; role?: string }>>().notNull(),
    minutes: text('minutes').notNull(),
    processInstanceKey: text('process_instance_key'),
    createdBy: text('created_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('meetings_document').on(t.documentId, t.heldAt),
    check('meetings_kind', sql`${t.kind} in ('symposium', 'expert-review', 'hearing')`),
    check('meetings_hearing_announced', sql`${t.kind} <> 'hearing' or (${t.announcedAt} is not null and ${t.announcedAt} < ${t.heldAt})`),
  ],
);

/** The written opinion every invited expert submits (书面论证意见). */
export const expertOpinions = pgTable(
  'expert_opinions',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    meetingId: text('meeting_id'),
    expertName: text('expert_name').notNull(),
    /** A user id when the expert answered in the product. */
    expertUserId: text('expert_user_id'),
    affiliation: text('affiliation'),
    opinion: text('opinion').notNull(),
    /** Task (job key) that recorded it: one opinion per task. */
    taskId: text('task_id'),
    submittedAt: bigint('submitted_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('expert_opinions_document').on(t.documentId), uniqueIndex('expert_opinions_task').on(t.taskId)],
);

/** The assembled research report (调研论证报告), one per report job. */
export const researchReports = pgTable(
  'research_reports',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    jobKey: text('job_key').notNull().unique(),
    html: text('html').notNull(),
    /** Hex SHA-256 of `html`. */
    contentHash: text('content_hash').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('research_reports_document').on(t.documentId)],
);

/** A stakeholder of a document; contact data is confidential (保密): encrypted, read only by the drafting department. */
export const stakeholders = pgTable(
  'stakeholders',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['enterprise', 'association', 'citizen', 'organisation'] }).notNull(),
    /** How the contact was collected: symposium, questionnaire, expert-review, online. */
    collectedVia: text('collected_via').notNull(),
    /** AES-256-GCM of JSON {address, phone, email, wechat, postalAddress}. */
    contactCiphertext: text('contact_ciphertext').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('stakeholders_document').on(t.documentId)],
);

/** One push of a published document and its interpretation to one stakeholder on one channel (due in 5 working days). */
export const stakeholderPushes = pgTable(
  'stakeholder_pushes',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    stakeholderId: text('stakeholder_id').notNull(),
    channel: text('channel', { enum: ['phone', 'post', 'wechat', 'email', 'sms'] }).notNull(),
    dueAt: bigint('due_at', { mode: 'number' }).notNull(),
    pushedAt: bigint('pushed_at', { mode: 'number' }),
    outcome: text('outcome', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    detail: text('detail'),
    jobKey: text('job_key'),
  },
  (t) => [uniqueIndex('stakeholder_pushes_one').on(t.documentId, t.stakeholderId, t.channel), index('stakeholder_pushes_due').on(t.outcome, t.dueAt)],
);

/** Same-day publication of the text with its implementing rules, supporting measures, policy list and interpretation, and the sign-off it was checked against. */
export const publications = pgTable(
  'publications',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    version: integer('version').notNull(),
    /** [{ kind: 'text'|'implementing-rules'|'supporting-measures'|'policy-list'|'interpretation', title, url }] */
    items: jsonb('items').$type<Array<{ kind: string; title: string; url: string }>>().notNull(),
    url: text('url').notNull(),
    publishedAt: bigint('published_at', { mode: 'number' }).notNull(),
    jobKey: text('job_key').notNull().unique(),
    /** The leader's sign-off (signatures.id) verified against this version's text before it was published; null for publications recorded without one. */
    signatureId: text('signature_id'),
  },
  (t) => [index('publications_document').on(t.documentId)],
);

/** The public catalogue of documents that remain valid (现行有效文件目录). */
export const catalogueEntries = pgTable(
  'catalogue_entries',
  {
    documentId: text('document_id').primaryKey(),
    number: text('number'),
    title: text('title').notNull(),
    category: text('category').notNull(),
    department: text('department').notNull(),
    publishedAt: bigint('published_at', { mode: 'number' }).notNull(),
    url: text('url'),
    /** The cleanup campaign that last confirmed it, if any. */
    confirmedByCampaign: text('confirmed_by_campaign'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('catalogue_entries_published').on(t.publishedAt)],
);

/** The evaluator pool (评估机构库) with independence declaration and blacklist. */
export const evaluators = pgTable('evaluators', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['university', 'institute', 'intermediary', 'firm', 'social-organisation', 'expert'] }).notNull(),
  qualifications: text('qualifications').notNull(),
  /** Departments the evaluator has organisation, staff or funding ties with: never evaluates their policies. */
  relatedDepartments: jsonb('related_departments').$type<string[]>().notNull(),
  independenceDeclaration: text('independence_declaration'),
  declaredAt: bigint('declared_at', { mode: 'number' }),
  blacklistedAt: bigint('blacklisted_at', { mode: 'number' }),
  blacklistReason: text('blacklist_reason'),
  blacklistedBy: text('blacklisted_by'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

/** A third-party evaluation project: approval, procurement and contract, plan, report, acceptance, payment, results. */
export const evaluationProjects = pgTable(
  'evaluation_projects',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    subject: text('subject').notNull(),
    scope: text('scope').notNull(),
    responsibleDept: text('responsible_dept').notNull(),
    status: text('status', {
      enum: ['proposed', 'approved', 'contracted', 'plan-approved', 'reported', 'accepted', 'paid', 'closed', 'rejected'],
    }).notNull(),
    procurementMethod: text('procurement_method', { enum: ['open-tender', 'invited-tender', 'single-source'] }),
    evaluatorId: text('evaluator_id'),
    contractNumber: text('contract_number'),
    contractSignedAt: bigint('contract_signed_at', { mode: 'number' }),
    fee: integer('fee'),
    reportDueAt: bigint('report_due_at', { mode: 'number' }),
    plan: text('plan'),
    planApprovedAt: bigint('plan_approved_at', { mode: 'number' }),
    report: text('report'),
    reportSubmittedAt: bigint('report_submitted_at', { mode: 'number' }),
    acceptedAt: bigint('accepted_at', { mode: 'number' }),
    paidAt: bigint('paid_at', { mode: 'number' }),
    recommendation: text('recommendation', { enum: ['continue', 'adjust', 'amend', 'abolish', 'terminate'] }),
    processInstanceKey: text('process_instance_key'),
    createdBy: text('created_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('evaluation_projects_evaluator').on(t.evaluatorId), index('evaluation_projects_document').on(t.documentId)],
);

/** A cleanup campaign (清理): the yearly one of 1 December or an ad-hoc one. */
export const cleanupCampaigns = pgTable('cleanup_campaigns', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['yearly', 'ad-hoc'] }).notNull(),
  year: integer('year'),
  title: text('title').notNull(),
  status: text('status', { enum: ['running', 'approved', 'published'] }).notNull(),
  report: text('report'),
  approvedAt: bigint('approved_at', { mode: 'number' }),
  cataloguePublishedAt: bigint('catalogue_published_at', { mode: 'number' }),
  processInstanceKey: text('process_instance_key'),
  createdBy: text('created_by').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

/** One document in a campaign: its department's class with reasons, and the legal office's review. */
export const cleanupItems = pgTable(
  'cleanup_items',
  {
    campaignId: text('campaign_id').notNull(),
    documentId: text('document_id').notNull(),
    department: text('department').notNull(),
    classification: text('classification', { enum: ['abolish', 'invalidate', 'amend', 'keep'] }),
    reasons: text('reasons'),
    basis: text('basis'),
    /** Required for `amend` (书面修改意见). */
    amendmentOpinion: text('amendment_opinion'),
    classifiedBy: text('classified_by'),
    classifiedAt: bigint('classified_at', { mode: 'number' }),
    legalDecision: text('legal_decision', { enum: ['agree', 'disagree'] }),
    legalOpinion: text('legal_opinion'),
    reviewedAt: bigint('reviewed_at', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.documentId] }),
    index('cleanup_items_department').on(t.department),
    check('cleanup_items_amend_opinion', sql`${t.classification} is distinct from 'amend' or coalesce(length(trim(${t.amendmentOpinion})), 0) > 0`),
  ],
);
