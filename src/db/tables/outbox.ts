// What follows an event: the jobs table (the outbox), webhook subscriptions and their delivery
// log, customer texts and opt-outs.
import type { Generated } from 'kysely';

/** The outbox (src/jobs): one row per durable job. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** JSON. */
  payload: string;
  run_at: number;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Claims so far, including the current one. */
  attempts: number;
  max_attempts: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
  /** The rooftop the job works for: the worker shares its slots out fairly between rooftops. */
  rooftop_id: number | null;
  /** Jobs of one kind with the same key are capped together (a webhook delivery: its target's host). */
  concurrency_key: string | null;
}

export interface WebhookTable {
  id: Generated<number>;
  rooftop_id: number;
  target_url: string;
  /** Sealed signing secret. */
  secret: string;
  /** JSON array of event types. */
  event_types: string;
  description: string | null;
  active: number;
  disabled_reason: string | null;
  failing_since: number | null;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  created_at: number;
}

export interface SmsMessageTable {
  id: Generated<number>;
  move_id: number;
  rooftop_id: number;
  trigger: string;
  to_phone: string;
  body: string;
  status: string;
  provider: string | null;
  provider_message_id: string | null;
  attempts: number;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface SmsOptOutTable {
  phone: string;
  created_at: number;
}

/** Inbound texts (POST /v1/sms/inbound), with the move each answers when one was found. */
export interface SmsReplyTable {
  id: Generated<number>;
  move_id: number | null;
  from_phone: string;
  body: string;
  provider: string;
  /** The provider's id of the message (Twilio's MessageSid): a retry of it is stored once. */
  provider_message_id: string | null;
  received_at: number;
}
