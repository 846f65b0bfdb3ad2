// Reschedule a scenario (POST /v1/ops/moves/:id/reschedule, scheduling §11.5): a new time — the
// appointment for the concierge kinds, the ready-by otherwise — and why; the API books it again and
// says what is wrong at each field.
import { useState } from 'preact/hooks';
import { fieldProblems, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { zonedToUtc, zoneName } from '../zoned-time.ts';
import { BoardDialog } from './board-dialog.tsx';
import { type Card, rescheduleField, rescheduleMove } from './board-data.ts';

interface Props {
  card: Card;
  onClose: () => void;
  onRescheduled: (message: string) => void;
}

export function RescheduleDialog({ card, onClose, onRescheduled }: Props) {
  const moveId = card.move_ids[0]!;
  const field = rescheduleField(card);
  const zone = card.rooftop.timezone;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const local = String(form.get('when') ?? '');
    // The input is the rooftop's clock, as the card shows its times; the API takes an instant. Empty
    // (or unreadable) is sent as typed, so the API names the field.
    const when = local ? (zonedToUtc(local, zone) ?? local) : '';
    setBusy(true);
    const r = await rescheduleMove(moveId, { [field]: when, reason: String(form.get('reason') ?? ''), force: form.get('force') === 'on' });
    setBusy(false);
    if ('data' in r) onRescheduled(`${card.customer_name ?? `Move #${moveId}`} rescheduled as move #${r.data.new_move_id}.`);
    else setProblem(r.problem);
  };

  const errors = problem?.errors ?? [];
  // A problem of no one field ("send exactly one of …") is about the time: it is shown there.
  const whenProblems = [...fieldProblems(problem, field), ...errors.filter((e) => !e.field).map((e) => e.message)];
  const reasonProblems = fieldProblems(problem, 'reason');
  const atFields = errors.length > 0 && errors.every((e) => !e.field || e.field === field || e.field === 'reason');
  return (
    <BoardDialog title={`Reschedule ${card.customer_name ?? `move #${moveId}`}`} onClose={onClose}>
      <ProblemMessage problem={atFields ? null : problem} />
      <form class="stack" onSubmit={submit} noValidate>
        <TimeField label={field === 'appointment_time_utc' ? 'New appointment' : 'New ready-by time'} zone={zone} problems={whenProblems} />
        <div class="field">
          <label for="reschedule-reason">Reason</label>
          <input id="reschedule-reason" name="reason" type="text" aria-invalid={reasonProblems.length > 0} aria-describedby={reasonProblems.length ? 'reschedule-reason-problem' : undefined} />
          {reasonProblems.length > 0 && (
            <p id="reschedule-reason-problem" class="field-problem" role="alert">
              {reasonProblems.join(' ')}
            </p>
          )}
        </div>
        <div class="check">
          <input id="reschedule-force" name="force" type="checkbox" />
          <label for="reschedule-force">Book it even if no driver's shift fits</label>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Rescheduling…' : 'Reschedule'}
        </button>
      </form>
    </BoardDialog>
  );
}

function TimeField({ label, zone, problems }: { label: string; zone: string; problems: string[] }) {
  return (
    <div class="field">
      <label for="reschedule-when">{label}</label>
      <input
        id="reschedule-when"
        name="when"
        type="datetime-local"
        aria-invalid={problems.length > 0}
        aria-describedby={problems.length ? 'reschedule-when-problem reschedule-when-hint' : 'reschedule-when-hint'}
      />
      <p id="reschedule-when-hint" class="hint">
        In the rooftop's time ({zoneName(zone)}).
      </p>
      {problems.length > 0 && (
        <p id="reschedule-when-problem" class="field-problem" role="alert">
          {problems.join(' ')}
        </p>
      )}
    </div>
  );
}
