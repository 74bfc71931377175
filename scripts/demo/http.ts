/**
 * The demo's own small HTTP client for the simulated people and the other admin: JSON in and
 * out over undici, one Agent per server that trusts exactly that server's self-signed
 * certificate (nothing else: it does not turn verification off), and short timeouts so a
 * stopping demo never waits long on a request.
 */

import { Agent, request } from 'undici';

/** What came back: the status, the ETag if any, and the JSON body (or null). */
export interface DemoReply {
  status: number;
  etag: string | null;
  body: unknown;
}

/** One request's parts. */
export interface DemoRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  token?: string | null;
  body?: unknown;
  ifMatch?: string;
  userAgent?: string;
}

/** The connection to one demo server. */
export class DemoHttp {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    certificate: string | null,
  ) {
    this.agent = new Agent({
      connect: certificate ? { ca: certificate } : {},
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    });
  }

  /** Sends one request; network failures throw. */
  async call(call: DemoRequest): Promise<DemoReply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.token) headers['authorization'] = `Bearer ${call.token}`;
    if (call.ifMatch) headers['if-match'] = call.ifMatch;
    if (call.userAgent) headers['user-agent'] = call.userAgent;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const response = await request(new URL(call.path, this.baseUrl), {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      dispatcher: this.agent,
    });
    const text = await response.body.text();
    const etag = response.headers['etag'];
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.statusCode, etag: typeof etag === 'string' ? etag : null, body };
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}
