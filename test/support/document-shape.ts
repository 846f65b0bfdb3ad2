// The decided layout of a booking document: the reference move object's keys in order, then
// exactly our extensions, at every level; and the checks every booking endpoint's happy path makes
// on the document it returns.
import assert from 'node:assert/strict';
import { PUBLIC_URL, type TestApp } from './app.ts';
import { referenceResponse } from './requests.ts';
import { assertReferenceShape } from './shape.ts';

export type Doc = Record<string, any>;

/** Our keys after the reference keys of a location object. */
export const LOCATION_EXTENSIONS = ['address_two', 'timezone', 'geocode_precision', 'location_uri'];
/** Our keys after the reference keys of a move object. */
export const MOVE_EXTENSIONS = [
  'reference_num',
  'delivery_location',
  'usecase_key',
  'cardinality',
  'distance_miles',
  'duration_minutes',
  'driver_name',
  'rooftop',
  'cancel_reason',
  'workflowset',
  'pickup_workflow_data',
  'delivery_workflow_data',
  'pickup_photos',
  'delivery_photos',
  'settled',
  'move_details_url',
];
/** A pair's move objects carry their own charge after those (spec §12.2, ours). */
export const PAIR_MOVE_EXTENSIONS = [...MOVE_EXTENSIONS, 'charge'];
/** Our keys after the top-level keys of a booking document. */
export const TOP_EXTENSIONS = ['earliest_available_time', 'message', 'usecase_key', 'warnings', 'third_party_payer'];
/** A single-move booking's charge sits at the top level, after those (spec §12.2, doc). */
export const SINGLE_TOP_EXTENSIONS = [...TOP_EXTENSIONS, 'charge'];

/** An instant as the API writes it: UTC, whole seconds. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const REF_MOVE = referenceResponse().customer_move;
const REF_LOCATION = REF_MOVE.pickup_location;

/**
 * One move object: the reference move's keys in order, then exactly our extensions; both locations
 * likewise. `nullable`: the move's keys that may be null where the reference has a value.
 */
export function assertMoveLayout(
  t: TestApp,
  move: Doc,
  path: string,
  { nullable = ['google_place_id'], pair = false }: { nullable?: string[]; pair?: boolean } = {},
): void {
  const extensions = assertReferenceShape(move, REF_MOVE, { nullable, path });
  const moveExtensions = pair ? PAIR_MOVE_EXTENSIONS : MOVE_EXTENSIONS;
  assert.deepEqual(extensions, { [path]: moveExtensions, [`${path}.pickup_location`]: LOCATION_EXTENSIONS });
  assert.deepEqual(Object.keys(move), [...Object.keys(REF_MOVE), ...moveExtensions], `${path}: exact keys`);
  const delivery = assertReferenceShape(move.delivery_location, REF_LOCATION, {
    nullable: ['google_place_id'],
    path: `${path}.delivery_location`,
  });
  assert.deepEqual(delivery, { [`${path}.delivery_location`]: LOCATION_EXTENSIONS });

  for (const loc of [move.pickup_location, move.delivery_location]) {
    assert.equal(loc.location_uri, `${PUBLIC_URL}/v1/locations/${loc.location_id}`);
    assert.equal(loc.address_two, null);
    assert.equal(loc.timezone, 'America/New_York');
    assert.ok(['rooftop', 'street', 'zip'].includes(loc.geocode_precision), loc.geocode_precision);
  }
  assert.equal(move.move_uri, `${PUBLIC_URL}/v1/moves/${move.move_id}`);
  assert.equal(move.move_details_url, `${PUBLIC_URL}/portal/moves/${move.move_id}`);
  assert.match(move.lane_uri, new RegExp(`^${PUBLIC_URL}/v1/lanes/\\d+$`));
  for (const k of ['status', 'cancel_status', 'pickup_started', 'pickup_arrived', 'pickup_successful']) {
    assert.equal(move[k], null, `${path}.${k} is null when booked`);
  }
  for (const k of ['delivery_started', 'delivery_arrived', 'delivery_successful', 'tracking_link', 'driver_name']) {
    assert.equal(move[k], null, `${path}.${k} is null when booked`);
  }
  assert.equal(typeof move.distance_miles, 'number');
  assert.equal(typeof move.duration_minutes, 'number');
  assert.ok(move.distance_miles > 0 && move.duration_minutes > 0);
  assert.equal(move.rooftop, t.rooftopId);
}

/** GET of every move_uri returns the booking body byte for byte (spec §6). */
export async function assertGetReturnsSame(t: TestApp, res: { body: string }, moves: Doc[]): Promise<void> {
  for (const move of moves) {
    const got = await t.request('GET', new URL(move.move_uri).pathname);
    assert.equal(got.statusCode, 200, got.body);
    assert.equal(got.body, res.body, `GET ${move.move_uri} returns the booking document`);
  }
}

/** Exactly one move.created event per move, carrying the document. */
export async function assertCreatedEvents(t: TestApp, body: Doc, moves: Doc[]): Promise<void> {
  const ids = moves.map((m) => m.move_id as number);
  const events = await t.deps.database.db
    .selectFrom('events')
    .selectAll()
    .where('move_id', 'in', ids)
    .orderBy('move_id')
    .execute();
  assert.deepEqual(
    events.map((e) => [e.move_id, e.type, e.sequence, e.rooftop_id]),
    ids.map((id) => [id, 'move.created', 1, t.rooftopId]),
  );
  for (const e of events) assert.deepEqual(JSON.parse(e.data), body, 'the event carries the move document');
}
