// Helpers of the invoice tests (spec §12.3): a contract so bookings are priced, charges made final
// by hand (for tests that are about invoices rather than about how a charge becomes final), and the
// CSV and PDF read back the way an accountant's tools would.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Caller } from './lifecycle.ts';
import type { TestApp } from './app.ts';

type Doc = Record<string, any>;

/** A contract for the whole of 2026: one flat stranded band over every drive, a rush fee of 0. */
export async function addContract(ops: Caller, rooftop: number, rate = 45.01): Promise<Doc> {
  const res = await ops.request('POST', '/v1/ops/contracts', {
    rooftop,
    begin_date: '2026-01-01',
    end_date: '2026-12-31',
    mileage_bands: [{ rate, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 250 }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

export async function addPayer(ops: Caller, rooftop: number, name: string): Promise<number> {
  const res = await ops.request('POST', '/v1/ops/payers', { rooftop, name });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as number;
}

/**
 * The move's charge made final as its completion would make it (status, completed_at): for tests
 * of settlement and invoices that need a charge completed at a chosen instant.
 */
export async function finalizeCharge(t: TestApp, moveId: number, completedAt: number): Promise<void> {
  const result = await t.deps.database.db
    .updateTable('charges')
    .set({ status: 'final', completed_at: completedAt, updated_at: completedAt })
    .where('move_id', '=', moveId)
    .where('status', '=', 'quoted')
    .executeTakeFirst();
  assert.equal(Number(result.numUpdatedRows), 1, `move ${moveId} has a quoted charge`);
}

export async function chargeRow(t: TestApp, moveId: number) {
  return t.deps.database.db.selectFrom('charges').selectAll().where('move_id', '=', moveId).executeTakeFirstOrThrow();
}

/** The invoice events of a rooftop, oldest first. */
export async function invoiceEvents(t: TestApp, rooftopId: number) {
  const rows = await t.deps.database.db
    .selectFrom('events')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('type', 'in', ['invoice.created', 'invoice.closed'])
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ type: r.type, invoiceId: Number(r.invoice_id), sequence: Number(r.sequence), data: JSON.parse(r.data) as Doc }));
}

/** A small RFC 4180 reader. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  assert.equal(field + row.join(''), '', 'the text ends with CRLF');
  return rows;
}

const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');

/** The text of every page of a PDF, as pdf.js reads it. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages.join('\n');
}
