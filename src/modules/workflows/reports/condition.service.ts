// A move's condition report and evidence pack, and a vehicle's condition history (spec §10.4): reads
// under the caller's rooftops, rendered from the loaded scenario by move-condition.ts, so the JSON,
// the history and the PDF show the same reports.
import type { Database } from '../../../db/database.ts';
import type { Clock } from '../../../lib/clock.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { findScenarioIdOfMove, loadScenario, loadScenarios } from '../../moves/moves.repository.ts';
import type { ScenarioView } from '../../moves/view/scenario-view.ts';
import { findRooftop } from '../../rooftops/rooftops.repository.ts';
import { renderEvidencePdf } from '../evidence/evidence-pdf.ts';
import type { PhotoStore } from '../photo-store/photo-store.ts';
import type { Links } from '../records/photo-document.ts';
import { findSignedSlotsOfVehicle } from '../records/slots.repository.ts';
import { conditionJson, type HistoryReport, stockHistoryJson, vinHistoryJson } from './condition.schemas.ts';
import { evidenceInput } from './evidence-pack.ts';
import { conditionDocument, historyReport, moveCondition } from './move-condition.ts';
import { findScenarioIdsOfMoves } from './reports.repository.ts';

export interface ConditionDeps {
  database: Database;
  clock: Clock;
  store: PhotoStore;
  publicUrl: string;
}

export type VehicleQuery = { vin: string; limit: number } | { stock: string; rooftopId: number; limit: number };

export class ConditionService {
  constructor(private readonly deps: ConditionDeps) {}

  /** GET /v1/moves/:id/condition. */
  async condition(auth: AuthContext, moveId: number): Promise<string> {
    const { view, move } = await this.moveOf(auth, moveId);
    return conditionJson(conditionDocument(moveCondition(view, move), this.links()));
  }

  /** GET /v1/moves/:id/condition.pdf: what exists so far, whenever asked. */
  async evidencePdf(auth: AuthContext, moveId: number): Promise<Buffer> {
    const { view, move } = await this.moveOf(auth, moveId);
    const rooftop = await findRooftop(this.deps.database.db, move.rooftop_id);
    if (!rooftop) throw new Error(`rooftop ${move.rooftop_id} of move ${moveId} vanished`);
    const { store, publicUrl } = this.deps;
    const input = await evidenceInput(moveCondition(view, move), { view, rooftop, store, publicUrl, now: this.deps.clock.now() });
    return renderEvidencePdf(input);
  }

  /** GET /v1/vehicles/:vin/condition and /v1/vehicles/condition?stock=: signed reports, newest first. */
  async history(auth: AuthContext, query: VehicleQuery): Promise<string> {
    const { db } = this.deps.database;
    const byVin = 'vin' in query;
    const vehicle = byVin ? { vin: query.vin } : { stock: query.stock };
    const rooftopIds = byVin ? auth.rooftopIds : [query.rooftopId];
    const rows = await findSignedSlotsOfVehicle(db, vehicle, rooftopIds, query.limit);
    const scenarioOf = await findScenarioIdsOfMoves(db, [...new Set(rows.map((r) => r.move_id))]);
    const views = await loadScenarios(db, [...new Set(scenarioOf.values())]);
    const links = this.links();
    const reports = rows.flatMap((row): HistoryReport[] => {
      const view = views.get(scenarioOf.get(row.move_id)!);
      const move = view?.moves.find((m) => m.id === row.move_id);
      const report = view && move ? historyReport(moveCondition(view, move), row.slot, links) : null;
      return report ? [report] : [];
    });
    return byVin ? vinHistoryJson({ vin: query.vin, reports }) : stockHistoryJson({ stock: query.stock, rooftop: query.rooftopId, reports });
  }

  /** The move and its loaded scenario, when the caller's rooftops have it; move_invalid (404) otherwise. */
  private async moveOf(auth: AuthContext, moveId: number): Promise<{ view: ScenarioView; move: ScenarioView['moves'][number] }> {
    const { db } = this.deps.database;
    const scenarioId = await findScenarioIdOfMove(db, moveId, auth.rooftopIds);
    const view = scenarioId === undefined ? undefined : await loadScenario(db, scenarioId);
    const move = view?.moves.find((m) => m.id === moveId);
    if (!view || !move) throw moveNotFound();
    return { view, move };
  }

  private links(): Links {
    return { publicUrl: this.deps.publicUrl, now: this.deps.clock.now() };
  }
}
