// What the public tracking page says (spec §8), as pure functions of stored rows and "now": the
// wording of the timeline, the ETA sentence, times in the customer's zone, and when a link expires.
// The page (tracking-page.ts) and GET /track/:token/status render exactly this object, so the first
// paint and every live update tell the same story. It is also the privacy boundary: only what is
// put here reaches the public — never the customer's name or phone, the VIN or stock number,
// reference numbers, instructions, the dealer contact, location names, or the driver's surname
// and position.
import { DateTime } from 'luxon';
import type { LocationRow, MoveRow, RooftopRow, ScenarioRow } from '../../db/schema.ts';
import { formatInstant } from '../../lib/instant.ts';
import { isCanceled, isFinished, STEPS, type Step } from '../moves/lifecycle/state-machine.ts';

export type TrackedStep = 'dispatched' | Step | 'canceled';

export interface StepView {
  step: TrackedStep;
  title: string;
  /** UTC ISO instant; null for a step not reached yet. */
  at: string | null;
  /** The same instant in the customer's zone, e.g. "10:42 AM" (with the day when not today). */
  at_local: string | null;
  reached: boolean;
  /** The latest reached step of the whole trip. */
  current: boolean;
}

export interface LegView {
  leg: number;
  title: string;
  /** "2011 Buick Enclave, white" — never the VIN or stock number; null when nothing is known. */
  vehicle: string | null;
  route: string;
  steps: StepView[];
}

export interface EtaView {
  minutes: number;
  arrives_at: string;
  /** "10:42 AM EDT" */
  arrives_at_local: string;
  /** "Arriving in about 12 min, around 10:42 AM EDT" */
  text: string;
  /** Where the driver is heading next, as the customer may see it. */
  destination: string;
  /** What the estimate starts from: the driver's last reported position, or the leg's pickup. */
  source: 'driver_position' | 'pickup_location';
}

export type TripState = 'assigned' | 'in_progress' | 'completed' | 'canceled';

export interface TrackingStatus {
  state: TripState;
  state_label: string;
  rooftop: { name: string };
  headline: string;
  driver: { first_name: string } | null;
  eta: EtaView | null;
  legs: LegView[];
  time_zone: { name: string; abbreviation: string };
  updated_at: string;
  updated_at_local: string;
}

// ── small pure pieces ────────────────────────────────────────────────────────────────────────────

/** The first word of a name: "Samuel L. Driver" → "Samuel". */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

type VehicleFields = Pick<MoveRow, 'vehicle_year' | 'vehicle_make' | 'vehicle_model' | 'vehicle_color'>;

/** "2011 Buick Enclave, white"; null when the booking said nothing about the vehicle (a loaner). */
export function vehicleLabel(m: VehicleFields): string | null {
  const name = [m.vehicle_year, m.vehicle_make, m.vehicle_model].filter((p) => p !== null && p !== '').join(' ');
  const color = m.vehicle_color?.trim() || null;
  if (!name) return color ? `${capitalize(color)} vehicle` : null;
  return color ? `${name}, ${color}` : name;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Which steps have an ETA, and to where: on the way to the pickup, or about to / driving to the delivery. */
export function etaTarget(status: string | null): 'pickup' | 'delivery' | null {
  switch (status) {
    case 'pickup started':
      return 'pickup';
    case 'pickup arrived':
    case 'pickup successful':
    case 'delivery started':
      return 'delivery';
    default:
      return null;
  }
}

/** "12 min", "1 h", "1 h 20 min". */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).setLocale('en-US');

/** The zone's abbreviation at that instant: "EDT", "EST", "MST". */
export function zoneAbbreviation(ms: number, zone: string): string {
  return local(ms, zone).toFormat('ZZZZ');
}

/** "10:42 AM" on the same local day as `now`, "Tue, Mar 24, 10:42 AM" otherwise. */
export function formatLocalTime(ms: number, zone: string, now: number): string {
  const t = local(ms, zone);
  return t.hasSame(local(now, zone), 'day') ? t.toFormat('h:mm a') : t.toFormat('ccc, LLL d, h:mm a');
}

/**
 * The ETA of a drive of `durationMinutes` starting now: whole minutes (at least 1 unless the drive
 * is under half a minute), and the local clock time of arrival.
 */
