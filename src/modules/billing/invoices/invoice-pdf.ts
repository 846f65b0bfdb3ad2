// The invoice as a PDF for accounting (spec §12.3, ours), made with pdfkit on US Letter: a header,
// a table of the charges and their lines, the amounts, the payments, and "page X of Y" on every page.
// A pure function of its input: the only time in the file is the CreationDate (from the view, or
// the caller's), and pdfkit derives the document ID from it, so one input gives the same bytes.
// Text goes through printable(): the built-in Helvetica draws only WinAnsi characters.
import type PDFKitDocument from 'pdfkit';
import { lazyRequire } from '../../../lib/lazy-require.ts';
import { renderCents } from '../../../lib/money.ts';
import { collectBytes, printable } from '../../../lib/pdf-kit.ts';
import type { ChargeLine } from '../charges/charge-types.ts';
import type { InvoiceView, PaymentRecord } from './invoice-document.ts';
import { type InvoiceAmounts, type InvoiceCharge, chargeTotal, invoiceAmounts } from './invoice-rules.ts';

type Doc = PDFKit.PDFDocument;
// Loaded the first time an invoice is drawn: most processes never draw one (BENCHMARKS.md, start-up).
const pdfkit = lazyRequire<typeof PDFKitDocument>('pdfkit');

const MARGIN = 48;
const GAP = 4;
const MUTED = '#5f6368';
/** A note longer than this is cut in the PDF (the CSV has it whole), so one row never outgrows a page. */
const NOTE_MAX = 400;
/** Table columns: x from the left margin, width; the amount column is right-aligned. */
const COLUMNS = { code: [0, 86], name: [90, 120], notes: [214, 212], amount: [430, 86] } as const;

export interface InvoicePdfOptions {
  /** The PDF's CreationDate, epoch ms; by default the start of the invoice's week. */
  createdAtMs?: number;
}

const money = (cents: number): string => renderCents(cents).toFixed(2);

function style(doc: Doc, kind: 'title' | 'heading' | 'strong' | 'body' | 'muted', size?: number): Doc {
  const font = kind === 'title' || kind === 'heading' || kind === 'strong' ? 'Helvetica-Bold' : 'Helvetica';
  const base = kind === 'title' ? 18 : kind === 'heading' ? 12 : 9;
  return doc.font(font).fontSize(size ?? base).fillColor(kind === 'muted' ? MUTED : '#1a1a1a');
}

function cell(doc: Doc, text: string, column: keyof typeof COLUMNS, y: number): void {
  const [dx, width] = COLUMNS[column];
  doc.text(printable(text), MARGIN + dx, y, { width, align: column === 'amount' ? 'right' : 'left' });
}

function cellHeight(doc: Doc, text: string, column: keyof typeof COLUMNS): number {
  return doc.heightOfString(printable(text), { width: COLUMNS[column][1] });
}

/** Starts a new page unless `height` more points fit above the bottom margin (the footer's). */
function ensureRoom(doc: Doc, height: number, onNewPage?: () => void): void {
  if (doc.y + height <= doc.page.height - doc.page.margins.bottom) return;
  doc.addPage();
  onNewPage?.();
}

function rule(doc: Doc): void {
  const y = doc.y + 1;
  doc.save().moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(0.5).strokeColor('#c8c8c8').stroke().restore();
  doc.y = y + GAP;
}

function customerText(view: InvoiceView): string {
  const what = view.customer.kind === 'rooftop' ? 'rooftop' : 'third-party payer';
  return `${view.customer.name} (${what} #${view.customer.id})`;
}

function drawHeader(doc: Doc, view: InvoiceView): void {
  const width = doc.page.width - 2 * MARGIN;
  style(doc, 'title').text('Handoff', MARGIN, MARGIN, { width });
  style(doc, 'title').text(`Invoice #${view.id}`, MARGIN, MARGIN, { width, align: 'right' });
  doc.moveDown(0.5);
  const facts: Array<[string, string]> = [
    ['Status', view.status],
    ['Week', `Sunday ${view.week.start_date} to Saturday ${view.week.end_date} (${view.rooftop.timezone})`],
    ['Customer', customerText(view)],
    ['Rooftop', `${view.rooftop.name} (#${view.rooftop.id})`],
  ];
  for (const [label, value] of facts) {
    const y = doc.y;
    style(doc, 'muted').text(label, MARGIN, y, { width: 70 });
    style(doc, 'body').text(printable(value), MARGIN + 74, y, { width: width - 74 });
  }
  doc.moveDown(1);
}

function drawTableHead(doc: Doc): void {
  const y = doc.y;
  style(doc, 'muted', 8);
  cell(doc, 'Code', 'code', y);
  cell(doc, 'Name', 'name', y);
  cell(doc, 'Notes', 'notes', y);
  cell(doc, 'Amount (USD)', 'amount', y);
  doc.y = y + doc.currentLineHeight(true);
  rule(doc);
}

function chargeHeading(charge: InvoiceCharge): string {
  const move = charge.move_id === null ? '' : ` · move #${charge.move_id}`;
  const dispute = charge.disputed ? ` · DISPUTED${charge.dispute_reason ? `: ${charge.dispute_reason}` : ''}` : '';
  return `Charge #${charge.id}${move} · ${charge.status}${dispute}`;
}

