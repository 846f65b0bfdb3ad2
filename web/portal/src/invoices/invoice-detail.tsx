// An invoice opened in the list: each charge with its lines (what it is for and its basis in words),
// each payment and where it went, and the CSV and PDF for accounting.
import { downloadPath, type Invoice, type InvoiceCharge, methodLabel } from './invoice-format.ts';
import { money } from '../money.ts';
import { ChargeLineRows } from '../charge-lines.tsx';

export function InvoiceDetail({ invoice, id }: { invoice: Invoice; id: string }) {
  return (
    <div id={id} class="invoice-detail">
      <p class="downloads">
        <a class="button-link" href={downloadPath(invoice.id, 'pdf')} download={`invoice-${invoice.id}.pdf`}>
          Download PDF <span class="visually-hidden">of invoice {invoice.id}</span>
        </a>
        <a class="button-link" href={downloadPath(invoice.id, 'csv')} download={`invoice-${invoice.id}.csv`}>
          Download CSV <span class="visually-hidden">of invoice {invoice.id}</span>
        </a>
      </p>
      <h3>Charges</h3>
      {invoice.charges.length === 0 ? <p>No charges yet.</p> : <ChargeList charges={invoice.charges} />}
      <h3>Payments</h3>
      {invoice.payments.length === 0 ? (
        <p>No payments recorded.</p>
      ) : (
        <ul class="payments">
          {invoice.payments.map((p) => (
            <li key={p.method.id}>
              {money(p.amount)} on {p.date}, {methodLabel(p.method)}
              {p.status !== 'succeeded' && p.status ? ` (${p.status})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChargeList({ charges }: { charges: InvoiceCharge[] }) {
  return (
    <ul class="charges">
      {charges.map((c) => (
        <li key={c.id} class="charge">
          <p class="charge-head">
            <span>{c.move_id !== null ? <a href={`/portal/moves/${c.move_id}`}>Move #{c.move_id}</a> : `Charge ${c.id}`}</span>
            <span class="charge-due">{money(c.due_amount)}</span>
          </p>
          {c.disputed && <p class="disputed">Disputed{c.dispute_reason ? `: ${c.dispute_reason}` : ''}</p>}
          <table class="lines">
            <caption class="visually-hidden">Lines of {c.move_id !== null ? `move ${c.move_id}` : `charge ${c.id}`}</caption>
            <tbody>
              <ChargeLineRows lines={c.details} />
              {c.discount_amount > 0 && (
                <tr>
                  <th scope="row">
                    Discount{c.discount_reason && <span class="sub">{c.discount_reason}</span>}
                  </th>
                  <td class="num">−{money(c.discount_amount)}</td>
                </tr>
              )}
            </tbody>
          </table>
          {c.paid_amount > 0 && (
            <p class="sub">
              Paid {money(c.paid_amount)}; balance {money(c.balance_remaining)}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
