// The images of a side: the photo thumbnails in a grid and the signer's signature. An image that pdfkit
// cannot read is shown as a labelled empty box rather than failing the whole pack: the rest of the
// evidence (and the photo's hash, which proves which original it was) is still worth having.
import type { EvidencePhoto, EvidenceSide } from './evidence-input.ts';
import { formatCaptionTime, formatCoordinates, formatInstant } from './evidence-format.ts';
import { COLORS, bottomLimit, contentLeft, contentWidth, drawSubheading, drawText, lineHeight } from './evidence-layout.ts';

type Doc = PDFKit.PDFDocument;

const PHOTO_COLUMNS = 5;
const PHOTO_GAP = 10;
const CAPTION_LINES = 4;
const SIGNATURE_BOX = { width: 210, height: 64 };

interface Box { x: number; y: number; width: number; height: number }

/** Draws `image` fitted and centred in `box`; false when pdfkit could not read it. */
function drawImageInBox(doc: Doc, image: Buffer, box: Box): boolean {
  try {
    doc.image(image, box.x, box.y, { fit: [box.width, box.height], align: 'center', valign: 'center' });
    return true;
  } catch {
    return false;
  }
}

function drawPlaceholder(doc: Doc, box: Box, text: string): void {
  doc.save().rect(box.x, box.y, box.width, box.height).fill(COLORS.fill).restore();
  drawText(doc, 'caption', text, box.x, box.y + box.height / 2 - 4, box.width, { align: 'center' });
}

function photoGeometry(doc: Doc): { cellWidth: number; thumbHeight: number; rowHeight: number } {
  const cellWidth = (contentWidth(doc) - PHOTO_GAP * (PHOTO_COLUMNS - 1)) / PHOTO_COLUMNS;
  const thumbHeight = cellWidth * 0.75; // phone photos are 4:3
  return { cellWidth, thumbHeight, rowHeight: thumbHeight + 3 + CAPTION_LINES * lineHeight(doc, 'caption') };
}

function drawPhotoCell(doc: Doc, photo: EvidencePhoto, thumb: Box, timeZone: string): void {
  const drawn = photo.thumbnailJpeg !== null && drawImageInBox(doc, photo.thumbnailJpeg, thumb);
  if (!drawn) drawPlaceholder(doc, thumb, photo.thumbnailJpeg ? 'thumbnail unreadable' : 'no thumbnail');
  doc.save().rect(thumb.x, thumb.y, thumb.width, thumb.height).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();
  const captions = [
    photo.name,
    formatCaptionTime(photo.takenAt, timeZone),
    `SHA-256 ${photo.sha256.slice(0, 12)}`,
    formatCoordinates(photo.lat, photo.lon),
  ];
  const line = lineHeight(doc, 'caption');
  captions.forEach((caption, index) => {
    const style = index === 0 ? 'captionStrong' : 'caption';
    // One line each, cut with an ellipsis, so a long name cannot push into the next row.
    drawText(doc, style, caption, thumb.x, thumb.y + thumb.height + 3 + index * line, thumb.width, { maxHeight: line + 0.5 });
  });
}

/**
 * Thumbnails five to a row under "<title> (n)"; a row that does not fit starts the next page, under
 * "<title> (continued)" so the page says whose photos these are.
 */
export function drawPhotoGrid(doc: Doc, title: string, photos: readonly EvidencePhoto[], timeZone: string): void {
  const { cellWidth, thumbHeight, rowHeight } = photoGeometry(doc);
  drawSubheading(doc, `${title} (${photos.length})`, photos.length ? rowHeight : lineHeight(doc, 'muted'));
  if (photos.length === 0) {
    drawText(doc, 'muted', 'No photos.', contentLeft(doc), doc.y, contentWidth(doc));
    return;
  }
  doc.y += 2;
  for (let start = 0; start < photos.length; start += PHOTO_COLUMNS) {
    if (doc.y + rowHeight > bottomLimit(doc)) {
      doc.addPage();
      drawSubheading(doc, `${title} (continued)`, rowHeight);
      doc.y += 2;
    }
    const top = doc.y;
    photos.slice(start, start + PHOTO_COLUMNS).forEach((photo, index) => {
      const x = contentLeft(doc) + index * (cellWidth + PHOTO_GAP);
      drawPhotoCell(doc, photo, { x, y: top, width: cellWidth, height: thumbHeight }, timeZone);
    });
    doc.y = top + rowHeight + PHOTO_GAP;
  }
}

/** The signature in a box, the signer's name and the signing time under it, as on a paper form. */
export function drawSignature(doc: Doc, title: string, side: EvidenceSide, timeZone: string): void {
  const nameLines = lineHeight(doc, 'strong') + lineHeight(doc, 'body');
  drawSubheading(doc, title, SIGNATURE_BOX.height + 4 + nameLines);
  const box: Box = { x: contentLeft(doc), y: doc.y + 2, ...SIGNATURE_BOX };
  const inner: Box = { x: box.x + 4, y: box.y + 4, width: box.width - 8, height: box.height - 8 };
  const drawn = side.signaturePng !== null && drawImageInBox(doc, side.signaturePng, inner);
  if (!drawn) drawPlaceholder(doc, inner, side.signaturePng ? 'signature unreadable' : 'not signed');
  doc.save().rect(box.x, box.y, box.width, box.height).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();
  drawText(doc, 'strong', side.signerName ?? 'Signer not recorded', box.x, box.y + box.height + 4, box.width);
  const when = side.signedAt ? `Signed ${formatInstant(side.signedAt, timeZone)}` : 'Not signed yet';
  drawText(doc, 'body', when, box.x, doc.y, contentWidth(doc));
}
