// /portal/moves/:id, a move's page (where the move documents' move_details_url points): its legs,
// status, vehicle and driver, the map of the route with the driver's last position, the timeline,
// the inspection photos, the dealer's own inspection steps, the charge, and editing and canceling. It stays live without a reload
// (use-live-move.ts polls); a status change is announced politely to screen readers.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { RouteMap, type MapLeg, type MapPoint, type MapStop } from '../map/route-map.tsx';
import { CancelMove } from '../move/cancel.tsx';
import { Charges } from '../move/charge.tsx';
import { EditMove } from '../move/edit.tsx';
import { Legs } from '../move/legs.tsx';
import { customerOf, isCancelable, isEditable, lastPosition, type Leg, legsOf, statusOf, type MoveDocument, type TimelineItem } from '../move/move-data.ts';
import { Inspections } from '../move/photos.tsx';
import { Timeline } from '../move/timeline.tsx';
import { useLiveMove } from '../move/use-live-move.ts';
import { WorkflowSteps } from '../move/workflow-steps.tsx';
import { useUser } from '../session.tsx';
import { useTitle } from '../title.ts';
import { formatZoned } from '../zoned-time.ts';
import '../move/move.css';

export default function MovePage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  useTitle(`Move #${id}`);
  const user = useUser();
  const live = useLiveMove(id);
  const [editing, setEditing] = useState<number | null>(null);
  const { doc, zone } = live;

  if (!doc) {
    return (
      <>
        <h1>Move #{id}</h1>
        {live.problem ? (
          <p class="problem" role="alert">
            {live.problem.code === 'move_invalid' || live.problem.code === 'not_found' ? 'There is no such move, or it is not one of yours.' : live.problem.message}
          </p>
        ) : (
          <p role="status">Loading the move…</p>
        )}
        <p>
          <a href="/portal/moves">Back to the moves</a>
        </p>
      </>
    );
  }

  const legs = legsOf(doc);
  const editLeg = legs.find((l) => l.move_id === editing && isEditable(l));
  const status = legs.length ? statusOf(current(legs)) : null;
  return (
    <>
      <div class="page-head move-head">
        <h1>Move #{id}</h1>
        {status && (
          <p class="move-summary">
            <span class="status">{status.words}</span>
          </p>
        )}
      </div>
      <p class="visually-hidden" aria-live="polite" role="status">
        {live.announcement}
      </p>
      {live.problem && (
        <p class="problem" role="alert">
          The page could not refresh: {live.problem.message}
        </p>
      )}
      <ScenarioTimes doc={doc} zone={zone} />
      {/* One column on a phone, in this order: where the move stands and where the driver is first. */}
      <div class="move-grid">
        <div class="move-col">
          <Legs doc={doc} legs={legs} zone={zone} />
          <WorkflowSteps doc={doc} legs={legs} onSaved={live.refresh} />
          <section class="move-card card-map" aria-labelledby="map-heading">
            <h2 id="map-heading">Route</h2>
            <MoveMap id={id} legs={legs} timeline={live.timeline} zone={zone} />
          </section>
          <div class="move-actions">
            {legs.filter(isEditable).map((l) => (
              <button key={l.move_id} type="button" class="secondary" aria-expanded={editing === l.move_id} onClick={() => setEditing(editing === l.move_id ? null : l.move_id)}>
                Edit move #{l.move_id}
              </button>
            ))}
          </div>
          {editLeg && <EditMove key={editLeg.move_id} doc={doc} leg={editLeg} zone={zone} onSaved={live.refresh} onClose={() => setEditing(null)} />}
        </div>
        <div class="move-col">
          <Timeline items={live.timeline} zone={zone} />
          <Charges doc={doc} legs={legs} canDispute={user.role === 'dealer'} onChanged={live.refresh} />
          {legs.some(isCancelable) && <CancelMove moveId={Number(id)} pair={legs.length > 1} onDone={live.refresh} />}
          <Inspections doc={doc} legs={legs} />
        </div>
      </div>
    </>
  );
}

/** The booking's times and customer, in the rooftop's zone (which it names). */
function ScenarioTimes({ doc, zone }: { doc: MoveDocument; zone: string | null }) {
  const customer = customerOf(doc);
  return (
    <dl class="facts move-times">
        <dt>Ready by</dt>
        <dd>{formatZoned(doc.ready_by_time_utc, zone)}</dd>
        {customer.appointment && (
          <>
            <dt>Appointment</dt>
            <dd>{formatZoned(customer.appointment, zone)}</dd>
          </>
        )}
        {customer.name && (
          <>
            <dt>Customer</dt>
            <dd>{customer.name}</dd>
          </>
        )}
        <dt>Times shown in</dt>
        <dd>{zone ?? 'your time zone'}</dd>
    </dl>
  );
}

/** The leg under way (the first not delivered), else the last: what the page's summary speaks of. */
const current = (legs: Leg[]) => legs.find((l) => l.status !== 'delivery successful' && !l.cancel_status) ?? legs[legs.length - 1]!;

function MoveMap({ id, legs, timeline, zone }: { id: string; legs: Leg[]; timeline: TimelineItem[]; zone: string | null }) {
  const stops = new Map<number, MapStop>();
  const lines: MapLeg[] = [];
  for (const leg of legs) {
    const from = { lat: leg.pickup_location.lat, lon: leg.pickup_location.lon, label: `Pickup: ${leg.pickup_location.full_address}` };
    const to = { lat: leg.delivery_location.lat, lon: leg.delivery_location.lon, label: `Delivery: ${leg.delivery_location.full_address}` };
    if (!stops.has(leg.pickup_location.location_id)) stops.set(leg.pickup_location.location_id, { ...from, kind: 'pickup' });
    if (!stops.has(leg.delivery_location.location_id)) stops.set(leg.delivery_location.location_id, { ...to, kind: 'delivery' });
    lines.push({ from, to, label: `Move #${leg.move_id}` });
  }
  // The driver is shown while the move is under way: where they last reported, with when.
  const underWay = legs.some((l) => l.status && l.status !== 'delivery successful' && !l.cancel_status);
  const at = underWay ? lastPosition(timeline) : null;
  const driverName = legs.find((l) => l.driver_name)?.driver_name ?? 'Driver';
  const drivers: MapPoint[] = at ? [{ lat: at.lat, lon: at.lon, label: `${driverName}, last reported ${formatZoned(at.at, zone, 'time')}` }] : [];
  return (
    <>
      <RouteMap label={`Map of move #${id}'s route`} stops={[...stops.values()]} legs={lines} drivers={drivers} />
      <p class="hint map-legend">
        Open circles are pickups, filled circles deliveries
        {drivers.length ? `; the orange dot is ${driverName}'s last reported position.` : '.'}
      </p>
    </>
  );
}
