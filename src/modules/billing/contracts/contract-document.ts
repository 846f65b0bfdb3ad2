// The contract document (spec §12.1): the doc fields first — id, begin_date, end_date,
// workflowset_id, mileage_bands — then ours: rooftop, accessorials and the timestamps. Amounts
// are rendered by money.ts (dollars, two decimals); the bands keep their order as sent.
import Type from 'typebox';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable } from '../../../lib/schema-types.ts';
import { BAND_CLASSES, BAND_TYPES } from './band-rules.ts';
import { type AccessorialRates, GVWR_CLASSES, type MileageBand } from './contract.ts';
import type { StoredContract } from './contracts.repository.ts';
import { renderCents as dollars } from '../../../lib/money.ts';

const Amount = (description: string) => Type.Number({ description: `${description}; dollars, two decimals` });

export const ClassRatesSchema = Type.Object(
  Object.fromEntries(GVWR_CLASSES.map((c) => [c, Type.Optional(Amount(`The rate for a GVWR class ${c} vehicle`))])),
  { additionalProperties: false, description: "Ours: rates overriding `rate` by the vehicle's GVWR class (1–6); a class not listed pays `rate`" },
);

export const MileageBandSchema = Type.Object({
  rate: Amount('flat: the price of any distance in the band; per: the price per mile'),
  type: Type.String({ enum: [...BAND_TYPES] }),
  class: Type.String({ enum: [...BAND_CLASSES], description: 'stranded: a one-way move; base: a pair whose second leg returns the driver' }),
  distance_start: Type.Number({ description: 'Miles; the band holds distance_start <= d < distance_end (the top band also its end)' }),
  distance_end: Type.Number(),
  class_rates: ClassRatesSchema,
});

export const FuelSchema = Type.Object({
  type: Type.String({ enum: ['none', 'actual'], description: 'actual: the gallons to bring the tank from its delivery level to target_level, at price_per_gallon' }),
  price_per_gallon: Type.Optional(Amount('actual only')),
  target_level: Type.Optional(Type.Number({ description: 'actual only: 0–1, the level the tank should be at on delivery' })),
  default_tank_gallons: Type.Optional(Type.Number({ description: "actual only: the tank size when the vehicle's is unknown" })),
});

export const AccessorialsSchema = Type.Object({
  wait_per_minute: Amount('Per minute of waiting beyond wait_free_minutes'),
  wait_free_minutes: Type.Integer(),
  fuel: FuelSchema,
  cancel_partial_fee: Amount('A cancelation that ends partial (the driver set out)'),
  dry_run_fee: Amount('An attempt ops marked a dry run (the vehicle was not ready or could not be driven)'),
  rush_fee: Amount("A booking made within the rooftop's lead time"),
});

export const ContractSchema = Type.Object({
  id: Type.Integer(),
  begin_date: Type.String({ description: "The rooftop's local date it starts, included" }),
  end_date: Type.String({ description: "The rooftop's local date it ends, included" }),
  workflowset_id: Nullable(Type.Integer({ description: 'The workflow set it prices; null: any set of the rooftop without a contract of its own' })),
  mileage_bands: Type.Array(MileageBandSchema),
  rooftop: Type.Integer(),
  accessorials: AccessorialsSchema,
  created_at: Instant(),
  updated_at: Instant(),
});

export const ContractList = Type.Object({ contracts: Type.Array(ContractSchema, { description: 'By rooftop, then begin_date' }) });

export type ContractDocument = Type.Static<typeof ContractSchema>;

function bandDocument(b: MileageBand) {
  const classRates = Object.fromEntries(GVWR_CLASSES.filter((c) => b.class_rates[c] !== undefined).map((c) => [c, dollars(b.class_rates[c]!)]));
  return { rate: dollars(b.rate), type: b.type, class: b.class, distance_start: b.distance_start, distance_end: b.distance_end, class_rates: classRates };
}

function accessorialsDocument(a: AccessorialRates): ContractDocument['accessorials'] {
  const fuel =
    a.fuel.kind === 'none'
      ? { type: 'none' }
      : { type: 'actual', price_per_gallon: dollars(a.fuel.price_per_gallon), target_level: a.fuel.target_level, default_tank_gallons: a.fuel.default_tank_gallons };
  return {
    wait_per_minute: dollars(a.wait_per_minute),
    wait_free_minutes: a.wait_free_minutes,
    fuel,
    cancel_partial_fee: dollars(a.cancel_partial_fee),
    dry_run_fee: dollars(a.dry_run_fee),
    rush_fee: dollars(a.rush_fee),
  };
}

export function contractDocument(c: StoredContract): ContractDocument {
  return {
    id: c.id,
    begin_date: c.beginDate,
    end_date: c.endDate,
    workflowset_id: c.workflowSetId,
    mileage_bands: c.bands.map(bandDocument),
    rooftop: c.rooftopId,
    accessorials: accessorialsDocument(c.accessorials),
    created_at: formatInstant(c.createdAt),
    updated_at: formatInstant(c.updatedAt),
  };
}
