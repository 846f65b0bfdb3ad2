// Rate limits (a token bucket per key, per process): `perMinute` sustained, up to `burst` at once;
// over it: 429 rate_limited with Retry-After. Authenticated endpoints count per client, after
// authentication. The endpoints anyone may call (POST /v1/authorize, /track/*, the Twilio webhook)
// mark themselves with `config: { rateLimitByAddress: true }` and count per remote address, before
// their body is even read.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../lib/clock.ts';
import { ApiError } from '../lib/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An unauthenticated endpoint: limited per remote address (RATE_LIMIT_ADDRESS_*). */
    rateLimitByAddress?: boolean;
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many keys, full buckets (the same as a new one) are dropped, so many addresses cannot fill memory. */
const SWEEP_ABOVE = 10_000;

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
    if (this.buckets.size > SWEEP_ABOVE && !this.buckets.has(key)) this.sweep(now);
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

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.burst) this.buckets.delete(key);
    }
  }
}

export interface RateLimitOptions {
  /** Per client. */
  perMinute: number;
  burst: number;
  /** Per remote address, on the endpoints that take no token. */
  byAddress: { perMinute: number; burst: number };
  clock: Clock;
}

function refuse(reply: FastifyReply, waitMs: number, who: string): never {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  reply.header('retry-after', String(seconds));
  throw new ApiError('rate_limited', `too many requests for this ${who}; retry in ${seconds} s`);
}

export function registerRateLimit(app: FastifyInstance, opts: RateLimitOptions): void {
  if (opts.byAddress.perMinute > 0) {
    const addresses = new TokenBuckets(opts.byAddress.perMinute, opts.byAddress.burst);
    app.addHook('onRequest', async (request, reply) => {
      if (!request.routeOptions.config.rateLimitByAddress) return;
      const waitMs = addresses.take(request.ip, opts.clock.now());
      if (waitMs > 0) refuse(reply, waitMs, 'address');
    });
  }
  if (opts.perMinute > 0) {
    const clients = new TokenBuckets(opts.perMinute, opts.burst);
    app.addHook('preHandler', async (request, reply) => {
      if (!request.auth) return;
      const waitMs = clients.take(request.auth.clientId, opts.clock.now());
      if (waitMs > 0) refuse(reply, waitMs, 'client');
    });
  }
}
