// The charge of each leg (spec §12.2): its lines, total and status, as the API priced them. A dealer
// may dispute it with a reason (POST /v1/moves/:id/charge/dispute); the answer is shown as given.
import { useState } from 'preact/hooks';
import { api, apiCall, fieldProblems, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { type Charge, chargeOf, type Leg, legName, type MoveDocument } from './move-data.ts';
import { money } from '../money.ts';
import { ChargeLineRows } from '../charge-lines.tsx';

interface ChargeProps {
  doc: MoveDocument;
  legs: Leg[];
  canDispute: boolean;
  onChanged(): Promise<void>;
}

export function Charges({ doc, legs, canDispute, onChanged }: ChargeProps) {
  const priced = legs.flatMap((leg) => {
    const charge = chargeOf(doc, leg);
    return charge ? [{ leg, charge }] : [];
  });
  // A single move's charge sits once at the document's top: show it once.
  const unique = priced.filter((p, i) => priced.findIndex((q) => q.charge.id === p.charge.id) === i);
  return (
    <section class="move-card card-charge" aria-labelledby="charge-heading">
      <h2 id="charge-heading">Charge</h2>
      {unique.length === 0 && <p>No charge yet.</p>}
      {unique.map(({ leg, charge }) => (
        <ChargeTable key={charge.id} title={unique.length > 1 ? legName(doc, leg) : null} moveId={leg.move_id} charge={charge} canDispute={canDispute} onChanged={onChanged} />
      ))}
    </section>
  );
}

function ChargeTable(props: { title: string | null; moveId: number; charge: Charge; canDispute: boolean; onChanged(): Promise<void> }) {
  const { title, moveId, charge } = props;
  return (
    <div class="charge">
      {title && <h3>{title}</h3>}
      <table class="charge-lines">
        <caption class="visually-hidden">Charge lines{title ? ` of ${title}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          <ChargeLineRows lines={charge.details} />
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Due</th>
            <td class="num charge-due">{money(charge.due_amount)}</td>
          </tr>
        </tfoot>
      </table>
      <p class="charge-status">
        Status: <strong>{charge.status}</strong>
        {charge.disputed && (
          <>
            {' '}
            · <strong>Disputed</strong>
            {charge.dispute_reason && `: ${charge.dispute_reason}`}
          </>
        )}
      </p>
      {props.canDispute && !charge.disputed && <DisputeForm moveId={moveId} onChanged={props.onChanged} />}
    </div>
  );
}

function DisputeForm({ moveId, onChanged }: { moveId: number; onChanged(): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" class="secondary" onClick={() => setOpen(true)}>
        Dispute this charge
      </button>
    );
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget as HTMLFormElement).get('reason') ?? '');
    setBusy(true);
    const r = await apiCall(() => api.POST('/v1/moves/{id}/charge/dispute', { params: { path: { id: String(moveId) } }, body: { reason } }));
    if ('problem' in r) setProblem(r.problem);
    else {
      setOpen(false);
      await onChanged();
    }
    setBusy(false);
  };
  const id = `dispute-${moveId}`;
  const problems = fieldProblems(problem, 'reason');
  return (
    <form class="stack dispute" onSubmit={submit} aria-label="Dispute the charge">
      <ProblemMessage problem={problems.length ? null : problem} />
      <div class="field">
        <label for={id}>Why do you dispute it?</label>
        <textarea id={id} name="reason" rows={3} aria-invalid={problems.length > 0} aria-describedby={problems.length ? `${id}-problem` : undefined} />
        {problems.length > 0 && (
          <p id={`${id}-problem`} class="field-problem" role="alert">
            {problems.join(' ')}
          </p>
        )}
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send dispute'}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          Keep the charge
        </button>
      </div>
    </form>
  );
}