export function etaView(
  now: number,
  durationMinutes: number,
  zone: string,
  destination: string,
  source: EtaView['source'],
): EtaView {
  const minutes = Math.max(0, Math.round(durationMinutes));
  const arrives = Math.floor((now + minutes * 60_000) / 60_000) * 60_000;
  const clock = `${formatLocalTime(arrives, zone, now)} ${zoneAbbreviation(arrives, zone)}`;
  const text = minutes === 0 ? `Arriving any minute now, around ${clock}` : `Arriving in about ${formatDuration(minutes)}, around ${clock}`;
  return { minutes, arrives_at: formatInstant(arrives), arrives_at_local: clock, text, destination, source };
}

// ── expiry ───────────────────────────────────────────────────────────────────────────────────────

type EndFields = Pick<MoveRow, 'status' | 'cancel_status' | 'delivery_successful' | 'cancel_decided_at' | 'updated_at'>;

/** When the trip ended — every move delivered or canceled — or null while it goes on. */
export function tripEndedAt(moves: EndFields[]): number | null {
  if (!moves.length || !moves.every((m) => isFinished(m) || isCanceled(m))) return null;
  return Math.max(
    ...moves.map((m) => (isCanceled(m) ? (m.cancel_decided_at ?? m.updated_at) : (m.delivery_successful ?? m.updated_at))),
  );
}

/** A link stops working `expiryHours` after its trip ended. */
export function isExpired(moves: EndFields[], now: number, expiryHours: number): boolean {
  const ended = tripEndedAt(moves);
  return ended !== null && now >= ended + expiryHours * 3_600_000;
}

// ── places ───────────────────────────────────────────────────────────────────────────────────────

/** customer: the customer's own place; lot: the dealer's service lot; other: anywhere else. */
export type PlaceKind = 'customer' | 'lot' | 'other';

