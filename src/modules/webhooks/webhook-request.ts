// Reading webhook subscriptions from request bodies (spec §2/§4 rules: strings trimmed, an empty
// required field is field_missing, a wrong type or value field_invalid, every problem listed).
// The checks that need no network are here; the DNS half of the target check (TargetGuard.vet) is
// passed in as `vet` and runs once the URL's shape passed, so its problem is listed with the rest.
import type { AuthContext } from '../auth/auth-context.ts';
import { readRooftopChoice } from '../rooftops/rooftop-choice.ts';
import type { NewWebhookFields, TargetCheck, WebhookChanges } from './webhook-fields.ts';

export type { NewWebhookFields, TargetCheck, WebhookChanges, WebhookFields } from './webhook-fields.ts';
import { type FieldReader, readFieldsAsync, requireSomeOf } from '../../lib/validation.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { checkTargetShape, TARGET_URL_MAX } from './target-guard.ts';

export const SECRET_MIN = 16;
export const SECRET_MAX = 200;
export const DESCRIPTION_MAX = 500;
/** In event_types: every event type, today's and future ones. */
export const ALL_EVENTS = '*';

export const PATCHABLE_FIELDS = ['target_url', 'secret', 'event_types', 'description', 'active'] as const;


async function readTargetUrl(r: FieldReader, check: TargetCheck): Promise<string | undefined> {
  const raw = r.string('target_url', { required: true, max: TARGET_URL_MAX });
  if (raw === undefined) return undefined;
  const shape = checkTargetShape(raw, check.allowInsecureLoopback);
  // Stored, checked and delivered to in the URL parser's normalized form: it drops the tabs and
  // newlines a raw string may carry, lower-cases the host and encodes what needs encoding.
  const normalized = 'url' in shape ? shape.url.href : raw;
  const problem =
    'problem' in shape
      ? shape.problem
      : normalized.length > TARGET_URL_MAX
        ? `target_url must be at most ${TARGET_URL_MAX} characters`
        : await check.vet(normalized);
  if (problem !== null) {
    r.invalid('target_url', problem);
    return undefined;
  }
  return normalized;
}

function readSecret(r: FieldReader): string | undefined {
  const secret = r.string('secret', { required: true });
  if (secret === undefined) return undefined;
  if (secret.length < SECRET_MIN || secret.length > SECRET_MAX) {
    r.invalid('secret', `secret must be ${SECRET_MIN} to ${SECRET_MAX} characters (a long random string)`);
    return undefined;
  }
  return secret;
}

function readEventTypes(r: FieldReader): string[] | undefined {
  const v = r.value.event_types;
  if (v === undefined || v === null) {
    r.invalid('event_types', 'event_types is required: a list of event types, or ["*"] for all', 'field_missing');
    return undefined;
  }
  if (!Array.isArray(v)) {
    r.invalid('event_types', 'event_types must be an array of event types, or ["*"] for all');
    return undefined;
  }
  if (v.length === 0) {
    r.invalid('event_types', 'event_types must name at least one event type, or be ["*"] for all', 'field_missing');
    return undefined;
  }
  const known = new Set<string>([...EVENT_TYPES, ALL_EVENTS]);
  const types: string[] = [];
  let ok = true;
  v.forEach((item, i) => {
    const s = typeof item === 'string' ? item.trim() : null;
    if (s === null || !known.has(s)) {
      r.invalid(`event_types.${i}`, `event_types.${i} must be one of ${EVENT_TYPES.map((t) => `"${t}"`).join(', ')}, or "*"`);
      ok = false;
    } else if (!types.includes(s)) {
      types.push(s);
    }
  });
  if (!ok) return undefined;
  if (types.includes(ALL_EVENTS) && types.length > 1) {
    r.invalid('event_types', 'event_types: "*" already means every event type; send ["*"] alone');
    return undefined;
  }
  return types;
}

function readDescription(r: FieldReader): string | null | undefined {
  const before = r.problems.list.length;
  const d = r.string('description', { required: false, max: DESCRIPTION_MAX });
  return r.problems.list.length > before ? undefined : d;
}

/** POST /v1/webhooks; throws listing every problem. */
export async function readNewWebhook(body: Record<string, unknown>, auth: AuthContext, check: TargetCheck): Promise<NewWebhookFields> {
  const { targetUrl, secret, eventTypes, description, rooftopId } = await readFieldsAsync(body, async (r) => ({
    targetUrl: await readTargetUrl(r, check),
    secret: readSecret(r),
    eventTypes: readEventTypes(r),
    description: readDescription(r),
    rooftopId: readRooftopChoice(r, auth),
  }));
  if (targetUrl === undefined || secret === undefined || eventTypes === undefined || description === undefined || rooftopId === undefined) {
    throw new Error('readNewWebhook: validation let a missing field through');
  }
  return { targetUrl, secret, eventTypes, description, rooftopId };
}

/**
 * PATCH /v1/webhooks/:id. Absent means unchanged; description may be cleared with null, the other
 * fields not. `active: true` re-enables a disabled subscription. A body with none of the fields is
 * field_missing.
 */
export async function readWebhookPatch(body: Record<string, unknown>, check: TargetCheck): Promise<WebhookChanges> {
  requireSomeOf(body, PATCHABLE_FIELDS);
  return readFieldsAsync(body, (r) => readWebhookChanges(r, body, check));
}

async function readWebhookChanges(r: FieldReader, body: Record<string, unknown>, check: TargetCheck): Promise<WebhookChanges> {
  const changes: WebhookChanges = {};
  if ('target_url' in body) {
    const v = await readTargetUrl(r, check);
    if (v !== undefined) changes.targetUrl = v;
  }
  if ('secret' in body) {
    const v = readSecret(r);
    if (v !== undefined) changes.secret = v;
  }
  if ('event_types' in body) {
    const v = readEventTypes(r);
    if (v !== undefined) changes.eventTypes = v;
  }
  if ('description' in body) {
    const v = readDescription(r);
    if (v !== undefined) changes.description = v;
  }
  if ('active' in body) {
    const v = r.boolean('active', { required: true });
    if (v !== undefined) changes.active = v;
  }
  return changes;
}

/** Whether a subscription to `types` (as stored) wants an event of `type`. */
export function subscribesTo(types: readonly string[], type: string): boolean {
  return types.includes(ALL_EVENTS) || types.includes(type);
}
