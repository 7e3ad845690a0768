import crypto from 'node:crypto';
import type { ContactCipher } from '../domain/contact-cipher';
import type { Db } from '../store/database';
import { catalogueEntries, comments, consultations, documentVersions, documents, evaluators, stakeholders } from '../store/schema';

const DAY = 86_400_000;

/** A demo document: the regime it is in, and the stage the demo leaves it at. */
export interface DemoDocument {
  id: string;
  title: string;
  category: string;
  draftingDept: string;
  status: 'drafting' | 'consultation' | 'review' | 'signed' | 'published';
  number?: string;
  /** Days before now it was published (published documents). */
  publishedDaysAgo?: number;
}

export const DEMO_DOCUMENTS: DemoDocument[] = [
  { id: 'doc-trade', title: '沈阳市进一步促进外贸稳增长若干政策措施', category: 'investment-promotion', draftingDept: 'dept-commerce', status: 'consultation' },
  { id: 'doc-housing', title: '沈阳市城镇老旧小区改造实施办法', category: 'livelihood', draftingDept: 'dept-housing', status: 'consultation' },
  { id: 'doc-digital', title: '沈阳市支持中小企业数字化转型若干措施', category: 'innovation', draftingDept: 'dept-industry', status: 'signed' },
  { id: 'doc-fees', title: '沈阳市进一步减轻企业负担若干政策', category: 'tax-and-fee-cuts', draftingDept: 'dept-commerce', status: 'published', number: '沈政发〔2024〕8号', publishedDaysAgo: 700 },
  { id: 'doc-talent', title: '沈阳市高层次人才引进办法', category: 'talent', draftingDept: 'dept-industry', status: 'published', number: '沈政发〔2023〕15号', publishedDaysAgo: 1100 },
  { id: 'doc-heating', title: '沈阳市城市供热管理若干规定', category: 'livelihood', draftingDept: 'dept-housing', status: 'published', number: '沈政办发〔2022〕21号', publishedDaysAgo: 1500 },
  { id: 'doc-projects', title: '沈阳市重大项目建设推进办法', category: 'construction-projects', draftingDept: 'dept-housing', status: 'published', number: '沈政发〔2021〕30号', publishedDaysAgo: 1900 },
];

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Documents with a first version, an open consultation with comments, stakeholders, evaluators and the catalogue. */
export async function seedDemoRecords(db: Db, contacts: ContactCipher, now: number): Promise<void> {
  for (const d of DEMO_DOCUMENTS) {
    const content = `${d.title}\n\n第一条 为……，制定本${d.title.endsWith('办法') ? '办法' : '措施'}。\n第二条 本市行政区域内适用。`;
    const publishedAt = d.publishedDaysAgo ? now - d.publishedDaysAgo * DAY : null;
    await db
      .insert(documents)
      .values({ id: d.id, number: d.number ?? null, title: d.title, category: d.category, draftingDept: d.draftingDept, status: d.status, summary: `${d.title}（演示数据）`, currentVersion: 1, publishedAt, createdBy: 'user-admin', createdAt: now - 60 * DAY, updatedAt: now })
      .onConflictDoNothing();
    await db.insert(documentVersions).values({ documentId: d.id, version: 1, content, contentHash: sha256(content), note: '初稿', createdBy: 'user-admin', createdAt: now - 60 * DAY }).onConflictDoNothing();
    if (publishedAt) {
      await db
        .insert(catalogueEntries)
        .values({ documentId: d.id, number: d.number ?? null, title: d.title, category: d.category, department: d.draftingDept, publishedAt, url: `https://www.shenyang.gov.cn/zwgk/${d.id}`, updatedAt: now })
        .onConflictDoNothing();
    }
  }

  await db
    .insert(consultations)
    .values({
      id: 'consultation-trade-1',
      documentId: 'doc-trade',
      version: 1,
      round: 1,
      title: '关于《沈阳市进一步促进外贸稳增长若干政策措施（征求意见稿）》公开征求意见的公告',
      summary: '起草背景：稳外贸、稳外资。制定目的和依据：落实国家和省有关部署。必要性与可行性：……。对相关群体的预期影响：外贸企业、跨境电商。',
      opensAt: now - 3 * DAY,
      closesAt: now + 12 * DAY,
      createdAt: now - 3 * DAY,
    })
    .onConflictDoNothing();
  const demoComments = [
    { id: 'comment-trade-1', authorName: '某外贸企业', content: '建议明确出口信用保险保费补贴的申报流程和时限。', contact: { email: 'trade@example.cn' } },
    { id: 'comment-trade-2', authorName: '市民', content: '希望增加对小微外贸企业的培训支持。', contact: null },
  ];
  for (const c of demoComments) {
    await db
      .insert(comments)
      .values({ id: c.id, consultationId: 'consultation-trade-1', authorName: c.authorName, content: c.content, contactCiphertext: c.contact ? contacts.seal(c.id, c.contact) : null, submittedAt: now - 2 * DAY })
      .onConflictDoNothing();
  }

  const demoStakeholders = [
    { id: 'stakeholder-digital-1', name: '沈阳某智能制造有限公司', kind: 'enterprise' as const, contact: { phone: '024-00000001', email: 'it@example.cn' } },
    { id: 'stakeholder-digital-2', name: '市软件行业协会', kind: 'association' as const, contact: { wechat: 'sy-software', postalAddress: '沈阳市和平区…' } },
  ];
  for (const s of demoStakeholders) {
    await db
      .insert(stakeholders)
      .values({ id: s.id, documentId: 'doc-digital', name: s.name, kind: s.kind, collectedVia: 'symposium', contactCiphertext: contacts.seal(s.id, s.contact), createdBy: 'user-industry', createdAt: now - 30 * DAY })
      .onConflictDoNothing();
  }

  await db
    .insert(evaluators)
    .values([
      { id: 'evaluator-urban-institute', name: '城市发展研究院', kind: 'institute', qualifications: '政策评估甲级；近三年完成评估项目12项', relatedDepartments: [], independenceDeclaration: '本机构与被评估单位在组织、人员、经费上无利害关系。', declaredAt: now - 90 * DAY, createdAt: now - 90 * DAY },
      { id: 'evaluator-commerce-center', name: '商务发展服务中心', kind: 'intermediary', qualifications: '咨询服务资质', relatedDepartments: ['dept-commerce'], independenceDeclaration: null, declaredAt: null, createdAt: now - 90 * DAY },
      { id: 'evaluator-blacklisted', name: '某咨询有限公司', kind: 'firm', qualifications: '咨询服务资质', relatedDepartments: [], independenceDeclaration: '无利害关系。', declaredAt: now - 400 * DAY, blacklistedAt: now - 200 * DAY, blacklistReason: '评估报告抄袭、弄虚作假', blacklistedBy: 'user-office', createdAt: now - 400 * DAY },
    ])
    .onConflictDoNothing();
}
