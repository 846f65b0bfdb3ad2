// A rooftop's name, place, zone and hours are written once (`handoff rooftop add`), so a row read
// moments ago is as good as a fresh read: every booking used to read its rooftop again. Only its
// payer setting changes later, and bookings read that afresh (billing/payers). A row is kept for at
// most ROOFTOP_CACHE_MS (like the client records in modules/auth/authenticator.ts), which bounds how
// long an edit made by hand in the database would go unseen. Misses are not kept: a rooftop added
// meanwhile is found at once.
import type { Executor } from '../../db/executor.ts';
import type { RooftopRow } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { findRooftop } from './rooftops.repository.ts';

const ROOFTOP_CACHE_MS = 30_000;

export class RooftopCache {
  private readonly rows = new Map<number, { row: RooftopRow; until: number }>();

  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async find(id: number): Promise<RooftopRow | undefined> {
    const now = this.clock.now();
    const hit = this.rows.get(id);
    if (hit && hit.until > now) return hit.row;
    const row = await findRooftop(this.db, id);
    if (row) this.rows.set(id, { row, until: now + ROOFTOP_CACHE_MS });
    else this.rows.delete(id);
    return row;
  }
}
