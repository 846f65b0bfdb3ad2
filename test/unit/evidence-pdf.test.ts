// The evidence pack, read back the way a reader would see it: pdfjs extracts each page's text and
// counts the images painted. Set EVIDENCE_PDF_OUT=/tmp/x.pdf to keep the sample for a look
// (pdftoppm -png -r 60 /tmp/x.pdf /tmp/x); a second file with many photos lands beside it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import sharp from 'sharp';
import { OPS, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { EvidenceFinding, EvidenceInput, EvidencePhoto, EvidenceSide } from '../../src/modules/workflows/evidence/evidence-input.ts';
import { renderEvidencePdf } from '../../src/modules/workflows/evidence/evidence-pdf.ts';

const MARGIN = 48;
const PAGE_HEIGHT = 792; // US Letter
const PICKUP_HASH = 'a3f1c9e07b5d2468ace0135792468bdf0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const DELIVERY_HASH = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';
// pdfjs reads the 14 standard fonts' metrics from here instead of guessing widths.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');

interface TextItem { str: string; x: number; y: number; width: number }
interface PageRead { text: string; items: TextItem[]; images: number; width: number }

function openPdf(bytes: Buffer) {
  return getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
}

async function readPdf(bytes: Buffer): Promise<PageRead[]> {
  const pdf = await openPdf(bytes);
  const pages: PageRead[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) => ('str' in item && item.str.trim() !== ''
      ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }]
      : []));
    const ops = await page.getOperatorList();
    const images = ops.fnArray.filter((fn) => fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject).length;
    pages.push({ text: items.map((item) => item.str).join(' '), items, images, width: page.view[2]! });
  }
  await pdf.destroy();
  return pages;
}

const allText = (pages: PageRead[]) => pages.map((page) => page.text).join('\n');

function solidJpeg(r: number, g: number, b: number): Promise<Buffer> {
  return sharp({ create: { width: 160, height: 120, channels: 3, background: { r, g, b } } }).jpeg({ quality: 70 }).toBuffer();
}

function signaturePng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90">
    <path d="M10 60 C 40 10, 60 10, 70 55 S 110 90, 130 40 S 170 20, 180 60 S 240 70, 290 30"
      fill="none" stroke="#123a8c" stroke-width="4" stroke-linecap="round"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const PANELS = ['front-bumper', 'hood', 'windshield', 'left-front-door', 'right-rear-door', 'rear-bumper', 'wheels', 'interior'];

function photos(count: number, thumbs: Buffer[], at: string): EvidencePhoto[] {
  return Array.from({ length: count }, (_, index) => ({
    stepId: `photo-${index}`,
    name: index % 7 === 3 ? `${PANELS[index % PANELS.length]} close-up with a rather long photo name` : `${PANELS[index % PANELS.length]}`,
    takenAt: at,
    lat: index % 5 === 4 ? null : 37.54 + index / 1000,
    lon: index % 5 === 4 ? null : -77.43 - index / 1000,
    sha256: (index.toString(16).padStart(2, '0') + PICKUP_HASH).slice(0, 64),
    thumbnailJpeg: thumbs[index % thumbs.length]!,
  }));
}

const finding = (panel: string, type: string, severity: number, note: string | null = null): EvidenceFinding => ({ panel, type, severity, note });

function side(slot: 'pickup' | 'delivery', thumbs: Buffer[], signature: Buffer, photoCount: number): EvidenceSide {
  const pickup = slot === 'pickup';
  return {
    slot,
    signedAt: pickup ? '2025-03-14T13:12:05Z' : '2025-03-14T16:47:31Z',
    place: pickup
      ? { name: 'Lindqvist Honda service lot', fullAddress: '11161 Research Plaza Way, North Chesterfield, VA 23236' }
      : { name: 'Dana Whitfield (customer)', fullAddress: '210 S Mulberry St, Richmond, VA 23220' },
    driverName: 'Marcus Bell',
    signerName: pickup ? 'Priya Raman' : 'Dana Whitfield',
    signaturePng: signature,
    odometer: pickup ? 48213 : 48241,
    fuelLevel: pickup ? 75 : 62,
    keys: 2,
    notes: pickup ? 'Customer asked that the child seat stay in the rear.' : null,
    damages: pickup
      ? [finding('left-front-door', 'scratch', 1, 'Light scratch below the handle, about 5 cm.'), finding('rear-bumper', 'scuff', 2, null)]
      : [finding('left-front-door', 'scratch', 1, 'Same scratch below the handle.'), finding('rear-bumper', 'dent', 3, 'Dent at the right corner, paint cracked.'), finding('hood', 'chip', 1, null), finding('roof', 'dent', 2, 'Hail-sized dent near the antenna.')],
    photos: photos(photoCount, thumbs, pickup ? '2025-03-14T13:05:00Z' : '2025-03-14T16:40:00Z'),
    reportSha256: pickup ? PICKUP_HASH : DELIVERY_HASH,
    warnings: pickup ? [] : ['Odometer advanced 28 mi on a 9.7 mi lane (limit 19.6 mi).'],
  };
}

