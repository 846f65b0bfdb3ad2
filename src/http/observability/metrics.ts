// Prometheus metrics. Request counts and latencies are per process (each `serve` process is
// scraped on its own); queue depth and delivery outcomes are read from the database at scrape
// time, so every process reports the same, cluster-wide truth about them.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../lib/clock.ts';
import type { OutcomeCounter } from '../../lib/provider-http.ts';
import { queueDepth } from '../../jobs/job-queue.ts';
import { deliveryOutcomes } from './metrics.repository.ts';

/**
 * The geocoder and router calls, by provider and outcome. Made by the composition root (the
 * clients count into them from the first booking) and registered with the other metrics here.
 */
export class ProviderMetrics {
  readonly geocoder: OutcomeCounter;
  readonly router: OutcomeCounter;
  readonly counters: Counter<'provider' | 'outcome'>[];

  constructor() {
    const counter = (what: 'geocoder' | 'router') =>
      new Counter({
        name: `handoff_${what}_requests_total`,
        help: `${what === 'geocoder' ? 'Geocoder' : 'Router'} calls by provider and outcome (ok, not_found, timeout, unreachable, …)`,
        labelNames: ['provider', 'outcome'] as const,
        registers: [],
      });
    const geocoder = counter('geocoder');
    const router = counter('router');
    this.counters = [geocoder, router];
    this.geocoder = { inc: (provider, outcome) => geocoder.inc({ provider, outcome }) };
    this.router = { inc: (provider, outcome) => router.inc({ provider, outcome }) };
  }
}

export function registerMetrics(app: FastifyInstance, deps: { database: Database; clock: Clock; providers?: ProviderMetrics }): void {
  const registry = new Registry();
  for (const counter of deps.providers?.counters ?? []) registry.registerMetric(counter);
  const requests = new Counter({
    name: 'handoff_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'handoff_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const { jobs, oldestDue, deliveries, texts } = databaseGauges(registry);

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, so ids do not explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { route, method: request.method, status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const now = deps.clock.now();
    const [depth, outcomes] = await Promise.all([queueDepth(deps.database.db, now), deliveryOutcomes(deps.database.db)]);
    jobs.set({ state: 'queued' }, depth.queued);
    jobs.set({ state: 'due' }, depth.due);
    jobs.set({ state: 'running' }, depth.running);
    jobs.set({ state: 'failed' }, depth.failed);
    oldestDue.set(depth.oldestDueAgeMs / 1000);
    deliveries.reset();
    for (const [outcome, n] of Object.entries(outcomes.webhooks)) deliveries.set({ outcome }, n);
    texts.reset();
    for (const [status, n] of Object.entries(outcomes.sms)) texts.set({ status }, n);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** What is read from the database at scrape time: the job queue, webhook deliveries, customer texts. */
function databaseGauges(registry: Registry) {
  const jobs = new Gauge({
    name: 'handoff_jobs',
    help: 'Durable jobs by state (due = queued and ready to run now)',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const oldestDue = new Gauge({
    name: 'handoff_jobs_oldest_due_age_seconds',
    help: 'How long the oldest due job has been waiting',
    registers: [registry],
  });
  const deliveries = new Gauge({
    name: 'handoff_webhook_deliveries',
    help: 'Webhook delivery attempts by outcome (success = 2xx)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const texts = new Gauge({
    name: 'handoff_sms_messages',
    help: 'Customer text messages by status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  return { jobs, oldestDue, deliveries, texts };
}
