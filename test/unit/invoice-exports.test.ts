// The invoice's outputs (spec §12.3): the JSON document (doc key order, its schema), the CSV for
// accounting and the PDF, read back the way a reader would. INVOICE_PDF_OUT=/tmp/x.pdf keeps the
// sample PDF for a look (pdftoppm -png -r 60 /tmp/x.pdf /tmp/x).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import fastJson from 'fast-json-stringify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Value } from 'typebox/value';
import { renderCharge } from '../../src/modules/billing/charges/charge-document.ts';
import { ChargeOrEmptySchema, ChargeSchema } from '../../src/modules/billing/charges/charge-schema.ts';
import type { ChargeCode, ChargeLine } from '../../src/modules/billing/charges/charge-types.ts';
import { INVOICE_CSV_HEADER, invoiceCsv } from '../../src/modules/billing/invoices/invoice-csv.ts';
import { type InvoiceView, InvoiceListSchema, InvoiceSchema, invoiceListDocument, renderInvoice } from '../../src/modules/billing/invoices/invoice-document.ts';
import { invoicePdf } from '../../src/modules/billing/invoices/invoice-pdf.ts';
import { type InvoiceCharge, invoiceAmounts } from '../../src/modules/billing/invoices/invoice-rules.ts';
import { weekStarting } from '../../src/modules/billing/invoices/invoice-week.ts';
import { renderCents } from '../../src/lib/money.ts';
import { parseCsv } from '../support/invoices.ts';

const PUBLIC_URL = 'https://api.handoff.example';
const line = (code: ChargeCode, amount: number, notes: string | null = null): ChargeLine => ({
  code, name: code === 'TRANSPORT' ? 'Transport' : code.toLowerCase(), amount, notes, basis: { rule: `${code.toLowerCase()} rule`, rate: 250 }, evidence: { lane_id: 7 },
});
const charge = (id: number, lines: ChargeLine[], extra: Partial<InvoiceCharge> = {}): InvoiceCharge =>
  ({ id, move_id: 4800 + id, status: 'settled', disputed: false, dispute_reason: null, paid_amount: 0, lines, ...extra });

function sampleView(charges?: InvoiceCharge[]): InvoiceView {
  return {
    id: 31,
    status: 'processing',
    rooftop: { id: 3, name: 'Lindqvist Honda of Richmond', timezone: 'America/New_York' },
    customer: { id: 7, name: 'Fleet Partners, Inc.', kind: 'third_party_payer' },
    week: weekStarting('2026-03-08', 'America/New_York'),
    charges: charges ?? [
      charge(101, [{ ...line('TRANSPORT', 3075, 'Richmond → Midlothian'), mileage_band: { rate: 250, type: 'per', distance_start: 10, distance_end: 50, contract: { begin_date: '2026-01-01', end_date: '2026-12-31', workflowset_id: 3 } } }, line('WAIT', 250), line('DISCOUNT', -1250, 'late pickup')], { paid_amount: 2075 }),
      charge(102, [line('TRANSPORT', 4500, 'customer said "call first", then\nleft'), line('ACCESSORIAL', 1999, '=HYPERLINK("http://evil.example","click")')], { disputed: true, dispute_reason: 'vehicle never moved' }),
      charge(103, [line('FUEL', 1197, '-5 gallons, +tax'), line('RUSH', 2500, '@once')], { move_id: null, status: 'final' }),
    ],
    payments: [{ id: 55, amount: 2075, date: '2026-03-20', method_type: 'ach', last4: '6789', allocations: [{ charge_id: 101, amount: 2075 }], status: 'posted' }],
  };
}

