// The payer documents (spec §12.4) and their schemas: the ops desk's payer `{id, name, rooftop,
// created_at}`, a dealer's list `{payers: [{id, name}]}` (ours: with the rooftop's setting after
// it), and the setting itself.
import Type from 'typebox';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable } from '../../../lib/schema-types.ts';
import type { PayerSetting } from './payer-choice.ts';
import type { PayerRow } from './payers.repository.ts';

export const PayerSchema = Type.Object({
  id: Type.Integer({ description: 'What a booking sends as third_party_payer' }),
  name: Type.String(),
  rooftop: Type.Integer(),
  created_at: Instant(),
});

const SettingProperties = {
  payer_required: Type.Boolean({ description: 'true: every booking must send third_party_payer (else field_missing)' }),
  default_payer_id: Nullable(
    Type.Integer({ description: 'The payer a booking without third_party_payer is billed to while payers are not required (null: the rooftop itself)' }),
  ),
};

export const PayerListSchema = Type.Object({
  payers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), { description: "The rooftop's payers, oldest first" }),
  ...SettingProperties,
});

export const PayerSettingSchema = Type.Object({ rooftop: Type.Integer(), ...SettingProperties });

export const payerDocument = (row: PayerRow) => ({ id: row.id, name: row.name, rooftop: row.rooftop_id, created_at: formatInstant(row.created_at) });

export const settingDocument = (rooftopId: number, s: PayerSetting) => ({ rooftop: rooftopId, payer_required: s.required, default_payer_id: s.defaultPayerId });

export const payerListDocument = (rows: PayerRow[], s: PayerSetting) => ({
  payers: rows.map((p) => ({ id: p.id, name: p.name })),
  payer_required: s.required,
  default_payer_id: s.defaultPayerId,
});
