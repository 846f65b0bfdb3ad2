// /portal/invoices, the dealer's weekly invoices (spec §12.3, GET /v1/invoices), oldest week first as
// the API lists them, a page at a time: the week, who pays, the status, the total and what is left to
// pay. Opening one shows its charges and payments and links its PDF and CSV (same origin: the session
// cookie authenticates them). Every amount is the API's; the page adds nothing up.
import { useEffect, useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { InvoiceDetail } from '../invoices/invoice-detail.tsx';
import { type Invoice, payerLabel, statusHint, statusLabel, weekLabel } from '../invoices/invoice-format.ts';
import { money } from '../money.ts';
import { ProblemMessage } from '../problem.tsx';
import { useTitle } from '../title.ts';
import '../webhooks/admin-page.css';
import '../webhooks/data-table.css';
import './invoices.css';

const PAGE_SIZE = 25;

interface ListState {
  invoices: Invoice[];
  /** The last page read, and whether a full one came back (so there may be another). */
  page: number;
  more: boolean;
  loading: boolean;
  problem: Problem | null;
}

export default function InvoicesPage() {
  useTitle('Invoices');
  const [state, setState] = useState<ListState>({ invoices: [], page: 0, more: false, loading: true, problem: null });
  const [open, setOpen] = useState<number | null>(null);

  const load = async (page: number) => {
    setState((s) => ({ ...s, loading: true }));
    const r = await apiCall(() => api.GET('/v1/invoices', { params: { query: { limit: PAGE_SIZE, page } } }));
    setState((s) =>
      'data' in r
        ? { invoices: [...s.invoices, ...r.data.invoices], page, more: r.data.invoices.length === PAGE_SIZE, loading: false, problem: null }
        : { ...s, loading: false, problem: r.problem },
    );
  };
  useEffect(() => void load(1), []);

  return (
    <div class="admin-page">
      <div class="page-head">
        <h1>Invoices</h1>
      </div>
      <p class="lede">One invoice a week for each payer, Sunday to Saturday in the rooftop's time zone. Open one for its charges, payments and downloads.</p>
      <ProblemMessage problem={state.problem} />
      <p role="status" class="list-count">
        {state.loading && state.invoices.length === 0 ? 'Loading invoices…' : countText(state)}
      </p>
      {state.invoices.length > 0 && <InvoiceTable invoices={state.invoices} open={open} onToggle={(id) => setOpen(open === id ? null : id)} />}
      {state.more && (
        <button type="button" class="secondary load-more" onClick={() => load(state.page + 1)} disabled={state.loading}>
          {state.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}

function countText(s: ListState): string {
  if (s.problem && s.invoices.length === 0) return '';
  if (s.invoices.length === 0) return 'No invoices yet: the first comes once a move is completed.';
  const n = `${s.invoices.length} invoice${s.invoices.length === 1 ? '' : 's'}`;
  return s.more ? `Showing the oldest ${n}; more below.` : `Showing ${n}.`;
}

function InvoiceTable({ invoices, open, onToggle }: { invoices: Invoice[]; open: number | null; onToggle: (id: number) => void }) {
  return (
    <table class="data-table invoices">
      <caption class="visually-hidden">Invoices, oldest week first</caption>
      <thead>
        <tr>
          <th scope="col">Invoice</th>
          <th scope="col">Week</th>
          <th scope="col">Payer</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Total</th>
          <th scope="col" class="num">Balance</th>
        </tr>
      </thead>
      {invoices.map((inv) => (
        <tbody key={inv.id}>
          <tr>
            <th scope="row" data-label="Invoice">
              <button type="button" class="disclosure" aria-expanded={open === inv.id} aria-controls={`invoice-${inv.id}-detail`} onClick={() => onToggle(inv.id)}>
                #{inv.id}
                <span class="visually-hidden">, {open === inv.id ? 'hide' : 'show'} its charges</span>
              </button>
            </th>
            <td data-label="Week">{weekLabel(inv)}</td>
            <td data-label="Payer">{payerLabel(inv.customer)}</td>
            <td data-label="Status">
              <span class={`status invoice-${inv.status}`} title={statusHint(inv.status)}>
                {statusLabel(inv.status)}
              </span>
            </td>
            <td data-label="Total" class="num invoice-total">
              {money(inv.total_amount)}
            </td>
            <td data-label="Balance" class="num invoice-balance">
              {money(inv.balance_remaining)}
              {inv.disputed_amount > 0 && <span class="sub">{money(inv.disputed_amount)} disputed</span>}
            </td>
          </tr>
          {open === inv.id && (
            <tr class="detail-row">
              <td colSpan={6}>
                <InvoiceDetail invoice={inv} id={`invoice-${inv.id}-detail`} />
              </td>
            </tr>
          )}
        </tbody>
      ))}
    </table>
  );
}
