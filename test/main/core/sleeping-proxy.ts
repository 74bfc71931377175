/**
 * A loopback TCP proxy in front of a server that can play a computer's sleep: `sleep()`
 * makes every connection it carries silently stop forwarding (no RST, no FIN: the sockets
 * of both ends stay open and hear nothing, as after a laptop's lid was closed), and while
 * asleep new connections are accepted and hear nothing either. `wake()` lets new
 * connections through again; the ones from before stay dead, as a NAT or Wi-Fi change
 * leaves them.
 */

import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/** A running sleeping proxy. */
export interface SleepingProxy {
  /** http://127.0.0.1:<port>, the address the app is given. */
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  sleep(): void;
  wake(): void;
  /** Ends every connection it carries at once (a server restart, a load balancer's cut). */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (an http:// URL on loopback). */
export async function startSleepingProxy(target: string): Promise<SleepingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const dead = new WeakSet<Socket>();
  let asleep = false;
  let accepted = 0;
  const server = createServer((client) => {
    accepted += 1;
    const upstream = createConnection({ host: hostname, port: Number(port) });
    sockets.add(client);
    sockets.add(upstream);
    if (asleep) dead.add(client);
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (!dead.has(client)) to.write(chunk);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    // A dead connection hears nothing, its end included: the app must notice by itself.
    client.on('close', end).on('error', end);
    upstream
      .on('close', () => {
        if (!dead.has(client)) end();
      })
      .on('error', () => {
        if (!dead.has(client)) end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    connections: () => accepted,
    sleep() {
      asleep = true;
      for (const socket of sockets) dead.add(socket);
    },
    wake() {
      asleep = false;
    },
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