const sameStreet = (a: string, b: string) => a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * What each location of the scenario is to the customer. Concierge bookings say it outright (spec
 * §5.1, §5.2: the service lot and the customer's address); other bookings have no customer, and a
 * location is the service lot when it is the rooftop's own address.
 */
export function placeKinds(
  scenario: Pick<ScenarioRow, 'kind' | 'customer_action'>,
  moves: Pick<MoveRow, 'cardinality' | 'pickup_location_id' | 'delivery_location_id'>[],
  locations: Map<number, Pick<LocationRow, 'id' | 'address_one' | 'zip'>>,
  rooftop: Pick<RooftopRow, 'address_one' | 'zip'>,
): Map<number, PlaceKind> {
  const kinds = new Map<number, PlaceKind>();
  const leg0 = moves.find((m) => m.cardinality === 0);
  if (leg0 && scenario.kind === 'concierge-loaner') {
    // The driver always starts at the service lot; leg 0 takes a vehicle from it to the customer.
    kinds.set(leg0.pickup_location_id, 'lot');
    kinds.set(leg0.delivery_location_id, 'customer');
  } else if (leg0 && scenario.kind === 'concierge') {
    const [customer, lot] =
      scenario.customer_action === 'pickup'
        ? [leg0.pickup_location_id, leg0.delivery_location_id]
        : [leg0.delivery_location_id, leg0.pickup_location_id];
    kinds.set(customer, 'customer');
    kinds.set(lot, 'lot');
  }
  for (const m of moves) {
    for (const id of [m.pickup_location_id, m.delivery_location_id]) {
      if (kinds.has(id)) continue;
      const l = locations.get(id);
      kinds.set(id, l && l.zip === rooftop.zip && sameStreet(l.address_one, rooftop.address_one) ? 'lot' : 'other');
    }
  }
  return kinds;
}

// ── wording ──────────────────────────────────────────────────────────────────────────────────────

export interface Subject {
  /** "Loaner", "Your vehicle", "Buick Envision" — starts a sentence. */
  cap: string;
  /** "the loaner", "your vehicle", "the Buick Envision" — inside a sentence. */
  lower: string;
}

export function subjectOf(m: Pick<MoveRow, 'role' | 'vehicle_make' | 'vehicle_model'>): Subject {
  if (m.role === 'loaner_move') return { cap: 'Loaner', lower: 'the loaner' };
  if (m.role === 'customer_move') return { cap: 'Your vehicle', lower: 'your vehicle' };
  const name = [m.vehicle_make, m.vehicle_model].filter((p) => p !== null && p !== '').join(' ');
  return name ? { cap: name, lower: `the ${name}` } : { cap: 'Vehicle', lower: 'the vehicle' };
}

/** The heading of a leg's part of the timeline. */
export function legTitle(m: Pick<MoveRow, 'role' | 'cardinality'>, legCount: number): string {
  if (m.role === 'loaner_move') return 'Your loaner';
  if (m.role === 'customer_move') return 'Your vehicle';
  return legCount > 1 ? `Vehicle ${m.cardinality + 1}` : 'The vehicle';
}

export interface Place {
  kind: PlaceKind;
  /** How a sentence names it: "you", the rooftop's name, or the street. */
  phrase: string;
}

/** The title of a step of a leg, in the customer's words. */
export function stepTitle(step: Step, subject: Subject, from: Place, to: Place): string {
  switch (step) {
    case 'pickup_started':
      return from.kind === 'lot' ? `Driver heading to ${from.phrase} for ${subject.lower}` : `Driver on the way to pick up ${subject.lower}`;
    case 'pickup_arrived':
      return from.kind === 'customer'
        ? `Driver arrived to pick up ${subject.lower}`
        : from.kind === 'lot'
          ? `Driver arrived at ${from.phrase}`
          : 'Driver arrived at the pickup';
    case 'pickup_successful':
      return `${subject.cap} picked up`;
    case 'delivery_started':
      return `${subject.cap} on its way to ${to.phrase}`;
    case 'delivery_arrived':
      return to.kind === 'customer' ? `Driver arrived with ${subject.lower}` : `${subject.cap} arrived at ${to.phrase}`;
    case 'delivery_successful':
      return to.kind === 'other' ? `${subject.cap} delivered` : `${subject.cap} delivered to ${to.phrase}`;
  }
}

/** "From Denny's Automobiles to you". */
export function routeLabel(from: Place, to: Place): string {
  return `From ${from.phrase} to ${to.phrase}`;
}

const STATE_LABELS: Record<TripState, string> = {
  assigned: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  canceled: 'Canceled',
};

// ── the whole view ───────────────────────────────────────────────────────────────────────────────

export interface TrackingFacts {
  now: number;
  scenario: ScenarioRow;
  /** In cardinality order. */
  moves: MoveRow[];
  locations: Map<number, LocationRow>;
  rooftop: RooftopRow;
  driverName: string | null;
  /** When the driver was (last) assigned. */
  dispatchedAt: number | null;
  /** The drive estimate to the next stop, when there is one (see etaTarget). */
  eta: { durationMinutes: number; source: EtaView['source'] } | null;
}

/** The zone the customer reads times in: their own place's, else the rooftop's. */
export function customerZone(facts: Pick<TrackingFacts, 'locations' | 'rooftop'>, kinds: Map<number, PlaceKind>): string {
  for (const [id, kind] of kinds) {
    const zone = kind === 'customer' ? facts.locations.get(id)?.timezone : null;
    if (zone) return zone;
  }
  return facts.rooftop.timezone;
}

/** The move whose step comes next: the first that is neither delivered nor canceled. */
export function activeMove<M extends Pick<MoveRow, 'status' | 'cancel_status'>>(moves: M[]): M | undefined {
  return moves.find((m) => !isFinished(m) && !isCanceled(m));
}

/** Where the driver is heading next, when the trip is at a step that has an ETA (see etaTarget). */
export function nextStop<M extends Pick<MoveRow, 'status' | 'cancel_status' | 'pickup_location_id' | 'delivery_location_id'>>(
  moves: M[],
): { move: M; locationId: number } | null {
  const move = activeMove(moves);
  const target = move ? etaTarget(move.status) : null;
  if (!move || !target) return null;
  return { move, locationId: target === 'pickup' ? move.pickup_location_id : move.delivery_location_id };
}

export function buildTrackingStatus(f: TrackingFacts): TrackingStatus {
  const { now, rooftop } = f;
  const kinds = placeKinds(f.scenario, f.moves, f.locations, rooftop);
  const zone = customerZone(f, kinds);
  const hideLot = f.scenario.hide_service_location === 1;
  const place = (id: number): Place => {
    const kind = kinds.get(id) ?? 'other';
    if (kind === 'customer') return { kind, phrase: 'you' };
    if (kind === 'lot') return { kind, phrase: rooftop.name };
    return { kind, phrase: f.locations.get(id)?.address_one ?? 'the destination' };
  };
  /** The next stop as the customer may see it: their own address is theirs; the lot's may be hidden. */
  const destination = (id: number): string => {
    const kind = kinds.get(id) ?? 'other';
    const l = f.locations.get(id);
    if (kind === 'lot' && (hideLot || !l)) return rooftop.name;
    if (!l) return 'the destination';
    const street = [l.address_one, l.address_two].filter(Boolean).join(', ');
    return kind === 'lot' ? `${rooftop.name}, ${street}, ${l.city}` : `${street}, ${l.city}`;
  };
  const at = (ms: number | null) => ({
    at: ms === null ? null : formatInstant(ms),
    at_local: ms === null ? null : formatLocalTime(ms, zone, now),
  });

  const canceled = f.moves.length > 0 && f.moves.every(isCanceled);
  const completed = !canceled && f.moves.length > 0 && f.moves.every((m) => isFinished(m) || isCanceled(m));
  const cancelAt = canceled ? Math.max(...f.moves.map((m) => m.cancel_decided_at ?? m.updated_at)) : null;

  const allLegs: LegView[] = f.moves.map((m) => {
    const from = place(m.pickup_location_id);
    const to = place(m.delivery_location_id);
    const subject = subjectOf(m);
    const steps: StepView[] = [];
    if (m.cardinality === 0) {
      steps.push({ step: 'dispatched', title: 'Driver assigned', ...at(f.dispatchedAt), reached: true, current: false });
    }
    for (const step of STEPS) {
      const when = m[step];
      // After a cancelation only what happened is shown; nothing is "upcoming" any more.
      if (when === null && canceled) continue;
      steps.push({ step, title: stepTitle(step, subject, from, to), ...at(when), reached: when !== null, current: false });
    }
    return { leg: m.cardinality, title: legTitle(m, f.moves.length), vehicle: vehicleLabel(m), route: routeLabel(from, to), steps };
  });
  if (canceled && allLegs.length) {
    // The leg the trip stopped on: the first not delivered (leg 0 when nothing was).
    const stoppedOn = f.moves.findIndex((m) => !isFinished(m));
    allLegs[stoppedOn === -1 ? allLegs.length - 1 : stoppedOn]!.steps.push({
      step: 'canceled',
      title: 'Trip canceled',
      ...at(cancelAt),
      reached: true,
      current: false,
    });
  }

  // A canceled trip shows only the legs something happened on.
  const legs = allLegs.filter((l) => l.steps.length > 0);

  // The current step: the latest reached one (ties go to the later leg and step).
  let current: StepView | undefined;
  let currentMs = -Infinity;
  for (const leg of legs) {
    for (const s of leg.steps) {
      if (!s.reached) continue;
      const ms = s.at === null ? -Infinity : Date.parse(s.at);
      if (current === undefined || ms >= currentMs) {
        current = s;
        currentMs = ms;
      }
    }
  }
  if (current) current.current = true;

  const state: TripState = canceled
    ? 'canceled'
    : completed
      ? 'completed'
      : f.moves.some((m) => m.pickup_started !== null)
        ? 'in_progress'
        : 'assigned';
  const headline =
    state === 'canceled'
      ? 'This trip was canceled'
      : state === 'assigned'
        ? 'Your driver has been assigned'
        : (current?.title ?? 'Your driver has been assigned');

  const stop = nextStop(f.moves);
  const eta = stop && f.eta ? etaView(now, f.eta.durationMinutes, zone, destination(stop.locationId), f.eta.source) : null;

  return {
    state,
    state_label: STATE_LABELS[state],
    rooftop: { name: rooftop.name },
    headline,
    driver: f.driverName ? { first_name: firstName(f.driverName) } : null,
    eta,
    legs,
    time_zone: { name: zone, abbreviation: zoneAbbreviation(now, zone) },
    updated_at: formatInstant(now),
    updated_at_local: `${formatLocalTime(now, zone, now)} ${zoneAbbreviation(now, zone)}`,
  };
}
