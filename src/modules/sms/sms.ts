// Customer texts (spec §8), wired in one call from the composition root: the sender chosen by
// config, the event subscriber that decides the texts, and the `sms.send` job that sends them.
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Worker } from '../../jobs/worker.ts';
import type { Clock } from '../../lib/clock.ts';
import type { EventLog } from '../events/event-log.ts';
import { SmsDelivery } from './sms-delivery.ts';
import { SMS_SEND_JOB, SmsNotifier, type SmsSendJob } from './sms-notifier.ts';
import { createSmsSender, type SmsLogger, type SmsSender } from './sms-senders.ts';

/**
 * Texts one worker process sends at once. Twilio answers in a fraction of a second, so four send
 * several a second; with webhooks' own bound they leave slots for cancel decisions even
 * while Twilio is slow.
 */
export const SMS_CONCURRENCY = 4;

export interface Sms {
  sender: SmsSender;
  delivery: SmsDelivery;
  /** Twilio's auth token, which signs its inbound webhooks; null with the log provider (then inbound is refused). */
  inboundAuthToken: string | null;
}

export function setUpSms(d: {
  config: Config;
  database: Database;
  clock: Clock;
  events: EventLog;
  worker: Worker;
  logger?: Partial<SmsLogger> | object;
  /** Replaces the configured sender (tests). */
  sender?: SmsSender;
}): Sms {
  const sender = d.sender ?? createSmsSender(d.config.sms, d.logger as Partial<SmsLogger> | undefined);
  d.events.subscribe(new SmsNotifier({ publicUrl: d.config.publicUrl }));
  const delivery = new SmsDelivery({ database: d.database, clock: d.clock, sender });
  d.worker.register<SmsSendJob>(SMS_SEND_JOB, (job, ctx) => delivery.send(job, ctx), { concurrency: SMS_CONCURRENCY });
  return { sender, delivery, inboundAuthToken: d.config.sms.provider === 'twilio' ? (d.config.sms.twilio?.authToken ?? null) : null };
}
