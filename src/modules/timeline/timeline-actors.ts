// Who did each thing on a timeline. The event log itself records no actor, so each one is read from
// what the tables do record — the booking's client (scenarios.client_id), the driver of a step
// (move_steps.driver_id), who uploaded a photo (photos.uploaded_by_driver_id), who decided a cancelation (moves.cancel_decided_by), who touched a charge
// (the `by` / `at_ms` marks in charges.adjustments) — or from the only role that can cause it (a
// dispatch is the ops desk's). Where several roles could have and nothing says which, the actor is
// `unknown` rather than a guess. Pure.

export const ACTOR_KINDS = ['client', 'user', 'driver', 'customer', 'ops', 'system', 'unknown'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface Actor {
  kind: ActorKind;
  /** The API client's client_id, the portal user's or the driver's id; null when not recorded. */
  id: string | null;
  name: string | null;
}

export const SYSTEM: Actor = { kind: 'system', id: null, name: null };
export const UNKNOWN: Actor = { kind: 'unknown', id: null, name: null };
export const OPS_DESK: Actor = { kind: 'ops', id: null, name: null };
export const CUSTOMER: Actor = { kind: 'customer', id: null, name: null };

/** Portal sessions act as client `user:<id>` (the portal's contract); the sandbox's walks as `sandbox`. */
export function clientActor(clientId: string): Actor {
  if (clientId === 'sandbox') return SYSTEM;
  if (clientId.startsWith('user:')) return { kind: 'user', id: clientId.slice('user:'.length), name: null };
  return { kind: 'client', id: clientId, name: null };
}

export function driverActor(driver: { id: number | null; name: string | null } | null): Actor {
  return driver?.id === null || driver?.id === undefined ? UNKNOWN : { kind: 'driver', id: String(driver.id), name: driver.name };
}

/**
 * Who uploaded a photo or signature: photos.uploaded_by_driver_id. Only the driver endpoints upload,
 * so a row from before that column (null) is still a driver's, only not which one.
 */
export function uploaderActor(driverId: number | string | null, name: string | null): Actor {
  return driverId === null ? { kind: 'driver', id: null, name: null } : { kind: 'driver', id: String(driverId), name };
}

/** moves.cancel_decided_by: 'rule' (automatic), 'ops' (the desk's override) or a client id (a reschedule). */
export function deciderActor(by: string | null): Actor {
  if (by === null) return UNKNOWN;
  if (by === 'rule') return SYSTEM;
  if (by === 'ops') return OPS_DESK;
  return clientActor(by);
}

/** What an event's actor is read from, for one event. */
export interface EventActorFacts {
  bookedBy: string;
  /** The driver who recorded the step this event reports (joined on move, step and instant). */
  stepDriver: { id: number | null; name: string | null } | null;
  cancelDecidedBy: string | null;
  /** The `by` of a charge mark made at the event's instant on its move, if any. */
  chargeMarkBy: string | null;
}

const STEP_EVENT = /^move\.(pickup|delivery)\.(started|arrived|successful)$/;

export function eventActor(type: string, f: EventActorFacts): Actor {
  if (STEP_EVENT.test(type)) return driverActor(f.stepDriver);
  switch (type) {
    case 'move.created':
      return clientActor(f.bookedBy);
    case 'move.dispatched':
      return OPS_DESK;
    case 'move.cancel.succeeded':
    case 'move.cancel.partial':
    case 'move.cancel.failed':
    case 'move.rescheduled':
      return deciderActor(f.cancelDecidedBy);
    case 'charge.updated':
    case 'charge.disputed':
      // Repricing and the settlement sweep leave no mark: those are Handoff's own.
      return f.chargeMarkBy === null ? SYSTEM : clientActor(f.chargeMarkBy);
    case 'photo.status.changed':
    case 'move.damage.detected':
    case 'move.bol.ready':
      return SYSTEM;
    default:
      // move.updated and move.cancel.pending: a dealer's or the ops desk's request, not recorded which.
      return UNKNOWN;
  }
}

/**
 * Every (by, at) mark in a charge's adjustments JSON — added lines, dry runs, the discount,
 * disputes opened (`by`, `at_ms`) and resolved (`resolved_by`, `resolved_at_ms`) — at any depth,
 * so a new kind of mark is found without a change here.
 */
export function chargeMarks(adjustmentsJson: string): { by: string; at: number }[] {
  const marks: { by: string; at: number }[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.by === 'string' && typeof o.at_ms === 'number') marks.push({ by: o.by, at: o.at_ms });
    if (typeof o.resolved_by === 'string' && typeof o.resolved_at_ms === 'number') marks.push({ by: o.resolved_by, at: o.resolved_at_ms });
    Object.values(o).forEach(visit);
  };
  try {
    visit(JSON.parse(adjustmentsJson));
  } catch {
    // Unreadable adjustments attribute nothing.
  }
  return marks;
}
