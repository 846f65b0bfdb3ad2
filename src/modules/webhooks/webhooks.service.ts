// Webhook subscriptions of a rooftop (spec §8): create, list, read, change, delete, send a test,
// read the delivery attempts. A subscription belongs to one rooftop; another rooftop's is reported
// as missing (spec §3). The signing secret is stored sealed and never shown again.
import type { Insertable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { WriteOptions } from '../../db/executor.ts';
import type { WebhookTable } from '../../db/schema.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { keysetPage, nextCursor } from '../../lib/keyset.ts';
import { seal, unseal } from '../../lib/sealed.ts';
import { type TargetGuard, TargetRefused } from './target-guard.ts';
import { sendAttempt, TEST_EVENT_TYPE, testEnvelopeJson } from './webhook-delivery.ts';
import { deliveryDocument, testResultJson, type WebhookDocument, webhookDocument, webhookJson } from './webhook-document.ts';
import type { NewWebhookFields, TargetCheck, WebhookChanges } from './webhook-fields.ts';
import type { WebhookTransport } from './webhook-transport.ts';
import {
  deleteWebhook,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  updateWebhook,
  type WebhookRow,
} from './webhooks.repository.ts';

export interface WebhookServiceDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  guard: TargetGuard;
  transport: WebhookTransport;
  /** Seals and opens the signing secrets (sealingKey(secret, 'webhook-secrets')). */
  secretKey: Buffer;
}

export class WebhookService {
  /** The target check the request readers run (routes pass it): shape, then the DNS half (TargetGuard.vet). */
  readonly targetCheck: TargetCheck;

  constructor(private readonly d: WebhookServiceDeps) {
    const guard = d.guard;
    this.targetCheck = {
      allowInsecureLoopback: guard.allowInsecureLoopback,
      vet: async (url) => {
        try {
          await guard.vet(url);
          return null;
        } catch (err) {
          if (err instanceof TargetRefused) return err.message;
          throw err;
        }
      },
    };
  }

  /** Subscribes; answers with the subscription's document, serialized. */
  async create(fields: NewWebhookFields, options: WriteOptions = {}): Promise<string> {
    const now = this.d.clock.now();
    return this.d.database.db.transaction().execute(async (trx) => {
      const json = webhookJson(this.document(await insertWebhook(trx, this.newRow(fields, now))));
      await options.inTransaction?.(trx, json);
      return json;
    });
  }

  private newRow(fields: NewWebhookFields, now: number): Insertable<WebhookTable> {
    return {
      rooftop_id: fields.rooftopId,
      target_url: fields.targetUrl,
      secret: seal(fields.secret, this.d.secretKey),
      event_types: JSON.stringify(fields.eventTypes),
      description: fields.description,
      active: 1,
      disabled_reason: null,
      failing_since: null,
      deleted_at: null,
      created_at: now,
      updated_at: now,
    };
  }

  async list(auth: AuthContext): Promise<WebhookDocument[]> {
    return (await listWebhooks(this.d.database.db, auth.rooftopIds)).map((r) => this.document(r));
  }

  async get(auth: AuthContext, id: number): Promise<WebhookDocument> {
    return this.document(await this.mine(auth, id));
  }

  async update(auth: AuthContext, id: number, changes: WebhookChanges): Promise<WebhookDocument> {
    await this.mine(auth, id);
    const row = await updateWebhook(
      this.d.database.db,
      id,
      {
        ...(changes.targetUrl !== undefined && { target_url: changes.targetUrl }),
        ...(changes.secret !== undefined && { secret: seal(changes.secret, this.d.secretKey) }),
        ...(changes.eventTypes !== undefined && { event_types: JSON.stringify(changes.eventTypes) }),
        ...(changes.description !== undefined && { description: changes.description }),
        // Enabling (again) starts afresh; disabling by hand leaves no automatic reason.
        ...(changes.active !== undefined && { active: changes.active ? 1 : 0, disabled_reason: null, failing_since: null }),
      },
      this.d.clock.now(),
    );
    if (!row) throw notFound('webhook');
    return this.document(row);
  }

  async remove(auth: AuthContext, id: number): Promise<void> {
    await this.mine(auth, id);
    if (!(await deleteWebhook(this.d.database.db, id, this.d.clock.now()))) throw notFound('webhook');
  }

  /** Sends a `webhook.test` event now, signed like any delivery, and records the attempt. Works on a disabled subscription too. */
  async sendTest(auth: AuthContext, id: number, options: WriteOptions = {}): Promise<string> {
    const hook = await this.mine(auth, id);
    const eventId = this.d.ids.uuid();
    const body = testEnvelopeJson(eventId, this.d.clock.now());
    let json = '';
    await sendAttempt(this.d, hook, { id: eventId, type: TEST_EVENT_TYPE, body }, 1, async (trx, r) => {
      json = testResultJson({ event_id: eventId, delivered: r.delivered, status_code: r.statusCode, duration_ms: r.durationMs, error: r.error });
      await options.inTransaction?.(trx, json);
    });
    return json;
  }

  /** The subscription's delivery attempts, newest first, older than the attempt `beforeId` when given. */
  async deliveries(auth: AuthContext, id: number, query: { limit: number; beforeId: number | null }) {
    const hook = await this.mine(auth, id);
    const rows = await listDeliveries(this.d.database.db, { webhookId: Number(hook.id), beforeId: query.beforeId, limit: query.limit });
    const page = keysetPage(rows, query.limit);
    return { deliveries: page.page.map(deliveryDocument), next_cursor: nextCursor(page, (last) => `d${last.id}`) };
  }

  private async mine(auth: AuthContext, id: number): Promise<WebhookRow> {
    const row = await findWebhook(this.d.database.db, id, auth.rooftopIds);
    if (!row) throw notFound('webhook');
    return row;
  }

  private document(row: WebhookRow): WebhookDocument {
    return webhookDocument(row, unseal(row.secret, this.d.secretKey));
  }
}
