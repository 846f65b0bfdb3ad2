// The review step: what the API computed for exactly this body — POST /v1/booking-previews (the
// ready-by and earliest-available times, each leg's drive) and POST /v1/quotes (the price, held
// under quote_id). Nothing here is computed by the page; it only formats the answers.
import type { operations } from '@handoff/client';
import { formatZoned } from '../zoned-time.ts';
import { money } from '../money.ts';

export type Preview = operations['previewBooking']['responses'][200]['content']['application/json'];
export type Quote = operations['createQuote']['responses'][201]['content']['application/json'];


const MOVE_NAMES: Record<string, string> = {
  loaner_move: 'Loaner',
  customer_move: 'Customer’s vehicle',
  move: 'Vehicle',
  move_one: 'First vehicle',
  move_two: 'Second vehicle',
};

export function Review({ preview, quote, hold }: { preview: Preview; quote: Quote; hold: { expiresAt: string } | null }) {
  const zone = preview.timezone;
  const charge = quote.charge as { due_amount?: number; details?: { name: string; amount: number }[] };
  const until = expiries(typeof charge.due_amount === 'number' ? formatZoned(quote.expires_at, zone, 'weekdayDateTime') : null, hold && formatZoned(hold.expiresAt, zone, 'weekdayDateTime'));
  return (
    <section class="review" aria-labelledby="review-title">
      <h2 id="review-title">Review before booking</h2>
      <dl class="review-times">
        {preview.appointment_time_utc && (
          <div>
            <dt>Appointment</dt>
            <dd>{formatZoned(preview.appointment_time_utc, zone, 'weekdayDateTime')}</dd>
          </div>
        )}
        <div>
          <dt>Ready by</dt>
          <dd>{formatZoned(preview.ready_by_time_utc, zone, 'weekdayDateTime')}</dd>
        </div>
        <div>
          <dt>Earliest available</dt>
          <dd>
            {formatZoned(preview.earliest_available_time, zone, 'weekdayDateTime')}
            {preview.message && <span class="sub">{preview.message}</span>}
          </dd>
        </div>
        <div>
          <dt>Price</dt>
          <dd>
            {typeof charge.due_amount === 'number' ? (
              <>
                {money(charge.due_amount)}
                <span class="sub">{(charge.details ?? []).map((l) => `${l.name} ${money(l.amount)}`).join(' · ')}</span>
              </>
            ) : (
              'No contract prices this booking'
            )}
          </dd>
        </div>
      </dl>
      <ol class="review-legs">
        {preview.moves.map((m) => (
          <li key={m.move}>
            <strong>{MOVE_NAMES[m.move] ?? m.move}</strong>: {m.pickup_location.full_address} → {m.delivery_location.full_address}
            <span class="sub">
              {m.distance_miles} mi, about {Math.round(m.duration_minutes)} min
            </span>
          </li>
        ))}
      </ol>
      {preview.warnings.length > 0 && (
        <ul class="review-warnings" aria-label="Warnings">
          {preview.warnings.map((w) => (
            <li key={`${w.field}:${w.message}`}>{w.message}</li>
          ))}
        </ul>
      )}
      {/* The quote's expiry only matters when it fixes a price; a hold matters either way. */}
      {until && <p class="hint">{until}</p>}
    </section>
  );
}

/** "This price holds until …; the appointment time is held until …." — each part only when it applies. */
function expiries(priceUntil: string | null, holdUntil: string | null | undefined): string | null {
  const parts = [priceUntil && `This price holds until ${priceUntil}`, holdUntil && `${priceUntil ? 'the' : 'The'} appointment time is held until ${holdUntil}`];
  const text = parts.filter(Boolean).join('; ');
  return text ? `${text}.` : null;
}
