// Per-client rate limit (a token bucket per client id, per process): `perMinute` sustained, up to
// `burst` at once. Over it: 429 rate_limited with Retry-After. Runs after authentication, so it
// counts clients, not addresses; unauthenticated endpoints are not limited here.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../lib/clock.ts';
import { ApiError } from '../lib/errors.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** 0 when the request may go ahead (a token is taken), else the ms until one is available. */
  take(key: string, now: number): number {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perMs);
  }
}

export function registerRateLimit(app: FastifyInstance, opts: { perMinute: number; burst: number; clock: Clock }): void {
  if (opts.perMinute <= 0) return; // disabled
  const buckets = new TokenBuckets(opts.perMinute, opts.burst);
  app.addHook('preHandler', async (request, reply) => {
    if (!request.auth) return;
    const waitMs = buckets.take(request.auth.clientId, opts.clock.now());
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
      throw new ApiError('rate_limited', `too many requests for this client; retry in ${Math.ceil(waitMs / 1000)} s`);
    }
  });
}
