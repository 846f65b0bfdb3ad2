// The evidence pack (§10.4): a move's bill of lading / condition report as a PDF. A pure function of its
// input: no database, no clock. The only time in the file is input.generatedAt (CreationDate, and
// through it pdfkit's document ID), so two renders of one input say the same. They are not always the
// same bytes: pdfkit decodes a PNG with transparency (a signature) asynchronously, so the order its
// objects are written in can vary between renders. What is sealed is the report (report_sha256), not the PDF.
import type PDFKitDocument from 'pdfkit';
import { lazyRequire } from '../../../lib/lazy-require.ts';
import { DateTime } from 'luxon';
import type { EvidenceInput } from './evidence-input.ts';
import { collectBytes, printable } from '../../../lib/pdf-kit.ts';
import { COLORS, MARGIN, drawText } from './evidence-layout.ts';
import { TITLE, drawComparison, drawHeader, drawSide, drawVehicle } from './evidence-sections.ts';

type Doc = PDFKit.PDFDocument;
// Loaded the first time a pack is made: most processes never make one (BENCHMARKS.md, start-up).
const pdfkit = lazyRequire<typeof PDFKitDocument>('pdfkit');

function creationDate(generatedAt: string): Date {
  const parsed = DateTime.fromISO(generatedAt, { setZone: true });
  if (!parsed.isValid) throw new RangeError(`generatedAt is not an ISO instant: ${generatedAt}`);
  return parsed.toJSDate();
}

function createDocument(input: EvidenceInput): Doc {
  const created = creationDate(input.generatedAt);
  return new (pdfkit())({
    size: 'LETTER',
    margin: MARGIN,
    // Pages stay in memory until the end so each footer can say how many pages there are.
    bufferPages: true,
    displayTitle: true,
    info: {
      Title: printable(`${TITLE}, move #${input.move.id}`),
      Author: 'Handoff',
      Subject: printable(`${input.rooftop.name}: move #${input.move.id}${input.move.referenceId ? ` (${input.move.referenceId})` : ''}`),
      Creator: 'Handoff',
      Producer: 'Handoff (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
}


/**
 * Page furniture, drawn once the page count is known: a running head on every page but the first (a
 * loose page still names its move and vehicle) and "page X of Y" at the foot of every page.
 */
function drawPageFurniture(doc: Doc, input: EvidenceInput): void {
  const { start, count } = doc.bufferedPageRange();
  const reference = input.move.referenceId ? ` · ${input.move.referenceId}` : '';
  const vin = input.vehicle.vin ? ` · VIN ${input.vehicle.vin}` : '';
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const { margins } = doc.page;
    // pdfkit starts a new page when text lands below the bottom margin; the footer lives there on purpose.
    const bottom = margins.bottom;
    margins.bottom = 0;
    const width = doc.page.width - margins.left - margins.right;
    if (index > start) {
      drawText(doc, 'caption', `${TITLE}${vin}`, margins.left, margins.top - 22, width, { maxHeight: 10 });
    }
    const y = doc.page.height - bottom + 14;
    doc.save().moveTo(margins.left, y - 5).lineTo(margins.left + width, y - 5).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();
    drawText(doc, 'caption', `Handoff · move #${input.move.id}${reference}`, margins.left, y, width / 2);
    drawText(doc, 'caption', `page ${index - start + 1} of ${count}`, margins.left + width / 2, y, width / 2, { align: 'right' });
    margins.bottom = bottom;
  }
}

/** Renders the evidence pack for one move; the same input always gives the same bytes. */
export async function renderEvidencePdf(input: EvidenceInput): Promise<Buffer> {
  const doc = createDocument(input);
  const bytes = collectBytes(doc);
  drawHeader(doc, input);
  drawVehicle(doc, input);
  drawSide(doc, 'pickup', input.pickup, input.timeZone);
  drawSide(doc, 'delivery', input.delivery, input.timeZone);
  drawComparison(doc, input);
  drawPageFurniture(doc, input);
  doc.end();
  return bytes;
}
