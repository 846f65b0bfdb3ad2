// A webhook receiver that takes its time: every request is held `delayMs` before the 200, and its
// arrival and answer instants are recorded with the event id, so a test can prove that no event
// was ever being delivered twice at the same moment (overlapping intervals = a job run twice
// concurrently). Signatures are checked with test/support/webhook-receiver.ts's own HMAC code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { receiverSignature } from './webhook-receiver.ts';

export interface TimedDelivery {
  eventId: string | null;
  type: string | null;
  signatureValid: boolean;
  /** When the request (headers and body) had arrived, epoch ms. */
  arrivedAt: number;
  /** When the 200 was written; null while it is being held. */
  answeredAt: number | null;
}

export class TimedReceiver {
  readonly deliveries: TimedDelivery[] = [];
  private server: Server | null = null;
  private port = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly secret: string,
    private readonly delayMs: number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let json: any = null;
        try {
          json = JSON.parse(raw);
        } catch {
          json = null;
        }
        const d: TimedDelivery = {
          eventId: typeof json?.id === 'string' ? json.id : null,
          type: typeof json?.type === 'string' ? json.type : null,
          signatureValid: this.verify(String(req.headers['handoff-signature'] ?? ''), raw),
          arrivedAt: Date.now(),
          answeredAt: null,
        };
        this.deliveries.push(d);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          d.answeredAt = Date.now();
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        }, this.delayMs);
        this.timers.add(timer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hooks/handoff'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Deliveries per event id. */
  byEvent(): Map<string, TimedDelivery[]> {
    const map = new Map<string, TimedDelivery[]>();
    for (const d of this.deliveries) {
      if (d.eventId === null) continue;
      map.set(d.eventId, [...(map.get(d.eventId) ?? []), d]);
    }
    return map;
  }

  /** Event ids that had two deliveries in flight at the same moment. */
  overlapping(): string[] {
    const out: string[] = [];
    for (const [id, list] of this.byEvent()) {
      const sorted = [...list].sort((a, b) => a.arrivedAt - b.arrivedAt);
      for (let i = 1; i < sorted.length; i++) {
        const prevEnd = sorted[i - 1]!.answeredAt ?? Infinity;
        if (sorted[i]!.arrivedAt < prevEnd) out.push(id);
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private verify(header: string, raw: string): boolean {
    const parts = Object.fromEntries(header.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    if (!/^\d+$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
    return timingSafeEqual(Buffer.from(parts.v1!, 'hex'), Buffer.from(receiverSignature(this.secret, parts.t!, raw), 'hex'));
  }
}

export async function startTimedReceiver(secret: string, delayMs: number): Promise<TimedReceiver> {
  return new TimedReceiver(secret, delayMs).start();
}
