// The form of one booking: its sections as fieldsets, the rooftop when the user has several, and —
// for an appointment (spec §11.3) — finding and holding an open time. Submitting asks for a review.
import type { Values } from './body.ts';
import { AvailabilityPicker, type Held, type Trip } from './availability.tsx';
import { AddressGroup, BookField, type KnownPlace } from './form-fields.tsx';
import type { BookKind } from './kinds.ts';
import { formatZoned, zoneName } from '../zoned-time.ts';

interface Props {
  kind: BookKind;
  values: Values;
  problems: Map<string, string[]>;
  known: KnownPlace[];
  busy: boolean;
  rooftops: { id: number; name: string }[];
  rooftop: { id: number; name: string; timezone: string } | null;
  held: Held | null;
  onChange(changes: Values): void;
  onSubmit(): void;
  onRooftop(id: number): void;
  onHeld(h: Held): void;
}

/** The customer's address in one line, for availability; '' until street and ZIP are there. */
function consumerLine(values: Values): string {
  const part = (p: string) => (values[`customer_address.${p}`] ?? '').trim();
  if (!part('address_one') || !part('zip')) return '';
  return `${part('address_one')}, ${part('city')}, ${part('state')} ${part('zip')}`;
}

function tripOf(kind: BookKind, values: Values, rooftop: Props['rooftop']): Trip | null {
  if (!kind.appointment || !rooftop) return null;
  const ret = values.customer_action === 'return';
  const base = kind.type === 'concierge-loaner' ? 'concierge-loaner' : 'concierge';
  return {
    rooftop: rooftop.id,
    action: `${base}-${ret ? 'ret' : 'pu'}`,
    consumer: consumerLine(values),
    consumerEnd: ret ? 'delivery_address' : 'pickup_address',
    timeZone: rooftop.timezone,
  };
}

export function BookingForm(props: Props) {
  const { kind, values, problems, known, rooftop } = props;
  const bound = { values, problems, onChange: props.onChange };
  const zone = rooftop ? `${rooftop.name}’s local time (${zoneName(rooftop.timezone)})` : undefined;
  const trip = tripOf(kind, values, rooftop);
  return (
    <form
      class="book-form"
      noValidate
      aria-label={`Book: ${kind.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {props.rooftops.length > 1 && (
        <div class="field">
          <label for="book-rooftop">Rooftop</label>
          <select id="book-rooftop" value={String(rooftop?.id ?? '')} onChange={(e) => props.onRooftop(Number(e.currentTarget.value))}>
            {props.rooftops.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {kind.sections.map((s) => (
        <fieldset key={s.id} class={`book-section section-${s.id}`}>
          <legend>{s.title}</legend>
          {s.address ? (
            <AddressGroup def={s.address} bound={bound} known={known} />
          ) : (
            <div class="book-grid">
              {(s.fields ?? []).map((f) => (
                <BookField key={f.key} def={f} bound={bound} timeZoneHint={zone} />
              ))}
            </div>
          )}
          {s.id === 'time' && trip && (
            <details class="find-time">
              <summary>Find an open time</summary>
              <AvailabilityPicker trip={trip} onHeld={props.onHeld} />
            </details>
          )}
          {s.id === 'time' && props.held && rooftop && (
            <p class="held" role="status">
              {formatZoned(props.held.start, rooftop.timezone, 'weekdayDateTime')} is held for you until {formatZoned(props.held.expiresAt, rooftop.timezone, 'weekdayDateTime')}.
            </p>
          )}
        </fieldset>
      ))}
      <div class="book-actions">
        <button type="submit" disabled={props.busy}>
          {props.busy ? 'Checking…' : 'Review booking'}
        </button>
      </div>
    </form>
  );
}
