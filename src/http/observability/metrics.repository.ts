import { sql } from 'kysely';
import type { Executor } from '../../db/executor.ts';

/** Webhook attempts by outcome and customer texts by status, across every process. */
export async function deliveryOutcomes(db: Executor) {
  const [webhooks, sms] = await Promise.all([
    db
      .selectFrom('webhook_deliveries')
      .select([
        sql<string>`case when status_code between 200 and 299 then 'success' when status_code is null then 'error' else 'http_error' end`.as('outcome'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .groupBy('outcome')
      .execute(),
    db
      .selectFrom('sms_messages')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  return {
    webhooks: Object.fromEntries(webhooks.map((r) => [r.outcome, Number(r.n)])),
    sms: Object.fromEntries(sms.map((r) => [r.status, Number(r.n)])),
  };
}
