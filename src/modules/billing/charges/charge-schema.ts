// The charge object's schema (spec §12.2), key for key what charge-document.ts renders and in its
// order. fast-json-stringify drops any key a schema does not name, so basis and evidence (free
// objects) say additionalProperties: true; and it writes the required keys first, then the optional
// ones, so a line's keys after its optional mileage_band and documents are marked optional too
// (always sent, said so in their descriptions): otherwise code, basis and evidence would go out
// before the band, against the doc's order.
import Type from 'typebox';
import { CHARGE_CODES } from './charge-types.ts';
import { BAND_TYPES } from '../contracts/band-rules.ts';
import { Instant, Nullable, NullableString } from '../../../lib/schema-types.ts';

const Amount = (description: string) => Type.Number({ description: `${description}; dollars, two decimals` });

export const LineMileageBandSchema = Type.Object({
  rate: Amount('flat: the price of any distance in the band; per: the price per mile'),
  type: Type.String({ enum: [...BAND_TYPES] }),
  distance_start: Type.Number({ description: 'Miles' }),
  distance_end: Type.Number({ description: 'Miles' }),
  contract: Type.Object({
    begin_date: Type.String(),
    end_date: Type.String(),
    workflowset_id: Nullable(Type.Integer()),
  }),
});

export const LineDocumentSchema = Type.Object({
  name: Type.String(),
  url: Type.String(),
  created_at: Instant(),
  'mime-type': Type.String({ description: 'Spelt with a hyphen, as documented' }),
});

export const ChargeLineSchema = Type.Object({
  name: Type.String({ description: '"Transport", "Fuel", "Wait time", …' }),
  amount: Amount('Negative only for a discount'),
  notes: NullableString(),
  mileage_band: Type.Optional(LineMileageBandSchema),
  documents: Type.Optional(Type.Array(LineDocumentSchema)),
  code: Type.Optional(Type.String({ enum: [...CHARGE_CODES], description: 'Ours, always sent: what kind of line it is' })),
  basis: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Ours, always sent: what the amount was computed from (rule, band, miles, rate, minutes, gallons, contract version); money in dollars' })),
  evidence: Type.Optional(Type.Object({}, { additionalProperties: true, description: "Ours, always sent: the move's facts the line used (timestamps, readings, photo ids)" })),
});

/** The charge's keys, for a document that places one of its own among them (an invoice's move_id). */
export const ChargeProperties = {
  id: Type.Integer(),
  invoice_id: Nullable(Type.Integer({ description: 'null until the charge is on an invoice' })),
  type: Type.String({ enum: ['move'] }),
  status: Type.String({ description: 'quoted, final or settled' }),
  disputed: Type.Boolean(),
  dispute_reason: NullableString(),
  discount_amount: Amount('The discount, as a positive amount'),
  discount_reason: NullableString(),
  due_amount: Amount('Every line but the discount'),
  paid_amount: Amount('Paid against this charge'),
  balance_remaining: Amount('due − paid − discount'),
  details: Type.Array(ChargeLineSchema, { description: 'The lines; the charge is their sum' }),
};

export const ChargeSchema = Type.Object(ChargeProperties);

/** Where a charge may be absent it renders as `{}` (doc). */
export const EmptyChargeSchema = Type.Object({}, { additionalProperties: false, description: 'No charge (yet)' });

export const ChargeOrEmptySchema = Type.Union([ChargeSchema, EmptyChargeSchema]);
