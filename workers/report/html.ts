import type { Block } from './report';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text with its line breaks kept. */
const lines = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

/**
 * The report as a self-contained HTML page (UTF-8, zh-CN, a little print-friendly CSS). Every
 * recorded text is escaped: what the public wrote in a comment is shown, never run.
 */
export function renderHtml(blocks: Block[]): string {
  const title = blocks.find((b) => b.kind === 'title')?.text ?? '调研论证报告';
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return `<h1>${lines(b.text)}</h1>`;
      case 'heading':
        return `<h${b.level + 1}>${lines(b.text)}</h${b.level + 1}>`;
      case 'paragraph':
        return `<p>${lines(b.text)}</p>`;
      case 'field':
        return `<p class="field"><b>${escapeHtml(b.label)}：</b>${lines(b.text)}</p>`;
      case 'list':
        return `<ul>${b.items.map((i) => `<li>${lines(i)}</li>`).join('')}</ul>`;
      case 'table':
        return `<table><thead><tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
          .map((r) => `<tr>${r.map((cell) => `<td>${lines(cell)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
    }
  });
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:"SimSun","Songti SC",serif;max-width:52em;margin:2em auto;line-height:1.7}h1{text-align:center}table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.3em;vertical-align:top}</style>',
    '</head>',
    `<body>\n${body.join('\n')}\n</body>`,
    '</html>',
    '',
  ].join('\n');
}