describe('the invoice document', () => {
  const view = sampleView();
  const doc = renderInvoice(view, PUBLIC_URL);

  test('has the doc keys in the doc order, then ours', () => {
    assert.deepEqual(Object.keys(doc), ['id', 'status', 'due_amount', 'paid_amount', 'discount_amount', 'balance_remaining', 'payments', 'start_datetime', 'end_datetime', 'customer', 'charges', 'disputed_amount', 'total_amount', 'rooftop', 'csv_url', 'pdf_url']);
    assert.deepEqual(Object.keys(doc.payments[0]!), ['amount', 'date', 'status', 'method', 'charges']);
    assert.deepEqual(Object.keys(doc.payments[0]!.method), ['id', 'type', 'last4']);
    assert.deepEqual(Object.keys(doc.customer), ['id', 'name', 'kind']);
  });

  test('amounts in dollars: due, discount and balance without the disputed charge', () => {
    // due 3075 + 250 + 1197 + 2500 = 7022; discount 1250; paid 2075; disputed 4500 + 1999
    assert.deepEqual([doc.due_amount, doc.discount_amount, doc.paid_amount, doc.balance_remaining, doc.disputed_amount, doc.total_amount], [70.22, 12.5, 20.75, 36.97, 64.99, 122.71]);
  });

  test('the week as UTC instants: Sunday 00:00 EST to Saturday 23:59:59 EDT', () => {
    assert.deepEqual([doc.start_datetime, doc.end_datetime], ['2026-03-08T05:00:00Z', '2026-03-15T03:59:59Z']);
  });

  test('charges: renderCharge with move_id right after id, null when the charge has no move', () => {
    const [first, , third] = doc.charges as Record<string, unknown>[];
    const { id, ...rest } = renderCharge({ ...view.charges[0]!, invoice_id: 31 });
    assert.deepEqual(Object.keys(first!), ['id', 'move_id', ...Object.keys(rest)]);
    assert.equal(first!.invoice_id, 31);
    assert.deepEqual(first, { id, move_id: 4901, ...rest });
    assert.equal(third!.move_id, null);
    assert.deepEqual(Object.keys(third!), ['id', 'move_id', 'invoice_id', 'type', 'status', 'disputed', 'dispute_reason', 'discount_amount', 'discount_reason', 'due_amount', 'paid_amount', 'balance_remaining', 'details']);
  });

  test('payments and links', () => {
    assert.deepEqual(doc.payments, [{ amount: 20.75, date: '2026-03-20', status: 'posted', method: { id: 55, type: 'ach', last4: '6789' }, charges: [{ id: 101, amount: 20.75 }] }]);
    assert.deepEqual([doc.csv_url, doc.pdf_url], [`${PUBLIC_URL}/v1/invoices/31.csv`, `${PUBLIC_URL}/v1/invoices/31.pdf`]);
    assert.equal(renderInvoice(view, `${PUBLIC_URL}/`).csv_url, `${PUBLIC_URL}/v1/invoices/31.csv`);
  });

  test('the schemas validate what is rendered, and fast-json-stringify writes it unchanged', () => {
    assert.ok(Value.Check(InvoiceSchema, doc), JSON.stringify([...Value.Errors(InvoiceSchema, doc)].slice(0, 3)));
    const list = invoiceListDocument([view, { ...view, id: 32, payments: [], charges: [] }], PUBLIC_URL);
    assert.ok(Value.Check(InvoiceListSchema, list));
    assert.equal(fastJson(InvoiceListSchema)(list), JSON.stringify(list), 'the schema knows every key, in the order rendered');
    assert.ok(!Value.Check(InvoiceSchema, { ...doc, status: 'open' }));
  });

  test('the charge schemas: a charge, or {} where a charge may be absent', () => {
    const rendered = renderCharge({ ...view.charges[0]!, invoice_id: null });
    assert.ok(Value.Check(ChargeSchema, rendered));
    assert.equal(fastJson(ChargeSchema)(rendered), JSON.stringify(rendered));
    assert.ok(Value.Check(ChargeOrEmptySchema, rendered));
    assert.ok(Value.Check(ChargeOrEmptySchema, renderCharge(null)));
    assert.equal(fastJson(ChargeOrEmptySchema)(rendered), JSON.stringify(rendered));
    assert.equal(fastJson(ChargeOrEmptySchema)(renderCharge(null)), '{}');
    assert.ok(!Value.Check(ChargeSchema, {}));
    assert.ok(!Value.Check(ChargeOrEmptySchema, { id: 1 }));
  });
});


