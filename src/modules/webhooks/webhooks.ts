// The webhooks module, assembled: the target guard, the transport, the service behind the routes,
// the fanout subscribed to the event log and the delivery job registered on the worker. deps.ts
// calls createWebhooks once; tests build the parts they need from the same classes.
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Worker } from '../../jobs/worker.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { sealingKey } from '../../lib/sealed.ts';
import type { EventLog } from '../events/event-log.ts';
import { type Resolver, TargetGuard } from './target-guard.ts';
import { type DeliverJob, WEBHOOK_DELIVER_JOB, WebhookDeliverer } from './webhook-delivery.ts';
import { WebhookFanout } from './webhook-fanout.ts';
import { HttpWebhookTransport, type WebhookTransport } from './webhook-transport.ts';
import { WebhookService } from './webhooks.service.ts';

export type { WebhookTransport } from './webhook-transport.ts';

export interface Webhooks {
  service: WebhookService;
  guard: TargetGuard;
  transport: WebhookTransport;
  deliverer: WebhookDeliverer;
}

export interface WebhooksDeps {
  config: Pick<Config, 'webhooks'>;
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  events: EventLog;
  worker: Worker;
  /** The server secret; the subscription secrets are sealed with a key derived from it. */
  secret: string;
  /** Default: HTTPS (http to loopback when allowed) through the guard, 10 s timeout. */
  transport?: WebhookTransport;
  /** Default: node:dns. */
  resolver?: Resolver;
}

/** The key that seals subscription secrets at rest. */
export const webhookSecretKey = (serverSecret: string) => sealingKey(serverSecret, 'webhook-secrets');

export function createWebhooks(d: WebhooksDeps): Webhooks {
  const guard = new TargetGuard({ allowInsecureLoopback: d.config.webhooks.allowInsecureLoopback, resolver: d.resolver });
  const transport = d.transport ?? new HttpWebhookTransport({ guard });
  const secretKey = webhookSecretKey(d.secret);
  const service = new WebhookService({ database: d.database, clock: d.clock, ids: d.ids, guard, transport, secretKey });
  const deliverer = new WebhookDeliverer({ database: d.database, clock: d.clock, transport, secretKey });
  d.events.subscribe(new WebhookFanout());
  // Bounded apart from texts and cancel decisions, and per host: a receiver that never answers
  // holds a slot for the whole timeout (the fanout keys each job by its target's host).
  const { concurrency, hostConcurrency } = d.config.webhooks;
  d.worker.register<DeliverJob>(WEBHOOK_DELIVER_JOB, deliverer.handle, { concurrency, perKey: hostConcurrency });
  return { service, guard, transport, deliverer };
}
