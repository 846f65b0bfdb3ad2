// The invoice as CSV for accounting (spec §12.3, ours): a header, then one row per charge line, in
// the order of the invoice document. RFC 4180: CRLF line ends; a field holding a comma, a quote or a
// line break is quoted, its quotes doubled. Written by hand: no CSV library is among our
// dependencies, and quoting one flat table is a dozen lines, cheaper than a new dependency to vet.
//
// A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula, so
// a text cell that starts so — a note typed by anyone — gets a leading apostrophe (OWASP's CSV
// injection advice). Amounts are written by us from integer cents and stay plain numbers
// (-12.50 must add up as a number), so only text cells are guarded.
import { renderCents } from '../../../lib/money.ts';
import type { InvoiceView } from './invoice-document.ts';

export const INVOICE_CSV_HEADER = [
  'invoice_id',
  'week_start',
  'week_end',
  'timezone',
  'customer_id',
  'customer',
  'charge_id',
  'move_id',
  'line_code',
  'line_name',
  'amount',
  'notes',
  'disputed',
  'basis_rule',
] as const;

/** A cell: text (guarded and quoted as needed) or a number we wrote ourselves (left as it is). */
type Cell = { text: string } | { number: string };

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: formula-guarded when it is text, then quoted when RFC 4180 says so. */
export function csvField(cell: Cell): string {
  const raw = 'number' in cell ? cell.number : FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
  return NEEDS_QUOTES.test(raw) ? `"${raw.replace(/"/g, '""')}"` : raw;
}

const text = (value: string | null): Cell => ({ text: value ?? '' });
const integer = (value: number | null): Cell => (value === null ? { text: '' } : { number: String(value) });
/** Cents as a plain decimal with two places: 125 → 1.25, -1250 → -12.50. */
const amount = (cents: number): Cell => ({ number: renderCents(cents).toFixed(2) });

/** The invoice's lines as CSV text (UTF-8 when sent; no byte-order mark). */
export function invoiceCsv(view: InvoiceView): string {
  const rows: Cell[][] = [INVOICE_CSV_HEADER.map((h) => text(h))];
  for (const charge of view.charges) {
    for (const line of charge.lines) {
      rows.push([
        integer(view.id),
        text(view.week.start_date),
        text(view.week.end_date),
        text(view.rooftop.timezone),
        integer(view.customer.id),
        text(view.customer.name),
        integer(charge.id),
        integer(charge.move_id),
        text(line.code),
        text(line.name),
        amount(line.amount),
        text(line.notes),
        text(charge.disputed ? 'true' : 'false'),
        text(typeof line.basis.rule === 'string' ? line.basis.rule : null),
      ]);
    }
  }
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
