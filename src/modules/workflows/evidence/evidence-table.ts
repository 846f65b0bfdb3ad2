// A plain ruled table: a shaded header row, then rows as tall as their tallest cell. A row that does not
// fit moves whole to the next page and the header is repeated there, so a row is never read without
// knowing its columns.
import { COLORS, bottomLimit, contentLeft, contentWidth, drawText, measure, usableHeight, type Style } from './evidence-layout.ts';

type Doc = PDFKit.PDFDocument;

/** A column and its share of the content width (shares need not add up to 1; they are normalized). */
export interface Column { title: string; share: number; style?: Style }

const PAD_X = 4;
const PAD_Y = 3;
// Room kept for the repeated header row above a row that fills a whole page.
const HEADER_ALLOWANCE = 24;

function columnWidths(doc: Doc, columns: readonly Column[]): number[] {
  const total = columns.reduce((sum, column) => sum + column.share, 0);
  return columns.map((column) => (contentWidth(doc) * column.share) / total);
}

function rowHeight(doc: Doc, cells: readonly string[], columns: readonly Column[], widths: number[], header: boolean): number {
  const heights = cells.map((cell, index) => {
    const style: Style = header ? 'label' : columns[index]?.style ?? 'body';
    return measure(doc, style, cell, widths[index]! - 2 * PAD_X);
  });
  // A row taller than a page would run into the footer; it is cut with an ellipsis instead.
  return Math.min(Math.max(...heights) + 2 * PAD_Y, usableHeight(doc) - HEADER_ALLOWANCE);
}

function drawRow(doc: Doc, cells: readonly string[], columns: readonly Column[], widths: number[], header: boolean): void {
  const height = rowHeight(doc, cells, columns, widths, header);
  const top = doc.y;
  if (header) doc.save().rect(contentLeft(doc), top, contentWidth(doc), height).fill(COLORS.fill).restore();
  let x = contentLeft(doc);
  cells.forEach((cell, index) => {
    const style: Style = header ? 'label' : columns[index]?.style ?? 'body';
    const width = widths[index]!;
    drawText(doc, style, cell, x + PAD_X, top + PAD_Y, width - 2 * PAD_X, { maxHeight: height - 2 * PAD_Y });
    x += width;
  });
  doc.save().moveTo(contentLeft(doc), top + height).lineTo(contentLeft(doc) + contentWidth(doc), top + height)
    .lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();
  doc.y = top + height;
}

export function drawTable(doc: Doc, columns: readonly Column[], rows: readonly (readonly string[])[]): void {
  const widths = columnWidths(doc, columns);
  const titles = columns.map((column) => column.title.toUpperCase());
  const headerHeight = rowHeight(doc, titles, columns, widths, true);
  const firstRow = rows[0] ? rowHeight(doc, rows[0], columns, widths, false) : 0;
  if (doc.y + headerHeight + firstRow > bottomLimit(doc)) doc.addPage();
  drawRow(doc, titles, columns, widths, true);
  for (const row of rows) {
    if (doc.y + rowHeight(doc, row, columns, widths, false) > bottomLimit(doc)) {
      doc.addPage();
      drawRow(doc, titles, columns, widths, true);
    }
    drawRow(doc, row, columns, widths, false);
  }
  doc.y += 4;
}
