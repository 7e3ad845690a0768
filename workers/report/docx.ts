import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Block } from './report';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Runs of a text, its line breaks kept. */
const runs = (text: string, bold = false) => text.split(/\r?\n/).map((line, i) => new TextRun({ text: line, bold, break: i > 0 ? 1 : 0 }));

/** The report as a Word document (.docx, opens in WPS and Word), drawn from the same blocks as the HTML. */
export async function renderDocx(blocks: Block[]): Promise<Buffer> {
  const children = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return new Paragraph({ children: runs(b.text), heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER });
      case 'heading':
        return new Paragraph({ children: runs(b.text), heading: HEADINGS[b.level] });
      case 'paragraph':
        return new Paragraph({ children: runs(b.text) });
      case 'field':
        return new Paragraph({ children: [new TextRun({ text: `${b.label}：`, bold: true }), ...runs(b.text)] });
      case 'list':
        return b.items.map((item) => new Paragraph({ children: runs(item), bullet: { level: 0 } }));
      case 'table':
        return new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.head.map((h) => new TableCell({ children: [new Paragraph({ children: runs(h, true) })] })) }),
            ...b.rows.map((r) => new TableRow({ children: r.map((cell) => new TableCell({ children: [new Paragraph({ children: runs(cell) })] })) })),
          ],
        });
    }
  });
  const document = new Document({
    creator: 'policy-flow',
    title: blocks.find((b) => b.kind === 'title')?.text ?? '调研论证报告',
    styles: { default: { document: { run: { font: { ascii: 'Times New Roman', eastAsia: 'SimSun', hAnsi: 'Times New Roman' }, size: 24 } } } },
    sections: [{ children: children.flat() }],
  });
  return Packer.toBuffer(document);
}
