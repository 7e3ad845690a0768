import { DateTime } from 'luxon';
import { CHINA_ZONE } from '../../calendar/working-days';

/** What a push tells a stakeholder. */
export interface PushMessage {
  subject: string;
  text: string;
}

export interface PushContent {
  stakeholderName: string;
  documentTitle: string;
  /** When the document was published (epoch ms), if known. */
  publishedAt?: number;
  publicationUrl: string;
  /** The interpretation materials' page, when published apart from the text. */
  interpretationUrl?: string;
}

/**
 * The push of a published document and its interpretation (regime 2, item 5), in Chinese, with
 * the offer of free consultation and training. The same words go by e-mail, WeChat and SMS, and
 * are what staff read out or post.
 */
export function pushMessage(c: PushContent): PushMessage {
  const when = c.publishedAt === undefined ? '' : `已于${DateTime.fromMillis(c.publishedAt, { zone: CHINA_ZONE }).toFormat('yyyy年M月d日')}`;
  const interpretation = c.interpretationUrl && c.interpretationUrl !== c.publicationUrl ? `\n政策解读：${c.interpretationUrl}` : '';
  return {
    subject: `政策推送：《${c.documentTitle}》`,
    text:
      `${c.stakeholderName}：\n` +
      `《${c.documentTitle}》及其政策解读${when}在市政府门户网站发布。\n` +
      `文件全文：${c.publicationUrl}${interpretation}\n` +
      '如需政策咨询或培训，请联系文件起草部门，咨询和培训均免费提供。',
  };
}
