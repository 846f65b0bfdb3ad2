// The region document (spec §11.1: `{id, name, timezone, area}`, then ours: rooftop, bbox and the
// timestamps) and its schema. The area is written out as stored — validated, canonical JSON — so
// a large area is never parsed again to be answered.
import Type from 'typebox';
import type { RegionRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant } from '../../../lib/schema-types.ts';

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude]' });
const Rings = Type.Array(Type.Array(Position), { description: 'The outer ring, then any holes; each closed (last position = first)' });

export const AreaSchema = Type.Union(
  [
    Type.Object({ type: Type.Literal('Polygon'), coordinates: Rings }),
    Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Rings) }),
  ],
  { description: 'GeoJSON Polygon or MultiPolygon geometry, positions [longitude, latitude]' },
);

export const RegionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  timezone: Type.String({ description: 'IANA time zone: weekly shift patterns are laid out in it' }),
  area: AreaSchema,
  rooftop: Type.Integer(),
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: "The area's bounding box: [west, south, east, north]" }),
  created_at: Instant(),
  updated_at: Instant(),
});

export const RegionList = Type.Object({ regions: Type.Array(RegionSchema, { description: 'In id order' }) });

export function regionJson(row: RegionRow): string {
  const bbox = JSON.stringify([row.min_lon, row.min_lat, row.max_lon, row.max_lat]);
  return (
    `{"id":${row.id},"name":${JSON.stringify(row.name)},"timezone":${JSON.stringify(row.timezone)},"area":${row.area},` +
    `"rooftop":${row.rooftop_id},"bbox":${bbox},"created_at":"${formatInstant(row.created_at)}","updated_at":"${formatInstant(row.updated_at)}"}`
  );
}

export const regionListJson = (rows: RegionRow[]): string => `{"regions":[${rows.map(regionJson).join(',')}]}`;
