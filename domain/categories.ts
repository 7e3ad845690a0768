/** Categories of major policy documents (regimes.md): id, official Chinese name, English name. */
export const DOCUMENT_CATEGORIES = [
  { id: 'tax-and-fee-cuts', zh: '减税降费', en: 'Tax and fee cuts' },
  { id: 'innovation', zh: '创新创业', en: 'Innovation' },
  { id: 'investment-promotion', zh: '招商引资', en: 'Investment promotion' },
  { id: 'streamlining-administration', zh: '简政放权', en: 'Streamlining administration' },
  { id: 'financial-support', zh: '金融扶持', en: 'Financial support' },
  { id: 'poverty-relief', zh: '扶贫救助', en: 'Poverty relief' },
  { id: 'environment', zh: '环境保护', en: 'Environment' },
  { id: 'livelihood', zh: '民生保障', en: 'Livelihood' },
  { id: 'talent', zh: '人才引进', en: 'Talent' },
  { id: 'fiscal-support', zh: '财政扶持', en: 'Fiscal support' },
  { id: 'construction-projects', zh: '项目建设', en: 'Construction projects' },
  { id: 'other', zh: '其他重大事项', en: 'Other matters the city decides' },
] as const;

export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number]['id'];
