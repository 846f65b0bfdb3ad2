// Who actually sends a text. `log` (the default) keeps it on this machine: the message row is the
// record, and a log line says what would have gone out. `twilio` sends it through the official
// client. A sender reports a failure as an SmsSendError saying whether trying again can help.
import { randomUUID } from 'node:crypto';
import type twilio from 'twilio';
import type { Config } from '../../config.ts';
import { maskPhone, redactText } from '../../lib/redaction.ts';
import { loadTwilio } from './twilio-module.ts';

export interface SmsSender {
  /** Stored on the message row: 'log' or 'twilio'. */
  readonly provider: string;
  send(to: string, body: string): Promise<{ providerMessageId: string }>;
}

export type SendFailureKind =
  /** The provider or the network had a problem: try again later. */
  | 'transient'
  /** The provider refused this message (bad number, …): trying again cannot help. */
  | 'permanent'
  /** The provider says the recipient unsubscribed (e.g. replied STOP to the number directly). */
  | 'opted_out';

export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly kind: SendFailureKind,
    /** The provider's error code, e.g. Twilio 21211. */
    readonly code: number | null = null,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** What LogSender logs through; pino's logger fits. */
export interface SmsLogger {
  info(obj: object, msg: string): void;
}

/** Sends nothing: logs the text (masked) and keeps the last few in memory (for a look in a REPL or a test). */
export class LogSender implements SmsSender {
  readonly provider = 'log';
  readonly recent: { to: string; body: string; providerMessageId: string }[] = [];

  constructor(
    private readonly logger: SmsLogger = { info: (obj, msg) => console.log(msg, obj) },
    private readonly keep = 100,
  ) {}

  async send(to: string, body: string): Promise<{ providerMessageId: string }> {
    const providerMessageId = `log-${randomUUID()}`;
    // Masked: the link is a bearer secret for the trip and the number is the customer's (lib/redaction.ts).
    this.logger.info({ sms: { to: maskPhone(to), body: redactText(body), providerMessageId } }, 'customer text (SMS_PROVIDER=log: not sent)');
    this.recent.push({ to, body, providerMessageId });
    if (this.recent.length > this.keep) this.recent.shift();
    return { providerMessageId };
  }
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** A phone number (E.164) or a Messaging Service SID (MG…). */
  from: string;
  /** Another API base than https://api.twilio.com (a test stub, a proxy); null for Twilio's. */
  apiBaseUrl: string | null;
  /** Per request; well under the job lease so a hung request never makes a job run twice. */
  timeoutMs?: number;
}

/** Twilio codes that mean the recipient has unsubscribed from this sender. */
const UNSUBSCRIBED = new Set([21610]);

export class TwilioSender implements SmsSender {
  readonly provider = 'twilio';
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: TwilioSettings) {
    this.client = loadTwilio()(settings.accountSid, settings.authToken, {
      timeout: settings.timeoutMs ?? 15_000,
      // Retries are the job queue's: durable, with backoff, recorded on the message.
      autoRetry: false,
    });
    // Every domain of the client resolves its URLs against its own baseUrl (twilio-node's
    // Domain); Messages live on the `api` domain.
    if (settings.apiBaseUrl) this.client.api.baseUrl = settings.apiBaseUrl;
  }

  async send(to: string, body: string): Promise<{ providerMessageId: string }> {
    const from = this.settings.from;
    try {
      const message = await this.client.messages.create(
        from.startsWith('MG') ? { to, body, messagingServiceSid: from } : { to, body, from },
      );
      return { providerMessageId: message.sid };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }
}

/**
 * Twilio's REST errors carry the HTTP status and Twilio's error code: 5xx and 429 are worth
 * retrying, any other 4xx (21211 invalid number, 21614 not a mobile number, 20003 bad
 * credentials, …) is not. Anything without a status never got an answer (refused, reset, timed
 * out): retried.
 */
export function classifyTwilioError(err: unknown): SmsSendError {
  const e = (err ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : null;
    const text = `twilio ${code ?? `HTTP ${e.status}`}: ${message}`;
    if (code !== null && UNSUBSCRIBED.has(code)) return new SmsSendError(text, 'opted_out', code);
    if (e.status >= 500 || e.status === 429) return new SmsSendError(text, 'transient', code);
    return new SmsSendError(text, 'permanent', code);
  }
  const netCode = typeof e.code === 'string' ? ` (${e.code})` : '';
  return new SmsSendError(`twilio unreachable${netCode}: ${message}`, 'transient');
}

/** The configured sender: Twilio when its settings are given, else the log sender. */
export function createSmsSender(sms: Config['sms'], logger?: Partial<SmsLogger>): SmsSender {
  if (sms.provider === 'twilio' && sms.twilio) return new TwilioSender(sms.twilio);
  return new LogSender(typeof logger?.info === 'function' ? (logger as SmsLogger) : undefined);
}
