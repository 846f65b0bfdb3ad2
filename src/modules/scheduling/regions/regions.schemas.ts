// Request schemas of the region endpoints, for the OpenAPI document; the limits are the readers'
// (region-request.ts, area-request.ts), so the document says what is refused.
import Type from 'typebox';
import { IdInteger, Unchecked } from '../../../lib/schema-types.ts';
import { AREA_LIMITS } from './area-request.ts';
import { AreaSchema } from './region-document.ts';
import { REGION_LIMITS } from './region-request.ts';

const [PolygonInput, MultiPolygonInput] = AreaSchema.anyOf;
const Geometry = Type.Union([PolygonInput, MultiPolygonInput]);
const Feature = Type.Object({ type: Type.Literal('Feature'), geometry: Geometry, properties: Type.Optional(Type.Unknown()) });

const AreaInput = Type.Union([PolygonInput, MultiPolygonInput, Feature, Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Feature) })], {
  description:
    'A GeoJSON Polygon or MultiPolygon geometry (positions [longitude, latitude]), or a Feature or a FeatureCollection of exactly one ' +
    'such feature: its geometry is what is stored (altitudes are dropped, other members ignored). Each ring closed, with at least 4 ' +
    'positions, not crossing itself; holes inside their outer ring. At most ' +
    `${AREA_LIMITS.bytes} bytes as JSON and ${AREA_LIMITS.positions} positions.`,
});

const name = () => Type.String({ maxLength: REGION_LIMITS.name });
const timezone = (description: string) => Type.String({ maxLength: REGION_LIMITS.timezone, description });

export const NewRegionBody = Unchecked(
  Type.Object({
    rooftop: IdInteger({ description: 'The rooftop the region serves; a scoped ops client names one of its own' }),
    name: name(),
    timezone: Type.Optional(timezone("IANA time zone; default the rooftop's")),
    area: AreaInput,
  }),
);

export const RegionPatchBody = Unchecked(
  Type.Object(
    {
      name: Type.Optional(name()),
      timezone: Type.Optional(timezone('IANA time zone')),
      area: Type.Optional(AreaInput),
    },
    { description: 'At least one of the fields; absent means unchanged, none can be cleared' },
  ),
);

export const RegionsQuery = Unchecked(
  Type.Object({ rooftop: Type.Optional(IdInteger({ description: "Only this rooftop's regions; default: every rooftop of the client" })) }),
);
