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
  },
  patterns: [[/^(\d+) files selected$/, (m) => `已选择 ${m[1]} 个文件`]],
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
  '.cm-editor',
].join(', ');

/** Keeps the viewer's texts in `root` (a rendered form) Chinese; returns the function that stops it. */
export function translateFormViewer(root: HTMLElement): () => void {
  return translateDom(root, FORM_VIEWER_ZH_CN, USER_CONTENT);
}
