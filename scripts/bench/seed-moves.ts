// Seeds a rooftop with many moves fast, for the list-100k scenario: a few real bookings through the
// API give the templates (a scenario and its two move rows, the locations and lanes they point at,
// the workflow set), then copies of those rows with their own customer, RO number, stock, VIN,
// times and status are inserted straight through Kysely, thousands per statement, in transactions
// of 10,000 moves. Migration 023's triggers fill the search terms as any write would.
import type { Insertable } from 'kysely';
import type { MoveTable, ScenarioTable } from '../../src/db/schema.ts';
import { STATUSES } from '../../src/modules/moves/move-statuses.ts';
import { computeCheckDigit } from '../../src/modules/moves/vin.ts';
import { mulberry32 } from '../../test/support/corruption.ts';
import { query } from './setup.ts';

const FIRST = [
  'Harry', 'Ana', 'Marcus', 'Priya', 'Lee', 'Sofia', 'James', 'Mia', 'Omar', 'Grace', 'Diego', 'Ruth', 'Noah', 'Emma',
  'Liam', 'Olivia', 'Ethan', 'Ava', 'Lucas', 'Chloe', 'Mateo', 'Zoe', 'Aiden', 'Layla', 'Caleb', 'Nora', 'Isaac', 'Hana',
  'Samuel', 'Leah', 'Elijah', 'Maya', 'Owen', 'Aria', 'Wyatt', 'Ella', 'Jack', 'Lily', 'Henry', 'Ivy',
];
const LAST = [
  'Stevens', 'Nguyen', 'Johnson', 'Patel', 'Kim', 'Garcia', 'Brown', 'Davis', 'Okafor', 'Miller', 'Wilson', 'Moore',
  'Taylor', 'Anderson', 'Thomas', 'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Martinez', 'Robinson', 'Clark',
  'Rodriguez', 'Lewis', 'Walker', 'Hall', 'Allen', 'Young', 'Hernandez', 'King', 'Wright', 'Lopez', 'Hill', 'Scott',
  'Green', 'Adams', 'Baker', 'Gonzalez', 'Nelson', 'Carter', 'Mitchell', 'Perez', 'Roberts', 'Turner', 'Phillips',
  'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Sanchez', 'Morris', 'Rogers', "O'Reilly", 'Reed',
  'Cook', 'Morgan', 'Bell',
];
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const DAY = 86_400_000;

export interface Seeded {
  moves: number;
  ms: number;
  /** Move ids, newest first (as the list pages them). */
  idsNewestFirst: number[];
  /** A seeded customer move's VIN and customer name, to search for. */
  sample: { vin: string; name: string };
}

/** Seeded VINs with a correct check digit. */
function vinMaker(random: () => number) {
  return (): string => {
    const chars = Array.from({ length: 17 }, () => VIN_CHARS[Math.floor(random() * VIN_CHARS.length)]!);
    chars[8] = computeCheckDigit(chars.join(''));
    return chars.join('');
  };
}

/** A finished, canceled, dispatched or booked move by its age: old ones are over, the newest pending. */
function statusAt(readyBy: number, now: number, random: () => number): Pick<MoveTable, 'status' | 'cancel_status'> {
  if (readyBy > now + 2 * DAY) return { status: random() < 0.15 ? 'dispatched' : null, cancel_status: null };
  if (readyBy > now) return { status: STATUSES[Math.floor(random() * 4)]!, cancel_status: null };
  if (random() < 0.04) return { status: null, cancel_status: 'canceled' };
  return { status: 'delivery successful', cancel_status: null };
}

/**
 * `scenarios` concierge-loaner scenarios (2 moves each) copied from the rooftop's first booked one,
 * booked evenly over the two years before `now` (move ids ascend with time), each ready 1–10 days
 * after it was booked.
 */
export async function seedMoves(url: string, scenarios: number, now = Date.now()): Promise<Seeded> {
  const began = performance.now();
  const random = mulberry32(16);
  const vin = vinMaker(random);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const span = 730 * DAY;
  let sample = { vin: '', name: '' };
  await query(url, async (db) => {
    const template = await db.selectFrom('scenarios').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
    const moves = await db.selectFrom('moves').selectAll().where('scenario_id', '=', template.id).orderBy('cardinality').execute();
    const lanes = await db.selectFrom('moves').select(['lane_id', 'pickup_location_id', 'delivery_location_id']).where('cardinality', '=', 1).execute();
    const BATCH = 5000;
    for (let done = 0; done < scenarios; done += BATCH) {
      const n = Math.min(BATCH, scenarios - done);
      await db.transaction().execute(async (trx) => {
        const rows: Insertable<ScenarioTable>[] = [];
        for (let i = 0; i < n; i++) {
          const booked = now - span + Math.floor(((done + i) / scenarios) * span);
          const readyBy = booked + (1 + Math.floor(random() * 10)) * DAY;
          const { id: _id, ...rest } = template;
          const name = `${pick(FIRST)} ${pick(LAST)}`;
          rows.push({ ...rest, customer_name: name, ready_by_time: readyBy, appointment_time: readyBy + 23 * 60_000, earliest_available_time: booked, busy_from: readyBy, busy_until: readyBy + 3_600_000, created_at: booked, updated_at: booked });
        }
        // Multi-row inserts, 500 rows each (SQLite takes at most 32,766 parameters a statement).
        const ids: { id: number; ready_by_time: number; created_at: number; customer_name: string | null }[] = [];
        for (let i = 0; i < rows.length; i += 500) {
          ids.push(...(await trx.insertInto('scenarios').values(rows.slice(i, i + 500)).returning(['id', 'ready_by_time', 'created_at', 'customer_name']).execute()));
        }
        const moveRows: Insertable<MoveTable>[] = [];
        for (const s of ids) {
          const readyBy = Number(s.ready_by_time);
          const status = statusAt(readyBy, now, random);
          const lane = pick(lanes);
          const n2 = done + moveRows.length / 2;
          for (const m of moves) {
            const { id: _id, tracking_token: _t, ...rest } = m;
            const customer = m.cardinality === 1;
            const v = customer ? vin() : null;
            if (customer && !sample.vin && n2 > scenarios / 2) sample = { vin: v!, name: s.customer_name! };
            moveRows.push({
              ...rest, ...status, scenario_id: s.id, tracking_token: null, driver_id: null,
              ...(customer ? { lane_id: lane.lane_id, pickup_location_id: lane.pickup_location_id, delivery_location_id: lane.delivery_location_id } : {}),
              reference_id: customer ? `RO# ${300000 + n2}` : null,
              vehicle_stock: customer ? `S${String(n2).padStart(6, '0')}` : `LOAN${String(1 + (n2 % 40)).padStart(2, '0')}`,
              vehicle_vin: v, created_at: Number(s.created_at), updated_at: Number(s.created_at),
            });
          }
        }
        for (let i = 0; i < moveRows.length; i += 500) await trx.insertInto('moves').values(moveRows.slice(i, i + 500)).execute();
      });
    }
  });
  const idsNewestFirst = await query(url, async (db) =>
    (await db.selectFrom('moves').select('id').orderBy('id', 'desc').execute()).map((r) => Number(r.id)),
  );
  return { moves: scenarios * 2, ms: performance.now() - began, idsNewestFirst, sample };
}
