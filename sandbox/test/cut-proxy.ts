/**
 * A loopback TCP proxy in front of a port, whose connections a test can cut at the
 * moment it chooses: on arrival, or from the sandbox's `message` event, which fires
 * before the reply to the final dot is written, so the client sees the connection
 * drop after its message went out and before any answer. It forwards bytes blindly,
 * so TLS runs end to end through it. Test-only: the sandbox itself never does this.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { HOST } from './helpers.ts';

export interface CutProxy {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Called with each new connection's number (1, 2, ...); return true to cut it at once. */
  cutOnArrival: (n: number) => boolean;
  /** Drops every open connection, both sides, without forwarding another byte. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    const n = ++accepted;
    if (proxy.cutOnArrival(n)) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: HOST, port: targetPort });
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      open.add(from);
      from.on('data', (d: Buffer) => to.write(d));
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const proxy: CutProxy = {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    cutOnArrival: () => false,
    cutAll() {
      for (const socket of open) {
        socket.removeAllListeners('data');
        socket.destroy();
      }
    },
    close() {
      proxy.cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
