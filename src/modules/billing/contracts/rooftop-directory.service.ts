// GET /v1/rooftops (spec §12.1): the rooftops a client may use, each with the workflow sets its
// bookings may name and its contracts. "Active contracts" is read as those not yet ended on the
// rooftop's local today: the one in force and the ones to come, so an integrator sees a price
// change before it happens. The all-rooftops desk sees every rooftop, read live (not its cached
// client record), so a rooftop added a moment ago is listed.
import { DateTime } from 'luxon';
import type { Executor } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { findSetsOfRooftops } from '../../workflows/records/workflow-sets.repository.ts';
import { type ContractDocument, contractDocument } from './contract-document.ts';
import { findContractsOf } from './contracts.repository.ts';
import { findRooftopEntries } from './rooftop-directory.repository.ts';

export interface RooftopListing {
  id: number;
  name: string;
  timezone: string;
  workflowsets: { id: number; name: string; description: string }[];
  contracts: ContractDocument[];
}

export class RooftopDirectory {
  constructor(private readonly d: { db: Executor; clock: Clock }) {}

  async list(auth: AuthContext): Promise<{ rooftops: RooftopListing[] }> {
    const db = this.d.db;
    const rooftops = await findRooftopEntries(db, auth.allRooftops ? null : auth.rooftopIds);
    const ids = rooftops.map((r) => r.id);
    const [sets, contracts] = await Promise.all([findSetsOfRooftops(db, ids), findContractsOf(db, ids)]);
    const now = this.d.clock.now();
    return {
      rooftops: rooftops.map((r) => {
        const today = DateTime.fromMillis(now, { zone: r.timezone }).toISODate()!;
        return {
          id: r.id,
          name: r.name,
          timezone: r.timezone,
          // The built-in set first (its id is the lowest), then the rooftop's own, oldest first.
          workflowsets: sets
            .filter((s) => s.rooftop_id === null || Number(s.rooftop_id) === r.id)
            .map((s) => ({ id: Number(s.id), name: s.name, description: s.description })),
          contracts: contracts.filter((c) => c.rooftopId === r.id && c.endDate >= today).map(contractDocument),
        };
      }),
    };
  }
}
