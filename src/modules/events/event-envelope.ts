// The event envelope of spec §8, as sent by GET /v1/events and by webhooks. The move document in
// `data` is stored already serialized, so it is spliced in rather than parsed and re-serialized.
import type { Selectable } from 'kysely';
import type { EventTable } from '../../db/schema.ts';
import { formatInstant } from '../../lib/instant.ts';

export const EVENT_VERSION = '1.0.0';

export function eventEnvelopeJson(e: Selectable<EventTable>): string {
  return (
    `{"id":${JSON.stringify(e.id)},"object":"event","type":${JSON.stringify(e.type)},` +
    `"version":"${EVENT_VERSION}","created":"${formatInstant(e.created_at)}","sequence":${e.sequence},` +
    `"data":${e.data}}`
  );
}
