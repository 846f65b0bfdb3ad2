// What a webhook subscription request says, once read (webhook-request.ts reads it, the service
// carries it out), and the check the reader runs on a target URL.

export interface WebhookFields {
  targetUrl: string;
  secret: string;
  /** Known event types without duplicates, in the order given, or ["*"]. */
  eventTypes: string[];
  description: string | null;
}

export interface NewWebhookFields extends WebhookFields {
  rooftopId: number;
}

export type WebhookChanges = Partial<WebhookFields> & { active?: boolean };

export interface TargetCheck {
  /** WEBHOOK_ALLOW_INSECURE_LOOPBACK. */
  allowInsecureLoopback: boolean;
  /** Why the target is refused after resolving its host, or null when it is fine. */
  vet(url: string): Promise<string | null>;
}
