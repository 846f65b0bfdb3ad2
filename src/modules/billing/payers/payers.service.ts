// Third-party payers (spec §12.4): the ops desk and the admin CLI add a rooftop's payers and set
// whether its bookings must name one or fall back to a default; dealers list them; a booking is
// billed to the payer chosen here (billedPayer), checked before anything slow is asked.
import type { Executor, WriteOptions } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, notFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { RooftopCheck } from '../../rooftops/rooftop-choice.ts';
import { rooftopExists } from '../../rooftops/rooftops.repository.ts';
import { choosePayer, type PayerSetting } from './payer-choice.ts';
import { payerDocument, payerListDocument, settingDocument } from './payer-document.ts';
import { applySettingChange, type SettingChange, settingProblems } from './payer-setting.ts';
import { findPayerOfRooftop, findPayerSetting, findPayersOfRooftop, insertPayer, type PayerSettingRow, updatePayerSetting } from './payers.repository.ts';

/** Whose payers a caller may see and change: the CLI and the all-rooftops desk any rooftop's; a scoped ops client its own. */
export type PayerScope = { anyRooftop: true } | { anyRooftop: false; rooftopIds: number[] };
export const ADMIN_SCOPE: PayerScope = { anyRooftop: true };
export const scopeOf = (auth: AuthContext): PayerScope => (auth.allRooftops ? ADMIN_SCOPE : { anyRooftop: false, rooftopIds: auth.rooftopIds });

export interface NewPayerFields {
  rooftopId: number;
  name: string;
}

const settingOf = (row: PayerSettingRow): PayerSetting => ({ required: row.payer_required === 1, defaultPayerId: row.default_payer_id });

export class PayerService {
  /** `db`: the database itself, never a transaction. */
  constructor(private readonly d: { db: Executor; clock: Clock }) {}

  /** The rooftop check the readers run for this scope (routes and the CLI pass it). */
  rooftopCheck(scope: PayerScope): RooftopCheck {
    return async (id) => {
      if (!scope.anyRooftop) return scope.rooftopIds.includes(id) ? null : `rooftop must be one of your rooftops: ${scope.rooftopIds.join(', ')}`;
      return (await rooftopExists(this.d.db, [id])).length ? null : `rooftop ${id} does not exist`;
    };
  }

  /** Adds a payer; answers its document, serialized (committed with options.inTransaction's writes). */
  async create(fields: NewPayerFields, options: WriteOptions = {}): Promise<string> {
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      const row = await insertPayer(trx, { rooftop_id: fields.rooftopId, name: fields.name, created_at: now });
      const json = JSON.stringify(payerDocument(row));
      await options.inTransaction?.(trx, json);
      return json;
    });
  }

  /** GET /v1/payers: the rooftop's payers and its setting. */
  async list(rooftopId: number) {
    const setting = await findPayerSetting(this.d.db, rooftopId);
    if (!setting) throw notFound('rooftop');
    return payerListDocument(await findPayersOfRooftop(this.d.db, rooftopId), settingOf(setting));
  }

  /** PATCH a rooftop's setting; another rooftop than the scope's is reported as missing (spec §3). */
  async updateSetting(scope: PayerScope, rooftopId: number, change: SettingChange) {
    const row = scope.anyRooftop || scope.rooftopIds.includes(rooftopId) ? await findPayerSetting(this.d.db, rooftopId) : undefined;
    if (!row) throw notFound('rooftop');
    const next = applySettingChange(settingOf(row), change);
    // Payers are never deleted, so the ids read here stay the rooftop's when the setting is written.
    const payerIds = (await findPayersOfRooftop(this.d.db, rooftopId)).map((p) => p.id);
    const problems = settingProblems(change, next, payerIds);
    if (problems.length) throw ApiError.fromProblems(problems);
    await updatePayerSetting(this.d.db, rooftopId, {
      ...(change.required !== undefined && { payer_required: change.required ? 1 : 0 }),
      ...(change.defaultPayerId !== undefined && { default_payer_id: change.defaultPayerId }),
    });
    return settingDocument(rooftopId, next);
  }
}

/**
 * The payer a booking of the rooftop is billed to (null: the rooftop itself), or field_missing /
 * field_invalid at third_party_payer. Read fresh, never from a cache: the setting can change.
 */
export async function billedPayer(db: Executor, rooftopId: number, sent: number | null): Promise<number | null> {
  const row = await findPayerSetting(db, rooftopId);
  if (!row) throw notFound('rooftop');
  const mine = sent !== null && (await findPayerOfRooftop(db, rooftopId, sent)) !== undefined;
  const chosen = choosePayer(settingOf(row), sent, mine);
  if ('problem' in chosen) throw ApiError.fromProblems([chosen.problem]);
  return chosen.payerId;
}
