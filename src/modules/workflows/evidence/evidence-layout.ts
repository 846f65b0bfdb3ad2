// Page geometry, type styles and the few drawing primitives the sections share. Every block measures
// itself before it draws and moves to a new page when it does not fit, so nothing lands in the bottom
// margin (that belongs to the footer) and no table row or thumbnail row is cut in half.
import { printable } from '../../../lib/pdf-kit.ts';

type Doc = PDFKit.PDFDocument;

export const MARGIN = 48;
const LINE_GAP = 1.5;

export const COLORS = { text: '#1a1a1a', muted: '#5f6368', rule: '#c8c8c8', fill: '#f1f3f4', warning: '#a0471c' };

const STYLES = {
  title: { font: 'Helvetica-Bold', size: 16, color: COLORS.text },
  heading: { font: 'Helvetica-Bold', size: 12, color: COLORS.text },
  subheading: { font: 'Helvetica-Bold', size: 9.5, color: COLORS.text },
  label: { font: 'Helvetica-Bold', size: 8, color: COLORS.muted },
  body: { font: 'Helvetica', size: 9, color: COLORS.text },
  strong: { font: 'Helvetica-Bold', size: 9, color: COLORS.text },
  muted: { font: 'Helvetica-Oblique', size: 9, color: COLORS.muted },
  warning: { font: 'Helvetica-Bold', size: 9, color: COLORS.warning },
  caption: { font: 'Helvetica', size: 6.5, color: COLORS.muted },
  captionStrong: { font: 'Helvetica-Bold', size: 6.5, color: COLORS.text },
} as const;

export type Style = keyof typeof STYLES;

export function useStyle(doc: Doc, style: Style): void {
  const { font, size, color } = STYLES[style];
  doc.font(font).fontSize(size).fillColor(color);
}

export function contentLeft(doc: Doc): number {
  return doc.page.margins.left;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

export function bottomLimit(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** The tallest block a fresh page can hold. */
export function usableHeight(doc: Doc): number {
  return bottomLimit(doc) - doc.page.margins.top;
}

/** Starts a new page unless `height` more points fit below the cursor. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
}

export function measure(doc: Doc, style: Style, text: string, width: number): number {
  useStyle(doc, style);
  return doc.heightOfString(printable(text), { width, lineGap: LINE_GAP });
}

/** Height of one line in `style`, for reserving room before a block. */
export function lineHeight(doc: Doc, style: Style): number {
  useStyle(doc, style);
  return doc.currentLineHeight(true) + LINE_GAP;
}

export interface TextBox {
  /** Stops the text there with an ellipsis: for text that must stay in its cell, never for notes. */
  maxHeight?: number;
  align?: 'left' | 'center' | 'right';
}

/** Draws wrapped text at (x, y) in `width`; the cursor ends under it. */
export function drawText(doc: Doc, style: Style, text: string, x: number, y: number, width: number, box: TextBox = {}): void {
  useStyle(doc, style);
  const cut = box.maxHeight === undefined ? {} : { height: box.maxHeight, ellipsis: true };
  doc.text(printable(text), x, y, { width, lineGap: LINE_GAP, align: box.align ?? 'left', ...cut });
}

/**
 * Free text that may run longer than a page (notes): it starts where three lines fit and lets pdfkit
 * continue it on the next page, which keeps every line inside the margins.
 */
export function drawParagraph(doc: Doc, style: Style, text: string, x: number, width: number): void {
  const height = measure(doc, style, text, width);
  ensureSpace(doc, Math.min(height, lineHeight(doc, style) * 3));
  drawText(doc, style, text, x, doc.y, width);
}

export function drawRule(doc: Doc, y: number, color: string = COLORS.rule): void {
  doc.save().moveTo(contentLeft(doc), y).lineTo(contentLeft(doc) + contentWidth(doc), y)
    .lineWidth(0.5).strokeColor(color).stroke().restore();
}

/** A section title with a rule under it, kept on one page with `keepWith` points of what follows. */
export function drawHeading(doc: Doc, text: string, keepWith: number): void {
  if (doc.y > doc.page.margins.top) doc.y += 14;
  const height = lineHeight(doc, 'heading') + 6;
  ensureSpace(doc, height + keepWith);
  drawText(doc, 'heading', text, contentLeft(doc), doc.y, contentWidth(doc));
  drawRule(doc, doc.y + 1, COLORS.text);
  doc.y += 7;
}

export function drawSubheading(doc: Doc, text: string, keepWith: number): void {
  doc.y += 8;
  ensureSpace(doc, lineHeight(doc, 'subheading') + keepWith);
  drawText(doc, 'subheading', text, contentLeft(doc), doc.y, contentWidth(doc));
  doc.y += 2;
}

export type Fact = readonly [label: string, value: string];

const LABEL_WIDTH = 92;
const COLUMN_GAP = 16;

function factHeight(doc: Doc, fact: Fact, width: number): number {
  const label = measure(doc, 'label', fact[0].toUpperCase(), LABEL_WIDTH - 6);
  return Math.max(label, measure(doc, 'body', fact[1], width - LABEL_WIDTH));
}

/** Label/value pairs in `columns` columns; each row is as tall as its tallest value. */
export function drawFacts(doc: Doc, facts: readonly Fact[], columns = 2): void {
  const columnWidth = (contentWidth(doc) - COLUMN_GAP * (columns - 1)) / columns;
  for (let start = 0; start < facts.length; start += columns) {
    const row = facts.slice(start, start + columns);
    const height = Math.max(...row.map((fact) => factHeight(doc, fact, columnWidth)));
    ensureSpace(doc, Math.min(height, usableHeight(doc)));
    const top = doc.y;
    row.forEach(([label, value], index) => {
      const x = contentLeft(doc) + index * (columnWidth + COLUMN_GAP);
      drawText(doc, 'label', label.toUpperCase(), x, top + 1, LABEL_WIDTH - 6);
      drawText(doc, 'body', value, x + LABEL_WIDTH, top, columnWidth - LABEL_WIDTH, { maxHeight: usableHeight(doc) });
    });
    doc.y = top + height + 4;
  }
}

/** A labelled free-text block (notes, warnings) that may run onto the next page. */
export function drawLongFact(doc: Doc, label: string, text: string, style: Style = 'body'): void {
  const width = contentWidth(doc) - LABEL_WIDTH;
  ensureSpace(doc, Math.min(measure(doc, style, text, width), lineHeight(doc, style) * 3));
  const x = contentLeft(doc);
  const top = doc.y;
  drawText(doc, 'label', label.toUpperCase(), x, top + 1, LABEL_WIDTH - 6);
  doc.y = top;
  drawParagraph(doc, style, text, x + LABEL_WIDTH, width);
  doc.y += 4;
}
