// Assign (or re-dispatch) a scenario from the suggestion list: the drivers the API ranks for its
// trip, with why each fits, and the others with why they cannot. Picking one dispatches.
import { useEffect, useState } from 'preact/hooks';
import type { Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { BoardDialog } from './board-dialog.tsx';
import { type Card, dispatchMove, fetchSuggestions, type Suggestions } from './board-data.ts';

const SOURCES: Record<string, string> = {
  previous_trip: 'from their previous trip',
  last_location: 'from their last position',
  service_lot: 'from the service lot',
};

interface Props {
  card: Card;
  onClose: () => void;
  onDispatched: (message: string) => void;
}

export function AssignDialog({ card, onClose, onDispatched }: Props) {
  const moveId = card.move_ids[0]!;
  const [list, setList] = useState<Suggestions | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void fetchSuggestions(moveId).then((r) => ('data' in r ? setList(r.data) : setProblem(r.problem)));
  }, [moveId]);

  const pick = async (driverId: number, name: string) => {
    setBusy(true);
    const r = await dispatchMove(moveId, driverId);
    setBusy(false);
    if ('data' in r) onDispatched(`${card.customer_name ?? `Move #${moveId}`} dispatched to ${name}.`);
    else setProblem(r.problem);
  };

  const title = `${card.driver ? 'Re-dispatch' : 'Assign'} ${card.customer_name ?? `move #${moveId}`}`;
  return (
    <BoardDialog title={title} onClose={onClose}>
      {card.driver && <p>Now with {card.driver.name}.</p>}
      <ProblemMessage problem={problem} />
      {!list && !problem && <p role="status">Finding drivers…</p>}
      {list && (
        <>
          <h3 class="dialog-sub">Suggested drivers</h3>
          {list.suggestions.length === 0 && <p>No driver fits this trip.</p>}
          <ol class="suggestions">
            {list.suggestions.map((s) => (
              <li key={s.driver_id}>
                <button type="button" disabled={busy || s.driver_id === card.driver?.id} onClick={() => pick(s.driver_id, s.name)}>
                  {s.name}
                </button>
                <span class="suggestion-why">
                  {s.distance_miles.toFixed(1)} mi {SOURCES[s.position_source] ?? ''}
                  {s.driver_id === card.driver?.id ? ' · assigned now' : ''}
                </span>
              </li>
            ))}
          </ol>
          {list.excluded.length > 0 && (
            <details class="excluded">
              <summary>Cannot take it ({list.excluded.length})</summary>
              <ul>
                {list.excluded.map((x) => (
                  <li key={x.driver_id}>
                    <strong>{x.name}</strong>: {x.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </BoardDialog>
  );
}