describe('the invoice CSV', () => {
  const view = sampleView();
  const csv = invoiceCsv(view);
  const rows = parseCsv(csv);
  const column = (name: (typeof INVOICE_CSV_HEADER)[number]) => rows.slice(1).map((r) => r[INVOICE_CSV_HEADER.indexOf(name)]!);

  test('a header, then one row per charge line, every row as wide as the header, CRLF line ends', () => {
    assert.deepEqual(rows[0], [...INVOICE_CSV_HEADER]);
    assert.equal(rows.length, 1 + view.charges.flatMap((c) => c.lines).length);
    assert.ok(rows.every((r) => r.length === INVOICE_CSV_HEADER.length));
    assert.equal(csv.split('\r\n').length - 1, rows.length, 'one CRLF per row; a line break inside a note stays as sent');
    assert.deepEqual(rows[1]!.slice(0, 9), ['31', '2026-03-08', '2026-03-14', 'America/New_York', '7', 'Fleet Partners, Inc.', '101', '4901', 'TRANSPORT']);
  });

  test('fields with a comma, a quote or a line break are quoted, quotes doubled', () => {
    assert.ok(csv.includes('"Fleet Partners, Inc."'));
    assert.ok(csv.includes('"customer said ""call first"", then\nleft"'));
    assert.equal(column('notes')[3], 'customer said "call first", then\nleft');
  });

  test('text starting with = + - @ is defused with an apostrophe; amounts stay numbers', () => {
    const notes = column('notes');
    assert.equal(notes[4], `'=HYPERLINK("http://evil.example","click")`);
    assert.equal(notes[5], "'-5 gallons, +tax");
    assert.equal(notes[6], "'@once");
    assert.deepEqual(column('amount'), ['30.75', '2.50', '-12.50', '45.00', '19.99', '11.97', '25.00']);
    assert.deepEqual(column('move_id').slice(-2), ['', ''], 'a charge without a move');
    assert.deepEqual(column('disputed'), ['false', 'false', 'false', 'true', 'true', 'false', 'false']);
    assert.equal(column('basis_rule')[0], 'transport rule');
  });

  test('the amounts add up to the invoice total, to the cent', () => {
    const cents = column('amount').reduce((sum, a) => sum + Math.round(Number(a) * 100), 0);
    assert.equal(cents, invoiceAmounts(view.charges, view.payments).total);
  });

  test('an invoice without charges is the header alone', () => {
    assert.equal(invoiceCsv(sampleView([])), `${INVOICE_CSV_HEADER.join(',')}\r\n`);
  });
});

const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');

async function readPdf(bytes: Buffer): Promise<{ pages: string[]; info: Record<string, string> }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const info = (await pdf.getMetadata()).info as Record<string, string>;
  await pdf.destroy();
  return { pages, info };
}

function longView(lineCount: number): InvoiceView {
  const charges = Array.from({ length: lineCount / 3 }, (_, i) =>
    charge(1000 + i, [line('TRANSPORT', 4500 + i), line('WAIT', 50 * (i % 7)), line('FUEL', 399 + i, i % 10 === 0 ? 'Tank brought back to 3/4 after the return leg. '.repeat(4) : null)]));
  return { ...sampleView(charges), id: 77 };
}

describe('the invoice PDF', () => {
  test('is a PDF naming the invoice, the customer, the week and the total amount', async () => {
    const view = sampleView();
    const bytes = await invoicePdf(view);
    if (process.env.INVOICE_PDF_OUT) writeFileSync(process.env.INVOICE_PDF_OUT, bytes);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const { pages, info } = await readPdf(bytes);
    const text = pages.join('\n');
    const total = renderCents(invoiceAmounts(view.charges, view.payments).total).toFixed(2);
    for (const expected of ['Invoice #31', 'Fleet Partners, Inc.', '2026-03-08', '2026-03-14', 'America/New_York', 'DISPUTED: vehicle never moved', total, '36.97', 'ACH ending 6789']) {
      assert.ok(text.includes(expected), `missing ${expected}`);
    }
    assert.equal(info.Title, 'Invoice #31, 2026-03-08 to 2026-03-14');
    assert.equal(info.CreationDate, 'D:20260308050000Z', 'the start of the week unless the caller says');
  });

  test('one input gives the same bytes; another creation date gives other bytes', async () => {
    const view = sampleView();
    assert.ok((await invoicePdf(view)).equals(await invoicePdf(sampleView())));
    assert.ok(!(await invoicePdf(view)).equals(await invoicePdf(view, { createdAtMs: Date.parse('2026-03-21T12:00:00Z') })));
  });

  test('300 lines run over several pages, each with its footer, and every line is there', async () => {
    const view = longView(300);
    const bytes = await invoicePdf(view);
    if (process.env.INVOICE_PDF_OUT) writeFileSync(process.env.INVOICE_PDF_OUT.replace(/(\.pdf)?$/, '-long.pdf'), bytes);
    const { pages } = await readPdf(bytes);
    assert.ok(pages.length > 1, `${pages.length} pages`);
    pages.forEach((page, index) => assert.ok(page.includes(`page ${index + 1} of ${pages.length}`), `footer of page ${index + 1}`));
    assert.ok(pages.every((page) => !page.includes('Charge #') || page.includes('Amount (USD)')), 'the table head repeats on every page of the table');
    const text = pages.join('\n');
    assert.equal(text.split('TRANSPORT').length - 1, 100);
    assert.equal(text.split('Charge #').length - 1, 100);
    assert.ok(text.includes(renderCents(invoiceAmounts(view.charges, view.payments).total).toFixed(2)));
  });
});
