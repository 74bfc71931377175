/**
 * A small proxy on 127.0.0.1 for the proxy tests: it answers CONNECT with a tunnel (counted,
 * its request line and headers kept, every byte that crosses it kept) to the same port on
 * 127.0.0.1 whatever the host named, and forwards a plain http:// request (kept too).
 */

import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** What the proxy saw. */
export interface ProxySight {
  /** The CONNECT targets (host:port), one per tunnel. */
  tunnels: string[];
  /** The headers of each CONNECT. */
  connectHeaders: IncomingHttpHeaders[];
  /** Plain requests forwarded (their absolute URLs). */
  forwarded: string[];
  /** Every byte the tunnels carried, both ways. */
  tunnelBytes(): Buffer;
}

/** Starts the proxy; `url` is its http:// address. */
export async function startConnectProxy(): Promise<{
  url: string;
  seen: ProxySight;
  close: () => Promise<void>;
}> {
  const carried: Buffer[] = [];
  const seen: ProxySight = {
    tunnels: [],
    connectHeaders: [],
    forwarded: [],
    tunnelBytes: () => Buffer.concat(carried),
  };
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    seen.forwarded.push(request.url ?? '');
    const target = new URL(request.url ?? '');
    const upstream = httpRequest(
      target,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    seen.tunnels.push(request.url ?? '');
    seen.connectHeaders.push(request.headers);
    // Every name is this computer: a test reaches https://box.test:PORT only through here.
    const port = Number(/:(\d+)$/.exec(request.url ?? '')?.[1]);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.on('data', (chunk: Buffer) => carried.push(chunk));
      upstream.on('data', (chunk: Buffer) => carried.push(chunk));
      client.pipe(upstream).pipe(client);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
