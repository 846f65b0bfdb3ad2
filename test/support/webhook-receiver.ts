// A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records every request (headers
// and raw body) and checks its Handoff-Signature with its own HMAC code — node:crypto only, nothing
// from src — so the tests prove the signature a receiver would compute, not our own function.
// Programmable: fail the first N requests with a status, or hang without answering.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON (null when it is not JSON). */
  json: any;
  /** t from Handoff-Signature (null when the header is unreadable). */
  t: number | null;
  /** v1 from Handoff-Signature. */
  v1: string | null;
  /** Whether v1 is HMAC-SHA256("<t>.<raw body>") under the receiver's secret. */
  signatureValid: boolean;
  /** The status this receiver answered (null: it never answered). */
  answered: number | null;
}

export interface ReceiverOptions {
  /** The secret the subscription was created with. */
  secret: string;
}

/** What `hmac-sha256("<t>.<body>")` is, the receiver's own way. */
export function receiverSignature(secret: string, t: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
}

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  secret: string;
  private failNext = 0;
  private failStatus = 500;
  private hangAll = false;
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | null = null;
  private port = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(options: ReceiverOptions) {
    this.secret = options.secret;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.record(req.method ?? '', req.url ?? '', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The URL to subscribe (http on loopback: needs WEBHOOK_ALLOW_INSECURE_LOOPBACK=1). */
  url(path = '/hooks/handoff'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answer the next `n` requests with `status` (default 500), then 200 again. */
  failFirst(n: number, status = 500): void {
    this.failNext = n;
    this.failStatus = status;
  }

  /** Never answer (until stop()). */
  hang(on = true): void {
    this.hangAll = on;
  }

  /** The requests recorded so far, as their parsed bodies' event types. */
  types(): string[] {
    return this.requests.map((r) => r.json?.type);
  }

  /** Resolves once `count` requests have arrived in all (the sender may have given up on them already). */
  waitFor(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private record(method: string, path: string, headers: IncomingHttpHeaders, rawBody: string, res: ServerResponse): void {
    const header = typeof headers['handoff-signature'] === 'string' ? headers['handoff-signature'] : '';
    const parts = Object.fromEntries(header.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    const t = /^\d+$/.test(parts.t ?? '') ? (parts.t as string) : null;
    const v1 = /^[0-9a-f]{64}$/.test(parts.v1 ?? '') ? (parts.v1 as string) : null;
    const signatureValid =
      t !== null && v1 !== null && timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(receiverSignature(this.secret, t, rawBody), 'hex'));
    let json: any = null;
    try {
      json = JSON.parse(rawBody);
    } catch {
      json = null;
    }
    const entry: ReceivedRequest = {
      method,
      path,
      headers,
      rawBody,
      json,
      t: t === null ? null : Number(t),
      v1,
      signatureValid,
      answered: null,
    };
    this.requests.push(entry);

    if (this.hangAll) {
      this.hanging.add(res);
    } else {
      const status = this.failNext > 0 ? (this.failNext--, this.failStatus) : 200;
      entry.answered = status;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
    }
    this.waiters = this.waiters.filter((w) => {
      if (this.requests.length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}

export async function startReceiver(secret: string): Promise<WebhookReceiver> {
  return new WebhookReceiver({ secret }).start();
}
