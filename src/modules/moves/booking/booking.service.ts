// The one booking pipeline every move type shares, as a short orchestration:
//   command (read by the route) → rooftop → locate places → route lanes → plan (pure) → persist (one transaction).
// Everything slow or external (geocoding, routing) happens before the transaction opens, so the
// transaction is a handful of short statements and a slow provider holds no lock.
import type { Database } from '../../../db/database.ts';
import type { Transaction } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { RooftopCache } from '../../rooftops/rooftop-cache.ts';
import { type BookingResult, persistBooking } from './booking-persist.ts';
import { type AddressResolver, locatePlaces } from './booking-locate.ts';
import { legWarnings, planBooking, type RegionLimits } from './booking-plan.ts';
import { loadServiceArea } from '../../scheduling/regions/service-area.ts';
import { type LaneRouter, routeLegs } from './booking-route.ts';
import type { BookingCommand } from './booking-command.ts';
import type { ReadContext } from './move-type.ts';
import { type PlannedWorkflows, planMoveWorkflows } from '../../workflows/definitions/booking-workflows.ts';
import { findSetsOfRooftop, findWorkflowsOfSets } from '../../workflows/records/workflow-sets.repository.ts';
import type { FieldProblem } from '../../../lib/errors.ts';
import { capacityWarning } from '../../scheduling/availability/capacity-warning.ts';
import { billedPayer } from '../../billing/payers/payers.service.ts';
import { type BookingQuote, priceBooking } from '../../billing/charges/booking-price.ts';
import { findQuote } from '../../billing/charges/quotes.repository.ts';
import { redeemQuote } from '../../billing/charges/quote-redeem.ts';
import type { PlannedBooking } from './booking-plan.ts';

export type { BookingResult } from './booking-persist.ts';
export type { AddressResolver } from './booking-locate.ts';
export type { LaneRouter } from './booking-route.ts';

export interface BookingDeps extends RegionLimits {
  database: Database;
  zips: ZipDirectory;
  geocoder: AddressResolver;
  router: LaneRouter;
  clock: Clock;
  events: EventLog;
  publicUrl: string;
  /** The notice under which a booking is a rush (spec §12.1 rush_fee). */
  minNoticeMinutes: number;
}

/** A booking decided and priced, not yet written: what book() writes and a quote (POST /v1/quotes) shows. */
export interface PreparedBooking {
  plan: PlannedBooking;
  quote: BookingQuote;
}

export interface BookOptions {
  /**
   * More writes that must commit with the booking (the stored Idempotency-Key answer; a
   * reschedule's change of the booking it replaces), given the booking as written.
   */
  inTransaction?: (trx: Transaction, json: string, booked: BookingResult) => Promise<void>;
  /** Scenarios the capacity warning counts as gone (a reschedule's original: it is given up in the same transaction). */
  replacing?: number[];
}

export class BookingService {
  private readonly rooftops: RooftopCache;

  constructor(private readonly deps: BookingDeps) {
    this.rooftops = new RooftopCache(deps.database.db, deps.clock);
  }

  /** What a route needs to read a booking request (the ZIP directory, now, the year range, place ids). */
  readContext(): ReadContext {
    const now = this.deps.clock.now();
    const placeIds = this.deps.geocoder.acceptsPlaceIds ? 'accepted' : 'refused';
    return { zips: this.deps.zips, now, currentYear: new Date(now).getUTCFullYear(), placeIds };
  }

  async book(command: BookingCommand, options: BookOptions = {}): Promise<BookingResult> {
    const { plan, quote } = await this.prepare(command, options);
    return this.deps.database.db.transaction().execute(async (trx) => {
      const result = await persistBooking(trx, plan, { events: this.deps.events, publicUrl: this.deps.publicUrl, quote });
      await options.inTransaction?.(trx, result.json, result);
      return result;
    });
  }

