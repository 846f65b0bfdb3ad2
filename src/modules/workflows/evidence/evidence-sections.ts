// The sections of the pack, top to bottom: header, vehicle, each end of the move, the comparison.
import type { EvidenceComparison, EvidenceInput, EvidenceSide } from './evidence-input.ts';
import {
  NONE, describeFindings, describeVehicle, formatCount, formatDelta, formatInstant, humanize,
} from './evidence-format.ts';
import {
  contentLeft, contentWidth, drawFacts, drawHeading, drawLongFact, drawSubheading, drawText, lineHeight, type Fact,
} from './evidence-layout.ts';
import { drawTable } from './evidence-table.ts';
import { drawPhotoGrid, drawSignature } from './evidence-media.ts';

type Doc = PDFKit.PDFDocument;

export const TITLE = 'Vehicle condition report — bill of lading';

/** A one-line remark in the muted style, e.g. "Delivery not signed yet." */
function drawRemark(doc: Doc, text: string): void {
  drawText(doc, 'muted', text, contentLeft(doc), doc.y, contentWidth(doc));
  doc.y += 2;
}

export function drawHeader(doc: Doc, input: EvidenceInput): void {
  drawText(doc, 'title', TITLE, contentLeft(doc), doc.y, contentWidth(doc));
  doc.y += 6;
  drawText(doc, 'subheading', input.rooftop.name, contentLeft(doc), doc.y, contentWidth(doc));
  drawText(doc, 'body', input.rooftop.address, contentLeft(doc), doc.y, contentWidth(doc));
  doc.y += 8;
  drawFacts(doc, [
    ['Move', `#${input.move.id}`],
    ['Reference', input.move.referenceId ?? NONE],
    ['Use case', input.move.usecaseKey],
    ['Generated', formatInstant(input.generatedAt, input.timeZone)],
  ]);
  drawFacts(doc, [['Link', input.move.uri]], 1);
}

export function drawVehicle(doc: Doc, input: EvidenceInput): void {
  drawHeading(doc, 'Vehicle', lineHeight(doc, 'body') * 2);
  drawFacts(doc, [
    ['Vehicle', describeVehicle(input.vehicle)],
    ['VIN', input.vehicle.vin ?? NONE],
    ['Stock', input.vehicle.stock ?? NONE],
  ]);
}

function sideFacts(side: EvidenceSide, timeZone: string): Fact[] {
  return [
    ['Signed at', side.signedAt ? formatInstant(side.signedAt, timeZone) : 'Not signed yet (slot open)'],
    ['Place', `${side.place.name}\n${side.place.fullAddress}`],
    ['Driver', side.driverName ?? NONE],
    ['Signer', side.signerName ?? NONE],
    ['Odometer', formatCount(side.odometer, ' mi')],
    ['Fuel level', formatCount(side.fuelLevel, '%')],
    ['Keys', formatCount(side.keys)],
  ];
}

function drawDamages(doc: Doc, title: string, side: EvidenceSide): void {
  const rows = side.damages.map((finding) => [
    humanize(finding.panel), humanize(finding.type), `${finding.severity} of 4`, finding.note ?? '',
  ]);
  drawSubheading(doc, `${title} (${rows.length})`, lineHeight(doc, 'body') * 3);
  if (rows.length === 0) return drawRemark(doc, 'No damage recorded.');
  drawTable(doc, [
    { title: 'Panel', share: 1.3 }, { title: 'Type', share: 1 }, { title: 'Severity', share: 0.7 }, { title: 'Note', share: 3 },
  ], rows);
}

/** One end of the move; a side that was never started still gets its heading, so its absence is visible. */
export function drawSide(doc: Doc, slot: 'pickup' | 'delivery', side: EvidenceSide | null, timeZone: string): void {
  const title = slot === 'pickup' ? 'Pickup' : 'Delivery';
  drawHeading(doc, title, lineHeight(doc, 'body') * 3);
  if (!side) return drawRemark(doc, `${title} not recorded yet.`);
  drawFacts(doc, sideFacts(side, timeZone));
  if (side.notes) drawLongFact(doc, 'Notes', side.notes);
  if (side.warnings.length) drawLongFact(doc, 'Warnings', side.warnings.map((w) => `• ${w}`).join('\n'), 'warning');
  // Sub-headings name the side: a page break can leave them far from the side's own heading.
  drawDamages(doc, `${title} damage`, side);
  drawPhotoGrid(doc, `${title} photos`, side.photos, timeZone);
  drawSignature(doc, `${title} signature`, side, timeZone);
  doc.y += 8;
  drawFacts(doc, [['Report SHA-256', side.reportSha256 ?? 'not sealed yet (slot open)']], 1);
}

type DiffKey = keyof NonNullable<EvidenceInput['diff']>;

// Order and wording of the groups: what needs a claim first, what needs nothing last.
const DIFF_GROUPS: ReadonlyArray<{ key: DiffKey; title: string; why?: string }> = [
  { key: 'new', title: 'New damage' },
  { key: 'worsened', title: 'Worse' },
  { key: 'unchanged', title: 'Unchanged' },
  { key: 'improved', title: 'Improved' },
  { key: 'not_comparable', title: 'Not comparable', why: 'Not photographed at pickup, so not attributed to this move.' },
];

function drawDiffGroup(doc: Doc, title: string, panels: readonly EvidenceComparison[], why?: string): void {
  drawSubheading(doc, `${title} (${panels.length})`, lineHeight(doc, 'body') * 3);
  if (why) drawRemark(doc, why);
  const rows = panels.map((panel) => [humanize(panel.panel), describeFindings(panel.pickup), describeFindings(panel.delivery)]);
  drawTable(doc, [
    { title: 'Panel', share: 1.2, style: 'strong' }, { title: 'At pickup', share: 2 }, { title: 'At delivery', share: 2 },
  ], rows);
}

export function drawComparison(doc: Doc, input: EvidenceInput): void {
  drawHeading(doc, 'Comparison', lineHeight(doc, 'body') * 3);
  drawFacts(doc, [
    ['Odometer change', formatDelta(input.odometerDelta, ' mi')],
    ['Fuel change', formatDelta(input.fuelDelta, '%')],
  ]);
  const diff = input.diff;
  if (!diff) return drawRemark(doc, 'Delivery not signed yet.');
  const groups = DIFF_GROUPS.filter((group) => diff[group.key].length > 0);
  if (groups.length === 0) return drawRemark(doc, 'No damage found at either end.');
  for (const group of groups) drawDiffGroup(doc, group.title, diff[group.key], group.why);
}
