// One scenario on the board: who, what, when, its driver and why it needs attention (the API's
// reasons, shown as given). A card that can take a driver drags onto the driver list; its "Assign…"
// / "Re-dispatch…" button is the keyboard way to the same thing.
import { formatZoned } from '../zoned-time.ts';
import { type Card, KIND_LABELS } from './board-data.ts';

const REASON_LABELS: Record<string, string> = { late: 'Late', no_position: 'No position', driver_inactive: 'Driver inactive' };

export const statusText = (status: string) => (status === 'booked' ? 'Booked' : status.charAt(0).toUpperCase() + status.slice(1));

interface Props {
  card: Card;
  onAssign: (card: Card) => void;
  onReschedule: (card: Card) => void;
}

export function BoardCard({ card, onAssign, onReschedule }: Props) {
  const moveId = card.move_ids[0]!;
  const titleId = `card-${card.scenario_id}-title`;
  // Dispatch before a driver sets out (the API refuses otherwise, and the page shows why).
  const assignable = card.phase === 'unassigned' || card.phase === 'dispatched';
  return (
    <li
      class={`board-card${card.attention.length ? ' needs-attention' : ''}`}
      data-scenario={card.scenario_id}
      draggable={assignable}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', String(moveId));
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      }}
      aria-labelledby={titleId}
    >
      <h3 id={titleId} class="card-title">
        <a href={`/portal/moves/${moveId}`}>{card.customer_name ?? `Move #${moveId}`}</a>
      </h3>
      <p class="card-kind">
        {KIND_LABELS[card.kind] ?? card.kind} · {card.move_ids.map((id) => `#${id}`).join(', ')}
      </p>
      <dl class="card-facts">
        {card.ro && <Fact label="RO" value={card.ro} />}
        <Fact label="Rooftop" value={card.rooftop.name} />
        <Fact label="Ready by" value={formatZoned(card.ready_by_time_utc, card.rooftop.timezone, 'time')} />
        {card.appointment_time_utc && <Fact label="Appt." value={formatZoned(card.appointment_time_utc, card.rooftop.timezone, 'time')} />}
        <Fact label="Driver" value={card.driver?.name ?? 'None'} />
        <Fact label="Status" value={statusText(card.status)} />
      </dl>
      {card.attention.length > 0 && (
        <ul class="card-reasons" aria-label="Needs attention">
          {card.attention.map((r) => (
            <li key={r.code}>
              <strong>{REASON_LABELS[r.code] ?? r.code}:</strong> {r.message}
            </li>
          ))}
        </ul>
      )}
      {card.phase !== 'done' && (
        <div class="card-actions">
          {assignable && (
            <button type="button" aria-describedby={titleId} onClick={() => onAssign(card)}>
              {card.driver ? 'Re-dispatch…' : 'Assign…'}
            </button>
          )}
          <button type="button" class="secondary" aria-describedby={titleId} onClick={() => onReschedule(card)}>
            Reschedule…
          </button>
        </div>
      )}
    </li>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>{' '}
      <dd>{value}</dd>
    </div>
  );
}