interface Fixture { thumbs: Buffer[]; signature: Buffer }

function sampleInput(fx: Fixture, pickupPhotos = 6, deliveryPhotos = 7): EvidenceInput {
  const pickup = side('pickup', fx.thumbs, fx.signature, pickupPhotos);
  const delivery = side('delivery', fx.thumbs, fx.signature, deliveryPhotos);
  return {
    generatedAt: '2025-03-14T17:02:11Z',
    timeZone: 'America/New_York',
    rooftop: { name: 'Lindqvist Honda of Richmond', address: '11161 Research Plaza Way, North Chesterfield, VA 23236' },
    move: { id: 4817, referenceId: 'RO-22931', usecaseKey: 'service_delivery', uri: 'https://api.handoff.example/v1/moves/4817' },
    vehicle: { year: '2021', make: 'Honda', model: 'Accord EX-L', color: 'Platinum White Pearl', vin: '1HGCV1F56MA012345', stock: 'H21-0457' },
    pickup,
    delivery,
    diff: {
      new: [{ panel: 'hood', pickup: [], delivery: [delivery.damages[2]!] }],
      worsened: [{ panel: 'rear-bumper', pickup: [pickup.damages[1]!], delivery: [delivery.damages[1]!] }],
      unchanged: [{ panel: 'left-front-door', pickup: [pickup.damages[0]!], delivery: [delivery.damages[0]!] }],
      improved: [],
      not_comparable: [{ panel: 'roof', pickup: [], delivery: [delivery.damages[3]!] }],
    },
    odometerDelta: 28,
    fuelDelta: -13,
  };
}

function keep(bytes: Buffer, suffix = ''): void {
  const out = process.env.EVIDENCE_PDF_OUT;
  if (out) writeFileSync(suffix ? out.replace(/(\.pdf)?$/, `${suffix}.pdf`) : out, bytes);
}

