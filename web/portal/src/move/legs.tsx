// Each leg of the move as the advisor reads it: where from and to, its status (in words and as the
// API says it), the vehicle and the driver. A pair shows both legs in driving order.
import { Fragment } from 'preact';
import { formatZoned } from '../zoned-time.ts';
import { type Leg, legName, type MoveDocument, type Place, statusOf, vehicleName } from './move-data.ts';

const STEP_TIMES = [
  ['pickup_started', 'Set out'],
  ['pickup_arrived', 'Arrived at pickup'],
  ['pickup_successful', 'Picked up'],
  ['delivery_started', 'Left for delivery'],
  ['delivery_arrived', 'Arrived at delivery'],
  ['delivery_successful', 'Delivered'],
] as const;

export function Legs({ doc, legs, zone }: { doc: MoveDocument; legs: Leg[]; zone: string | null }) {
  return (
    <div class="move-legs">
      {legs.map((leg) => (
        <LegCard key={leg.move_id} doc={doc} leg={leg} zone={zone} />
      ))}
    </div>
  );
}

function LegCard({ doc, leg, zone }: { doc: MoveDocument; leg: Leg; zone: string | null }) {
  const status = statusOf(leg);
  const headingId = `leg-${leg.move_id}`;
  const steps = STEP_TIMES.filter(([key]) => leg[key]);
  return (
    <section class="move-card leg" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {legName(doc, leg)} <span class="sub">#{leg.move_id}</span>
      </h2>
      <p class="leg-status" data-move-id={leg.move_id}>
        <span class={`status status-${(leg.cancel_status ?? leg.status ?? 'booked').replace(/\s+/g, '-')}`}>{status.words}</span>{' '}
        <code class="api-status">{status.api}</code>
      </p>
      <dl class="facts">
        <dt>From</dt>
        <dd>{placeText(leg.pickup_location)}</dd>
        <dt>To</dt>
        <dd>{placeText(leg.delivery_location)}</dd>
        <dt>Vehicle</dt>
        <dd>
          {vehicleName(leg.vehicle)}
          {leg.vehicle.manual && ' · manual'}
          <span class="sub">
            {[leg.vehicle.stock && `Stock ${leg.vehicle.stock}`, leg.vehicle.vin && `VIN ${leg.vehicle.vin}`].filter(Boolean).join(' · ') || 'No stock number or VIN'}
          </span>
        </dd>
        <dt>Reference</dt>
        <dd>{[...new Set([leg.reference_id, leg.reference_num].filter(Boolean))].join(' · ') || '—'}</dd>
        <dt>Driver</dt>
        <dd class="leg-driver">{leg.driver_name ?? 'Not assigned yet'}</dd>
        {leg.distance_miles !== null && (
          <>
            <dt>Drive</dt>
            <dd>
              {leg.distance_miles} mi{leg.duration_minutes !== null && `, about ${leg.duration_minutes} min`}
            </dd>
          </>
        )}
        {steps.map(([key, words]) => (
          <Fragment key={key}>
            <dt>{words}</dt>
            <dd>{formatZoned(leg[key], zone)}</dd>
          </Fragment>
        ))}
        {leg.special_instructions && (
          <>
            <dt>Instructions</dt>
            <dd>{leg.special_instructions}</dd>
          </>
        )}
      </dl>
      {leg.tracking_link && (
        <p>
          <a href={leg.tracking_link}>Customer tracking page (live ETA)</a>
        </p>
      )}
    </section>
  );
}

const placeText = (p: Place) => (
  <>
    {p.name !== p.address_one && <span class="place-name">{p.name}</span>}
    <span class="sub-block">{p.full_address}</span>
  </>
);
