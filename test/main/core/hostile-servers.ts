/**
 * Servers that lose a save's answer, on loopback: a proxy in front of a real reference
 * server that forwards everything as it came, except the save (PUT /api/settings/sessions),
 * whose answer it trickles (200, then one byte every 300 ms, for ever) or drops (the socket
 * destroyed), with or without passing the save on first.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { startRawServer } from './fixtures';

/** What the proxy does with a save. */
export type SaveTrouble =
  /** Passes the save on (it is committed), then trickles the answer: 200, a byte every 300 ms. */
  | 'commit-then-trickle'
  /** Trickles an answer without passing the save on (nothing is committed). */
  | 'trickle-only'
  /** Passes the save on (it is committed), then destroys the socket: no answer. */
  | 'commit-then-drop'
  /** Destroys the socket without passing the save on (nothing is committed). */
  | 'drop-only'
  /** Passes the save on, then `afterCommit` runs (another admin saves), then the socket goes. */
  | 'commit-overwrite-drop';

/** The answer of a server that trickles: 200, then one byte every 300 ms until the socket goes. */
export function trickle(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{');
  const timer = setInterval(() => response.write(' '), 300);
  response.on('close', () => clearInterval(timer));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function forward(
  target: string,
  request: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || ['host', 'connection', 'content-length'].includes(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const reply = await fetch(`${target}${request.url ?? '/'}`, {
    method: request.method ?? 'GET',
    headers,
    ...(body.length > 0 ? { body } : {}),
  });
  return {
    status: reply.status,
    headers: reply.headers,
    body: Buffer.from(await reply.arrayBuffer()),
  };
}

/**
 * A proxy to `target` (a reference server's URL) that gives every save the `trouble` asked
 * for (`setTrouble` changes it; null forwards saves too). Counts the saves that reached it.
 */
export async function startLossyProxy(
  target: string,
  trouble: SaveTrouble | null,
  afterCommit: () => Promise<void> = async () => undefined,
): Promise<{
  url: string;
  saves: () => number;
  setTrouble(next: SaveTrouble | null): void;
  /** From now on, every read of the settings (GET) trickles its answer too. */
  setReadTrouble(trickles: boolean): void;
  close: () => Promise<void>;
}> {
  let current = trouble;
  let readsTrickle = false;
  let saves = 0;
  const raw = await startRawServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const isSave = request.method === 'PUT' && request.url === '/api/settings/sessions';
      if (isSave && current !== null) {
        saves += 1;
        const mode = current;
        if (mode.startsWith('commit')) await forward(target, request, body);
        if (mode === 'commit-overwrite-drop') await afterCommit();
        if (mode.endsWith('trickle') || mode === 'trickle-only') trickle(response);
        else request.socket.destroy();
        return;
      }
      if (isSave) saves += 1;
      if (readsTrickle && request.method === 'GET' && request.url === '/api/settings/sessions') {
        trickle(response);
        return;
      }
      const reply = await forward(target, request, body);
      const headers: Record<string, string> = {};
      reply.headers.forEach((value, name) => {
        if (
          !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)
        )
          headers[name] = value;
      });
      response.writeHead(reply.status, headers);
      response.end(reply.body);
    })().catch(() => request.socket.destroy());
  });
  return {
    url: raw.url,
    saves: () => saves,
    setTrouble(next) {
      current = next;
    },
    setReadTrouble(trickles) {
      readsTrickle = trickles;
    },
    close: raw.close,
  };
}
