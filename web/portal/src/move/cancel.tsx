// Canceling, in two steps: first the API's preview of what canceling now would do and cost
// (POST /v1/cancelation with dry_run: true changes nothing), then, only if the user confirms, the
// real request. The page shows the fee and its basis exactly as the API gave them.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { money } from '../money.ts';
import { ProblemMessage } from '../problem.tsx';

type Preview = { cancel_status_if_now: string; fee: number; basis: Record<string, unknown> };

const OUTCOME_WORDS: Record<string, string> = {
  canceled: 'The move would be canceled at no charge.',
  partial: 'The driver has set out: the move would be canceled with a trip fee.',
  failed: 'The vehicle is already picked up: the cancelation would be refused and the move would go on.',
};

export function CancelMove({ moveId, pair, onDone }: { moveId: number; pair: boolean; onDone(): Promise<void> }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  const ask = async (dryRun: boolean) => {
    setBusy(true);
    setProblem(null);
    const r = await apiCall(() => api.POST('/v1/cancelation', { body: { move_id: moveId, dry_run: dryRun } }));
    if ('problem' in r) setProblem(r.problem);
    else if ('fee' in r.data) setPreview(r.data as Preview);
    else {
      setPreview(null);
      setSent(true);
      // Busy until the move is read again: the page then shows the cancelation.
      await onDone();
    }
    setBusy(false);
  };

  return (
    <section class="move-card card-cancel" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel</h2>
      <ProblemMessage problem={problem} />
      <p role="status">{sent ? 'Cancelation requested.' : ''}</p>
      {!preview && !sent && (
        <>
          <p>{pair ? 'Canceling cancels both legs together.' : 'See what canceling now would cost before you decide.'}</p>
          <button type="button" class="secondary" disabled={busy} onClick={() => void ask(true)}>
            {busy ? 'Checking…' : 'Cancel this move…'}
          </button>
        </>
      )}
      {preview && (
        <div class="cancel-preview" role="region" aria-label="Cancelation preview">
          <p>{OUTCOME_WORDS[preview.cancel_status_if_now] ?? preview.cancel_status_if_now}</p>
          <p>
            Fee: <strong class="cancel-fee">{money(preview.fee)}</strong> <code>cancel_status_if_now: {preview.cancel_status_if_now}</code>
          </p>
          <details open>
            <summary>How the fee is worked out</summary>
            <dl class="facts basis">
              {Object.entries(preview.basis).map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{k.replace(/_/g, ' ')}</dt>
                  <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
                </Fragment>
              ))}
            </dl>
          </details>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => void ask(false)}>
              {busy ? 'Canceling…' : `Confirm cancelation${preview.fee ? ` (${money(preview.fee)})` : ''}`}
            </button>
            <button type="button" class="secondary" onClick={() => setPreview(null)}>
              Keep the move
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