/** Items in the top or bottom margin (PDF y grows upward) may only be the running head and the footer. */
function assertInsideMargins(pages: PageRead[]): void {
  for (const [index, page] of pages.entries()) {
    for (const item of page.items) {
      assert.ok(item.x >= MARGIN - 0.5, `page ${index + 1}: "${item.str}" starts at x=${item.x}`);
      assert.ok(item.x + item.width <= page.width - MARGIN + 0.5, `page ${index + 1}: "${item.str}" ends at x=${item.x + item.width}`);
      if (item.y < MARGIN - 2) assert.match(item.str, /^(page \d+ of \d+|Handoff · move #\d+.*)$/, `page ${index + 1}: "${item.str}" in the bottom margin`);
      if (item.y > PAGE_HEIGHT - MARGIN) assert.match(item.str, /^Vehicle condition report — bill of lading · VIN /, `page ${index + 1}: "${item.str}" in the top margin`);
    }
  }
}

describe('evidence pack PDF', () => {
  let fx: Fixture;
  let sample: EvidenceInput;
  let bytes: Buffer;
  let pages: PageRead[];

  before(async () => {
    fx = { thumbs: await Promise.all([solidJpeg(200, 60, 50), solidJpeg(40, 110, 190), solidJpeg(60, 160, 90)]), signature: await signaturePng() };
    sample = sampleInput(fx);
    bytes = await renderEvidencePdf(sample);
    keep(bytes);
    pages = await readPdf(bytes);
  });

  test('is a PDF with the title and metadata', async () => {
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(allText(pages), /Vehicle condition report — bill of lading/);
    const pdf = await openPdf(bytes);
    const info = (await pdf.getMetadata()).info as Record<string, string>;
    await pdf.destroy();
    assert.equal(info.Title, 'Vehicle condition report — bill of lading, move #4817');
    assert.equal(info.Author, 'Handoff');
    assert.equal(info.CreationDate, 'D:20250314170211Z');
  });

  test('shows the rooftop, vehicle, both ends and both hashes in full', () => {
    const text = allText(pages);
    for (const expected of ['Lindqvist Honda of Richmond', '1HGCV1F56MA012345', 'H21-0457', 'RO-22931', '#4817',
      '48,213 mi', '48,241 mi', 'Priya Raman', 'Dana Whitfield', 'Marcus Bell', PICKUP_HASH, DELIVERY_HASH,
      '210 S Mulberry St, Richmond, VA 23220', 'Odometer advanced 28 mi']) {
      assert.ok(text.includes(expected), `missing ${expected}`);
    }
  });

  test('shows times in the rooftop zone with its abbreviation', () => {
    const text = allText(pages);
    assert.ok(text.includes('Mar 14, 2025, 9:12:05 AM EDT'), 'pickup signed at');
    assert.ok(text.includes('Mar 14, 2025, 12:47:31 PM EDT'), 'delivery signed at');
    assert.ok(text.includes('2025-03-14 09:05 EDT'), 'photo taken at');
  });

  test('lists each non-empty diff group with its panels, and no empty group', () => {
    const comparison = allText(pages).slice(allText(pages).lastIndexOf('Comparison'));
    const groups: Array<[title: string, panel: string]> = [
      ['New damage (1)', 'Hood'], ['Worse (1)', 'Rear bumper'], ['Unchanged (1)', 'Left front door'], ['Not comparable (1)', 'Roof'],
    ];
    groups.forEach(([title, panel], index) => {
      const next = groups[index + 1];
      const body = comparison.slice(comparison.indexOf(title), next ? comparison.indexOf(next[0]) : undefined);
      assert.ok(comparison.includes(title), `missing group ${title}`);
      assert.ok(body.includes(panel), `missing ${panel} under ${title}`);
    });
    assert.ok(!comparison.includes('Improved'));
    assert.ok(comparison.includes('+28 mi') && comparison.includes('-13%'));
  });

  test('draws one image per thumbnail and per signature', () => {
    const drawn = pages.reduce((sum, page) => sum + page.images, 0);
    assert.equal(drawn, 6 + 7 + 2);
  });

  test('keeps every text item inside the margins', () => assertInsideMargins(pages));

  test('a side not recorded yet says so, and no diff says delivery is not signed', async () => {
    const read = await readPdf(await renderEvidencePdf({ ...sample, delivery: null, diff: null, odometerDelta: null, fuelDelta: null }));
    const text = allText(read);
    assert.ok(text.includes('Delivery not recorded yet.'));
    assert.ok(text.includes('Delivery not signed yet.'));
    assert.ok(!text.includes(DELIVERY_HASH));
    assert.equal(read.reduce((sum, page) => sum + page.images, 0), 6 + 1);
  });

  test('40 photos spread over several pages, each footer counting right', async () => {
    const many = await renderEvidencePdf(sampleInput(fx, 40, 3));
    keep(many, '-many-photos');
    const read = await readPdf(many);
    assert.ok(read.length >= 3, `${read.length} pages`);
    read.forEach((page, index) => {
      assert.ok(page.text.includes(`page ${index + 1} of ${read.length}`), `footer of page ${index + 1}`);
      assert.ok(page.text.includes('Handoff · move #4817 · RO-22931'));
      if (index > 0) assert.ok(page.text.includes('VIN 1HGCV1F56MA012345'), `running head of page ${index + 1}`);
    });
    assert.ok(read[1]!.text.includes('Pickup photos (continued)'));
    assert.equal(read.reduce((sum, page) => sum + page.images, 0), 40 + 3 + 2);
    assertInsideMargins(read);
  });

  test('two renders of one input say the same, page for page; the generation time is part of the file', async () => {
    // Not byte for byte: pdfkit writes a transparent PNG's objects in the order its async decoding ends.
    const again = await readPdf(await renderEvidencePdf(sampleInput(fx)));
    assert.deepEqual(again, pages);
    const later = await renderEvidencePdf({ ...sampleInput(fx), generatedAt: '2025-03-15T09:00:00Z' });
    assert.notDeepEqual(await readPdf(later), pages, 'the generation time is shown');
  });

  test('a long note wraps, across pages if need be, inside the margins', async () => {
    const sentence = 'The customer pointed out a faint swirl mark on the driver side that was already there at pickup. ';
    const notes = `${sentence.repeat(60)}${'https://photos.example/very/long/link/'.repeat(12)}`;
    const input = sampleInput(fx);
    const read = await readPdf(await renderEvidencePdf({ ...input, pickup: { ...input.pickup!, notes } }));
    assertInsideMargins(read);
    const text = allText(read).replace(/\s+/g, ' ');
    assert.ok(text.includes('swirl mark'));
    assert.equal(text.split('faint swirl mark').length - 1, 60, 'no line of the note was lost');
  });

  test('text outside the built-in fonts is replaced, not written as garbage', async () => {
    const read = await readPdf(await renderEvidencePdf({ ...sample, rooftop: { ...sample.rooftop, name: 'Ősz Motors 車' } }));
    assert.ok(allText(read).includes('Osz Motors ?'));
  });

  test('an open slot: no signature, missing and unreadable thumbnails, a huge damage note', async () => {
    const input = sampleInput(fx);
    const open: EvidenceSide = {
      ...input.delivery!, signedAt: null, signaturePng: null, reportSha256: null,
      photos: input.delivery!.photos.slice(0, 2).map((photo, index) => ({ ...photo, thumbnailJpeg: index ? Buffer.from('not a jpeg') : null })),
      damages: [finding('hood', 'chip', 1, 'Chip near the washer nozzle. '.repeat(400))],
    };
    const read = await readPdf(await renderEvidencePdf({ ...input, delivery: open, diff: null }));
    const text = allText(read);
    for (const expected of ['Not signed yet (slot open)', 'not signed', 'no thumbnail', 'thumbnail unreadable', 'not sealed yet']) {
      assert.ok(text.includes(expected), `missing ${expected}`);
    }
    assert.equal(read.reduce((sum, page) => sum + page.images, 0), 6 + 1);
    assertInsideMargins(read);
  });

  test('refuses a generation time that is not an instant', async () => {
    await assert.rejects(renderEvidencePdf({ ...sample, generatedAt: 'yesterday' }), RangeError);
  });
});
