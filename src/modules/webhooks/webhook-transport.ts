// How a webhook leaves the building: one POST, at most DEFAULT_TIMEOUT_MS from start to response
// headers, to an address the TargetGuard vetted just before (and only to that address). No
// redirects are followed, no connection is reused, and the response body is drained, never read.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { pinnedLookup, type TargetGuard, TargetRefused, type VettedTarget } from './target-guard.ts';

/** Spec §8: a receiver that has not answered within 10 seconds has failed this attempt. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookResponse {
  /** The receiver's HTTP status, or null when there was no response (refused target, network error, timeout). */
  statusCode: number | null;
  durationMs: number;
  /** Why there was no response; null when there was one. */
  error: string | null;
}

/** Sends one delivery attempt. Never rejects: every failure is described in the result. */
export interface WebhookTransport {
  post(request: WebhookPost): Promise<WebhookResponse>;
}

export interface HttpTransportOptions {
  guard: TargetGuard;
  /** Default DEFAULT_TIMEOUT_MS; tests shorten it. */
  timeoutMs?: number;
}

export class HttpWebhookTransport implements WebhookTransport {
  readonly timeoutMs: number;
  private readonly guard: TargetGuard;

  constructor(options: HttpTransportOptions) {
    this.guard = options.guard;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async post(request: WebhookPost): Promise<WebhookResponse> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const deadline = started + this.timeoutMs;
    const timedOut = () => `timed out after ${this.timeoutMs} ms`;

    let target: VettedTarget;
    try {
      target = await withDeadline(this.guard.vet(request.url), this.timeoutMs, timedOut);
    } catch (err) {
      const error = err instanceof TargetRefused ? `target refused: ${err.message}` : describe(err);
      return { statusCode: null, durationMs: elapsed(), error };
    }
    const remaining = Math.max(1, Math.round(deadline - performance.now()));
    const result = await send(target, request, remaining, timedOut);
    return { ...result, durationMs: elapsed() };
  }
}

function send(
  target: VettedTarget,
  request: WebhookPost,
  timeoutMs: number,
  timedOut: () => string,
): Promise<Omit<WebhookResponse, 'durationMs'>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: Omit<WebhookResponse, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const client = target.url.protocol === 'https:' ? https : http;
    const req = client.request(target.url, {
      method: 'POST',
      headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
      // No pooling: a pooled socket could outlive the check that allowed it.
      agent: false,
      lookup: pinnedLookup(target.addresses),
    });
    // One deadline for connecting, sending and the response headers; it also ends a response
    // body that never finishes, after the status has been taken.
    const timer = setTimeout(() => {
      settle({ statusCode: null, error: timedOut() });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      settle({ statusCode: res.statusCode ?? null, error: null });
      res.on('error', () => {});
      res.on('close', () => clearTimeout(timer));
      res.resume();
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      settle({ statusCode: null, error: describe(err) });
    });
    req.end(request.body);
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}
