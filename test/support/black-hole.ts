// A webhook receiver from hell: it accepts every TCP connection and never answers a byte, so each
// delivery to it holds its sender until the transport's timeout. close() cuts the connections,
// which ends those deliveries at once (a network error) instead of after the timeout.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export class BlackHole {
  /** Connections accepted so far, in all. */
  accepted = 0;
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((socket) => {
      this.accepted++;
      this.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => this.sockets.delete(socket));
      // Reads the request and never writes: the sender waits for response headers that never come.
      socket.resume();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hooks/handoff'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

export async function startBlackHole(): Promise<BlackHole> {
  return new BlackHole().start();
}