function drawLine(doc: Doc, line: ChargeLine): void {
  const notes = line.notes && line.notes.length > NOTE_MAX ? `${line.notes.slice(0, NOTE_MAX)}…` : (line.notes ?? '');
  style(doc, 'body');
  const height = Math.max(cellHeight(doc, line.code, 'code'), cellHeight(doc, line.name, 'name'), cellHeight(doc, notes, 'notes'));
  ensureRoom(doc, height + GAP, () => drawTableHead(doc));
  const y = doc.y;
  style(doc, 'body');
  cell(doc, line.code, 'code', y);
  cell(doc, line.name, 'name', y);
  cell(doc, notes, 'notes', y);
  cell(doc, money(line.amount), 'amount', y);
  doc.y = y + height + GAP;
}

function drawCharge(doc: Doc, charge: InvoiceCharge): void {
  // A heading is never left alone at the foot of a page: it keeps its first line with it.
  style(doc, 'strong');
  const heading = chargeHeading(charge);
  ensureRoom(doc, doc.heightOfString(printable(heading), { width: 400 }) + 3 * doc.currentLineHeight(true), () => drawTableHead(doc));
  const y = doc.y;
  style(doc, 'strong').text(printable(heading), MARGIN, y, { width: 400 });
  const below = doc.y;
  cell(doc, money(chargeTotal(charge.lines)), 'amount', y);
  doc.y = Math.max(below, doc.y) + 2;
  for (const line of charge.lines) drawLine(doc, line);
  doc.y += GAP;
}

function drawCharges(doc: Doc, view: InvoiceView): void {
  style(doc, 'heading').text('Charges', MARGIN, doc.y);
  doc.moveDown(0.3);
  drawTableHead(doc);
  if (view.charges.length === 0) style(doc, 'muted').text('No charges this week.', MARGIN, doc.y);
  for (const charge of view.charges) drawCharge(doc, charge);
  rule(doc);
}

function drawAmounts(doc: Doc, a: InvoiceAmounts): void {
  const rows: Array<[string, number]> = [
    ['Due', a.due],
    ['Disputed (not due until resolved)', a.disputed],
    ['Discount', a.discount],
    ['Paid', a.paid],
    ['Balance remaining', a.balance],
    ['Total of all lines', a.total],
  ];
  style(doc, 'body');
  ensureRoom(doc, (rows.length + 2) * doc.currentLineHeight(true) + 2 * GAP);
  style(doc, 'heading').text('Amounts (USD)', MARGIN, doc.y + GAP);
  doc.moveDown(0.3);
  for (const [label, cents] of rows) {
    const y = doc.y;
    const kind = label.startsWith('Balance') ? 'strong' : 'body';
    style(doc, kind).text(label, MARGIN + 250, y, { width: 180 });
    style(doc, kind).text(money(cents), MARGIN + 430, y, { width: 86, align: 'right' });
  }
  doc.moveDown(1);
}

function paymentText(p: PaymentRecord): string {
  const method = `${p.method_type.toUpperCase()}${p.last4 ? ` ending ${p.last4}` : ''}`;
  const applied = p.allocations.map((x) => `charge #${x.charge_id}: ${money(x.amount)}`).join(', ');
  return `${p.date} · ${method} · ${p.status}${applied ? ` · ${applied}` : ''}`;
}

function drawPayments(doc: Doc, payments: readonly PaymentRecord[]): void {
  style(doc, 'heading');
  ensureRoom(doc, 3 * doc.currentLineHeight(true));
  doc.text('Payments', MARGIN, doc.y);
  doc.moveDown(0.3);
  if (payments.length === 0) style(doc, 'muted').text('No payments recorded.', MARGIN, doc.y);
  for (const p of payments) {
    style(doc, 'body');
    const text = printable(paymentText(p));
    const height = doc.heightOfString(text, { width: 420 });
    ensureRoom(doc, height + 2);
    const y = doc.y;
    doc.text(text, MARGIN, y, { width: 420 });
    doc.text(money(p.amount), MARGIN + 430, y, { width: 86, align: 'right' });
    doc.y = y + height + 2;
  }
}

/** "page X of Y" at the foot of every page, drawn once the page count is known. */
function drawFooters(doc: Doc, view: InvoiceView): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    // pdfkit breaks the page when text lands below the bottom margin; the footer lives there on purpose.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom + 14;
    const width = doc.page.width - 2 * MARGIN;
    style(doc, 'muted', 7).text(`Handoff · invoice #${view.id} · ${view.week.start_date} to ${view.week.end_date}`, MARGIN, y, { width, lineBreak: false });
    style(doc, 'muted', 7).text(`page ${index - start + 1} of ${count}`, MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

function createDocument(view: InvoiceView, createdAtMs: number): Doc {
  const created = new Date(createdAtMs);
  if (Number.isNaN(created.getTime())) throw new RangeError(`not a valid instant: ${createdAtMs}`);
  const title = `Invoice #${view.id}, ${view.week.start_date} to ${view.week.end_date}`;
  return new (pdfkit())({
    size: 'LETTER',
    margin: MARGIN,
    // Pages stay in memory until the end so each footer can say how many pages there are.
    bufferPages: true,
    displayTitle: true,
    info: { Title: title, Author: 'Handoff', Subject: printable(`${title}: ${view.customer.name}`), Creator: 'Handoff', Producer: 'Handoff (pdfkit)', CreationDate: created, ModDate: created },
  });
}


/** The invoice as PDF bytes. */
export async function invoicePdf(view: InvoiceView, options: InvoicePdfOptions = {}): Promise<Buffer> {
  const doc = createDocument(view, options.createdAtMs ?? view.week.start_ms);
  const bytes = collectBytes(doc);
  drawHeader(doc, view);
  drawCharges(doc, view);
  drawAmounts(doc, invoiceAmounts(view.charges, view.payments));
  drawPayments(doc, view.payments);
  drawFooters(doc, view);
  doc.end();
  return bytes;
}
