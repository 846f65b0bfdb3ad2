// Finding an appointment time (spec §11.3): the open times of a day for this trip (GET
// /v1/appointments/availability, the customer's address as the consumer's end), then holding the
// one chosen (POST /v1/appointments/holds) so nobody else takes it; the booking names hold_id.
import { useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import type { operations } from '@handoff/client';
import { formatZoned, zonedToday } from '../zoned-time.ts';

type Availability = operations['getAvailability']['responses'][200]['content']['application/json'];
type Action = operations['getAvailability']['parameters']['query']['consumer_action'];

export interface Trip {
  rooftop: number;
  action: Action;
  /** The customer's address, one line; '' when not filled in yet. */
  consumer: string;
  /** Where the consumer's address goes in the query. */
  consumerEnd: 'pickup_address' | 'delivery_address';
  timeZone: string;
}

export interface Held {
  holdId: string;
  start: string;
  expiresAt: string;
}

export function AvailabilityPicker({ trip, onHeld }: { trip: Trip; onHeld(h: Held): void }) {
  const [date, setDate] = useState(zonedToday(trip.timeZone));
  const [day, setDay] = useState<Availability | null>(null);
  const [chosen, setChosen] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const query = { customer_id: trip.rooftop, consumer_action: trip.action, [trip.consumerEnd]: trip.consumer };

  const look = async () => {
    setBusy(true);
    setProblem(null);
    // apiCall: a network failure is a problem shown too, never a button left busy for good.
    const r = await apiCall(() => api.GET('/v1/appointments/availability', { params: { query: { ...query, date } } }));
    setBusy(false);
    setDay('data' in r ? r.data : null);
    setChosen('');
    if ('problem' in r) setProblem(r.problem);
  };
  const hold = async () => {
    setBusy(true);
    setProblem(null);
    const r = await apiCall(() => api.POST('/v1/appointments/holds', { body: { ...query, start: chosen } as never }));
    setBusy(false);
    if ('data' in r) onHeld({ holdId: r.data.hold_id, start: chosen, expiresAt: r.data.expires_at });
    else setProblem(r.problem);
  };

  return (
    <div class="availability">
      <div class="availability-ask">
        <div class="field">
          <label for="book-availability-date">Day</label>
          <input id="book-availability-date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </div>
        <button type="button" class="secondary" onClick={look} disabled={busy || !trip.consumer}>
          Show open times
        </button>
      </div>
      {!trip.consumer && <p class="hint">Fill in the customer’s address first: the open times depend on it.</p>}
      <ProblemMessage problem={problem} />
      {day && (
        <fieldset class="slots">
          <legend>
            Open times ({day.slots.length}); {day.unavailable.length} taken or closed
          </legend>
          {day.slots.length === 0 && <p>No open time that day. Try another day.</p>}
          {day.slots.map((s) => (
            <label key={s.start} class="slot">
              <input type="radio" name="book-slot" value={s.start} checked={chosen === s.start} onChange={() => setChosen(s.start)} />
              {formatZoned(s.start, day.timezone, 'weekdayDateTime')}
            </label>
          ))}
          {day.slots.length > 0 && (
            <button type="button" onClick={hold} disabled={busy || !chosen}>
              Hold this time
            </button>
          )}
        </fieldset>
      )}
    </div>
  );
}
