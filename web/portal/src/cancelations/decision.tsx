// Deciding one pending cancelation (POST /v1/ops/moves/:id/cancel-decision): the outcomes the API
// takes, each with what it would charge (from GET /v1/ops/cancelations: the page computes no fee),
// the rule's own outcome chosen to start with; then a confirm step. A problem at `outcome` shows at
// the choices; any other (the rule decided first: 409) shows above them, announced.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { operations } from '@handoff/client';
import { api, apiCall, fieldProblems, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { money } from '../money.ts';

export type Pending = operations['listPendingCancelations']['responses'][200]['content']['application/json']['cancelations'][number];
export type Outcome = Pending['outcome_by_rule'];

export const OUTCOMES: readonly { value: Outcome; label: string; means: string }[] = [
  { value: 'canceled', label: 'Canceled', means: 'the booking ends; nobody set out' },
  { value: 'partial', label: 'Partial', means: 'the booking ends; the driver set out, so the trip fee applies' },
  { value: 'failed', label: 'Failed', means: 'the vehicle is picked up: the move continues' },
];



interface Props {
  pending: Pending;
  onDecided(moveId: number, outcome: Outcome): void;
  onClose(): void;
}

export function DecisionForm({ pending, onDecided, onClose }: Props) {
  const [outcome, setOutcome] = useState<Outcome>(pending.outcome_by_rule);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const chosenRadio = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const id = `decide-${pending.move_id}`;

  // The checked radio takes the focus: arrow keys then move the choice, Enter goes on to confirm.
  useEffect(() => chosenRadio.current?.focus(), []);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const decide = async () => {
    setBusy(true);
    const r = await apiCall(() => api.POST('/v1/ops/moves/{id}/cancel-decision', { params: { path: { id: String(pending.move_id) } }, body: { outcome } }));
    setBusy(false);
    if ('data' in r) onDecided(pending.move_id, outcome);
    else {
      setProblem(r.problem);
      setConfirming(false);
    }
  };

  const atOutcome = fieldProblems(problem, 'outcome');
  const chosen = OUTCOMES.find((o) => o.value === outcome)!;
  return (
    <form
      class="decision"
      aria-label={`Decide the cancelation of move ${pending.move_id}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (confirming) void decide();
        else setConfirming(true);
      }}
    >
      <ProblemMessage problem={atOutcome.length ? null : problem} />
      <fieldset aria-describedby={atOutcome.length ? `${id}-problem` : undefined} aria-invalid={atOutcome.length > 0}>
        <legend>Outcome for move #{pending.move_id}</legend>
        {OUTCOMES.map((o) => (
          <label class="choice" key={o.value}>
            <input ref={o.value === pending.outcome_by_rule ? chosenRadio : undefined} type="radio" name={`${id}-outcome`} value={o.value} checked={outcome === o.value} onChange={() => setOutcome(o.value)} />
            <span>
              <strong>{o.label}</strong> ({money(pending.fees[o.value])}): {o.means}
              {o.value === pending.outcome_by_rule && <span class="sub"> (the rule’s choice)</span>}
            </span>
          </label>
        ))}
        {atOutcome.length > 0 && (
          <p id={`${id}-problem`} class="field-problem" role="alert">
            {atOutcome.join(' ')}
          </p>
        )}
      </fieldset>
      {confirming ? (
        <div class="confirm-actions">
          <p class="confirm-question">
            Decide <strong>{chosen.label.toLowerCase()}</strong> for move #{pending.move_id}, charging {money(pending.fees[outcome])}? This cannot be undone.
          </p>
          <button type="submit" ref={confirmRef} disabled={busy}>
            {busy ? 'Deciding…' : `Yes, decide ${chosen.label.toLowerCase()}`}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Back
          </button>
        </div>
      ) : (
        <div class="confirm-actions">
          <button type="submit">Decide…</button>
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      )}
    </form>
  );
}