  /**
   * Everything a booking decides before writing: the payer, the workflows, the places and drives,
   * the plan and its capacity warning, and the quote: `quoted` given exactly, else the quote the
   * command's quote_id names (spec §12.2), else priced now. Reads only: nothing is written.
   */
  async prepare(command: BookingCommand, options: Pick<BookOptions, 'replacing'> & { quoted?: BookingQuote } = {}): Promise<PreparedBooking> {
    const { deps } = this;
    const now = deps.clock.now();
    const rooftop = await this.rooftops.find(command.rooftopId);
    if (!rooftop) throw new ApiError('field_invalid', 'rooftop does not exist');

    const { db } = deps.database;
    const { rooftopId, draft } = command;
    // Checked before anything slow or billed (geocoding, routing) is asked.
    const payerId = await billedPayer(db, rooftopId, command.thirdPartyPayer ?? null);
    // A quote named is redeemed now, before anything slow: an expired one costs no geocoding.
    const quoted = options.quoted ?? (await this.redeem(command, now));
    const workflows = await this.planWorkflows(command);
    // Outside any transaction: where each place is, then each lane's drive.
    const located = await locatePlaces(draft.legs, { db, rooftopId, geocoder: deps.geocoder, zips: deps.zips });
    const routed = await routeLegs(located, { db, rooftopId, router: deps.router, readyBy: draft.readyBy });
    // The rooftop's regions (or its service radius), for outside_region and each new location's region_id.
    const serviceArea = await loadServiceArea(db, rooftop, deps.serviceRadiusMiles);

    const plan = planBooking(
      {
        command: { ...command, thirdPartyPayer: payerId },
        rooftop,
        legs: located.legs,
        places: located.places,
        geocodes: located.geocodes,
        estimates: routed.estimates,
        warnings: legWarnings(located.legs, located.warnings, routed.warnings),
        workflows,
        serviceArea,
        now,
      },
      deps,
    );
    // Never a refusal (spec §11.3): a trip no driver's shift can fit is booked, with a warning for the desk.
    const full = await capacityWarning(db, {
      rooftopId,
      busy: plan.busy,
      manual: draft.legs.some((leg) => leg.move.vehicle.manual),
      now,
      excludeHoldId: command.holdId ?? undefined,
      excludeScenarioIds: options.replacing,
      field: draft.readyBy.field,
    });
    if (full) plan.warnings[0] = [...(plan.warnings[0] ?? []), full];
    return { plan, quote: quoted ?? (await this.price(plan, workflows)) };
  }

  /** The lines of the quote the command names (spec §12.2), or undefined when it names none. */
  private async redeem(command: BookingCommand, now: number): Promise<BookingQuote | undefined> {
    if (!command.quote) return undefined;
    const row = await findQuote(this.deps.database.db, command.quote.id);
    const redeemed = redeemQuote(row, { clientId: command.clientId, rooftopId: command.rooftopId, bodySha256: command.quote.bodySha256, now });
    if (!redeemed.ok) throw ApiError.fromProblems([redeemed.problem]);
    return redeemed.quote;
  }

  /** The booking's quote from the contracts in force (spec §12.2), each move on its own lane's distance. */
  private price(plan: PlannedBooking, workflows: PlannedWorkflows[]): Promise<BookingQuote> {
    return priceBooking(this.deps.database.db, {
      rooftopId: plan.command.rooftopId,
      timezone: plan.rooftop.timezone,
      kind: plan.command.type.kind,
      readyByMs: plan.readyByMs,
      bookedAtMs: plan.now,
      minNoticeMinutes: this.deps.minNoticeMinutes,
      legs: plan.legs.map((leg, i) => ({
        path: leg.move.path,
        miles: plan.estimates[i]!.distanceMiles,
        gvwrClass: leg.move.vehicle.gvwrClass,
        workflowSetId: workflows[i]!.setId,
        evidence: { distance_miles: plan.estimates[i]!.distanceMiles, route_estimator: plan.estimates[i]!.estimator },
      })),
    });
  }

  /** Each leg's workflow set and slots (spec §10.1), or every problem with the sets and data asked for. */
  private async planWorkflows(command: BookingCommand): Promise<PlannedWorkflows[]> {
    const { db } = this.deps.database;
    const sets = await findSetsOfRooftop(db, command.rooftopId);
    const choices = { sets, workflows: await findWorkflowsOfSets(db, sets.map((s) => s.id)), kind: command.type.kind };
    const problems: FieldProblem[] = [];
    const planned = command.draft.legs.map((leg) =>
      planMoveWorkflows(choices, { path: leg.move.path, role: leg.role, request: leg.move.workflow }, problems),
    );
    if (problems.length) throw ApiError.fromProblems(problems);
    return planned as PlannedWorkflows[];
  }
}
