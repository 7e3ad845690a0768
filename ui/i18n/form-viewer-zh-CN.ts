/**
 * Chinese for the form-js viewer's own texts around the user's fields (select and search
 * placeholders, the file picker), in task forms and in the form editor's canvas. The form's own
 * labels, descriptions, texts and options are never touched.
 */
import { translateDom, type DomDictionary } from './domTranslate';

const FORM_VIEWER_ZH_CN: DomDictionary = {
  texts: {
    Select: '请选择',
    Search: '搜索',
    Browse: '浏览',
    'No files selected': '未选择文件',
    'Nothing to show.': '暂无内容。',
    'Remove tag': '删除标签',
    'Skip to search': '跳到搜索',
    'No results': '无结果',
    'All values selected': '已全部选择',
    'Add new': '新增一项',
    Collapse: '收起',
    Repeatable: '可重复',
    'Click to remove sorting': '点击取消排序',
    'Unable to download document': '无法下载文档',
  },
  patterns: [
    [/^(\d+) files selected$/, (m) => `已选择 ${m[1]} 个文件`],
    [/^Expand all \((\d+)\)$/, (m) => `全部展开（${m[1]}）`],
    [/^Remove list item (\d+)$/, (m) => `删除第 ${m[1]} 项`],
    [/^Click to sort by (.+) ascending$/, (m) => `点击按“${m[1]}”升序排列`],
    [/^Click to sort by (.+) descending$/, (m) => `点击按“${m[1]}”降序排列`],
  ],
};

/** The user's content inside a rendered form. */
const USER_CONTENT = [
  '.fjs-form label',
  '.fjs-form-field-description',
  '.fjs-form-field-text',
  '.fjs-form-field-html',
  '.fjs-taglist-tag-label',
  '.fjs-dropdownlist-item',
  '.fjs-form-field-table',
  '.fjs-input-adornment',
  '.fjs-button:not(.fjs-filepicker-button)',
  '.cm-editor',
].join(', ');

/** What the form editor's canvas adds: its texts, and its elements that hold them inside the user's fields. */
export interface CanvasTexts {
  dictionary: DomDictionary;
  own: string;
}

/**
 * Keeps the viewer's texts in `root` (a rendered form) Chinese, and in the form editor's canvas
 * also the editor's own (`canvas`); returns the function that stops it.
 */
export function translateFormViewer(root: HTMLElement, canvas?: CanvasTexts): () => void {
  if (!canvas) return translateDom(root, FORM_VIEWER_ZH_CN, USER_CONTENT);
  const { texts, patterns = [] } = canvas.dictionary;
  const dictionary = { texts: { ...FORM_VIEWER_ZH_CN.texts, ...texts }, patterns: [...(FORM_VIEWER_ZH_CN.patterns ?? []), ...patterns] };
  return translateDom(root, dictionary, USER_CONTENT, canvas.own);
}
