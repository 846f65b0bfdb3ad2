// Request schemas of the contract endpoints, for the OpenAPI document; the limits are the readers'
// (contract-request.ts, accessorials-request.ts, money.ts), so the document says what is refused.
import Type from 'typebox';
import { IdInteger, Unchecked } from '../../../lib/schema-types.ts';
import { ACCESSORIAL_LIMITS, FUEL_TYPES } from './accessorials-request.ts';
import { BAND_CLASSES, BAND_TYPES } from './band-rules.ts';
import { DEFAULT_WAIT_FREE_MINUTES, GVWR_CLASSES } from './contract.ts';
import { CONTRACT_LIMITS } from './contract-request.ts';
import { AMOUNT_MAX_DOLLARS } from './amount-request.ts';

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const Amount = (description: string) =>
  Type.Number({ minimum: 0, maximum: AMOUNT_MAX_DOLLARS, description: `${description}; dollars, at most two decimals (45.01)` });
const Fee = (description: string) => Type.Optional(Amount(`${description}; default 0`));
const Distance = (description: string) => Type.Number({ minimum: 0, maximum: CONTRACT_LIMITS.distanceMax, description });

const BandBody = Type.Object({
  rate: Amount('flat: the price of any distance in the band; per: the price per mile'),
  type: Type.String({ enum: [...BAND_TYPES] }),
  class: Type.String({ enum: [...BAND_CLASSES], description: 'stranded: a one-way move; base: a pair whose second leg returns the driver' }),
  distance_start: Distance('Miles; the band holds distance_start <= d < distance_end'),
  distance_end: Distance('Miles, greater than distance_start; the top band of a class also holds its end'),
  class_rates: Type.Optional(
    Type.Object(Object.fromEntries(GVWR_CLASSES.map((c) => [c, Type.Optional(Amount(`GVWR class ${c}`))])), {
      additionalProperties: false,
      description: 'Rates overriding `rate` by GVWR class; keys "1" to "6" only',
    }),
  ),
});

const FuelBody = Type.Object(
  {
    type: Type.String({ enum: [...FUEL_TYPES] }),
    price_per_gallon: Type.Optional(Amount('Required for actual')),
    target_level: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Required for actual: the level the tank should be at on delivery, 0–1' })),
    default_tank_gallons: Type.Optional(
      Type.Number({ minimum: ACCESSORIAL_LIMITS.tankGallons.min, maximum: ACCESSORIAL_LIMITS.tankGallons.max, description: "Required for actual: the tank size when the vehicle's is unknown" }),
    ),
  },
  { description: 'Default { "type": "none" }. actual: the gallons to bring the tank from its delivery level to target_level, times price_per_gallon' },
);

export const NewContractBody = Unchecked(
  Type.Object({
    rooftop: IdInteger({ description: 'The rooftop the contract is for; a scoped ops client names one of its own' }),
    begin_date: Type.String({ pattern: DATE_PATTERN, description: "The rooftop's local date it starts, included: YYYY-MM-DD" }),
    end_date: Type.String({ pattern: DATE_PATTERN, description: "The rooftop's local date it ends, included; on or after begin_date" }),
    workflowset_id: Type.Optional(
      IdInteger({ description: "The workflow set it prices: the built-in set or one of the rooftop's. Absent: any set without a contract of its own" }),
    ),
    mileage_bands: Type.Array(BandBody, {
      minItems: 1,
      maxItems: CONTRACT_LIMITS.bands,
      description:
        'stranded bands are required, base bands optional (without them a pair is priced by the stranded bands); each class sent must cover 0 to the maximum drive (MAX_DRIVE_MILES) without gaps or overlaps',
    }),
    accessorials: Type.Optional(
      Type.Object(
        {
          wait_per_minute: Fee('Per minute of waiting beyond wait_free_minutes'),
          wait_free_minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: ACCESSORIAL_LIMITS.freeMinutes, default: DEFAULT_WAIT_FREE_MINUTES })),
          fuel: Type.Optional(FuelBody),
          cancel_partial_fee: Fee('A cancelation that ends partial'),
          dry_run_fee: Fee('An attempt ops marked a dry run'),
          rush_fee: Fee("A booking made within the rooftop's lead time"),
        },
        { description: 'Every field optional: fees default to 0, wait_free_minutes to 15, fuel to none' },
      ),
    ),
  }),
);

export const ContractsQuery = Unchecked(
  Type.Object({ rooftop: Type.Optional(IdInteger({ description: "Only this rooftop's contracts; default: every rooftop of the client" })) }),
);
