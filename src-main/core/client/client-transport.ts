/**
 * The transport of the QuickBox client: one undici Agent per server (with the pin checked
 * on the finished handshake, before any request byte is written), connect, headers and body
 * timeouts, a cap on answer bodies, and retries with backoff for GET only. It knows nothing
 * of endpoints or credentials: it sends what it is given and hands back the status and the
 * JSON, or throws the CoreError of a transport failure.
 *
 * DELETE is idempotent in HTTP terms but is NOT retried: when a first revoke lands and its
 * answer is lost, the retry answers 404 and the app would report a failure that did not
 * happen (docs/adr/0001-client-retries-and-re-login.md).
 */

import { platform, release } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { CoreError } from '../support/core-error';
import {
  deadlineError,
  isGatewayStatus,
  isLoopbackHost,
  networkError,
  parseRetryAfter,
  protocolError,
  type Reply,
} from './client-errors';
import type { Logger } from '../support/logger';
import { makeDispatcher, NO_PROXY, type ProxyResolver } from './client-proxy';
import { normalizeFingerprint, osCertificates } from './tls-trust';

/**
 * How the app names itself to servers, `QuickBoxSessionCompanion/<version> (<os> <release>)`:
 * the server records it with the session the app signs in as (its Operations panel's Client
 * column), so an admin can tell the app's session from a browser's.
 */
export function clientUserAgent(version: string | null): string {
  const product = version ? `QuickBoxSessionCompanion/${version}` : 'QuickBoxSessionCompanion';
  return `${product} (${platform()} ${release()})`;
}

/** Timeouts, the answer size cap, the retry policy and the User-Agent of the client. */
export interface ClientLimits {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
  /**
   * The longest one attempt may take, from sending to the last byte of the answer: the
   * headers and body timers are idle timers, which a server trickling a byte at a time never
   * trips.
   */
  totalMs: number;
  maxResponseBytes: number;
  /** Extra attempts for an idempotent request (GET). */
  retries: number;
  retryBaseMs: number;
  /** The longest wait between attempts; a longer Retry-After is reported, not waited. */
  retryMaxDelayMs: number;
  /** The User-Agent of every request and event stream (see `clientUserAgent`). */
  userAgent: string;
  /** The proxy of a server's origin, asked before each request (null: straight there). */
  proxyFor: ProxyResolver;
  /** The OS trust store's CAs, trusted beside Node's own for unpinned https:// servers. */
  systemCertificates: () => readonly string[];
  /**
   * Told of each attempt once it has its answer or has failed (qbsc --verbose prints it):
   * the method, the URL without credentials, the status (null when none came) and the time.
   * Never a header, a body or a cookie.
   */
  onExchange?: (exchange: Exchange) => void;
}

/** One request as `ClientLimits.onExchange` hears of it. */
export interface Exchange {
  method: string;
  /** The origin and path (with the query): no user info, no header. */
  url: string;
  status: number | null;
  ms: number;
  /** The error's code when no answer came (unreachable, timeout, tls_untrusted...). */
  error: string | null;
}

/** The defaults: generous for slow links, bounded so nothing hangs. */
export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  connectMs: 10_000,
  headersMs: 15_000,
  bodyMs: 15_000,
  totalMs: 30_000,
  maxResponseBytes: 1024 * 1024,
  retries: 2,
  retryBaseMs: 300,
  retryMaxDelayMs: 5_000,
  userAgent: clientUserAgent(null),
  proxyFor: NO_PROXY,
  systemCertificates: osCertificates,
};

/** Where the client connects, and the certificate it trusts there. */
export interface ClientTarget {
  baseUrl: string;
  pinnedFingerprint: string | null;
}

/** One request, by path below the server's base URL. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** An answer whose body is not read yet (an event stream, or its refusal). */
export interface OpenReply {
  status: number;
  headers: Reply['headers'];
  body: Dispatcher.ResponseData['body'];
}

/** How long `close()` lets requests in flight finish before it tears their connections down. */
const CLOSE_GRACE_MS = 500;

/** A stream is quiet between events; the server's 15 s comments keep it alive. */
const STREAM_BODY_TIMEOUT_MS = 45_000;

/** The connections to one server. */
export class ClientTransport {
  /** The server's origin (scheme, host and port), for logs and messages. */
  readonly origin: string;
  /**
   * Whether requests cross a network unencrypted (http:// to another computer): the client
   * then sends no credentials at all (docs/adr/0002-pinning-and-no-clear-text-credentials.md).
   */
  readonly cleartextNetwork: boolean;
  private readonly basePath: string;
  private readonly pin: string | null;
  /** One dispatcher per way to the server ("" straight, else the proxy's URL). */
  private readonly dispatchers = new Map<string, Dispatcher>();
  /**
   * Aborted by `close()` once its grace is over: undici's destroy does not end an answer
   * whose body is still being read, so a trickling one would outlive the client.
   */
  private readonly closing = new AbortController();

  constructor(
    private readonly target: ClientTarget,
    private readonly limits: ClientLimits,
    private readonly logger: Logger,
  ) {
    const url = new URL(target.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.cleartextNetwork = url.protocol === 'http:' && !isLoopbackHost(url.hostname);
    this.pin =
      url.protocol === 'https:' && target.pinnedFingerprint
        ? normalizeFingerprint(target.pinnedFingerprint)
        : null;
  }

  /**
   * The network changed (or the computer woke): the connections kept alive may be dead
   * without a word, and a request written into one would wait out its timeouts. The next
   * requests go over new connections; the old ones end once their requests in flight have
   * (a write in flight is not cut off, which would leave its outcome unknown).
   */
  resetConnections(): void {
    const previous = [...this.dispatchers.values()];
    this.dispatchers.clear();
    for (const dispatcher of previous) void dispatcher.close().catch(() => undefined);
  }

  /** Sends a request (retrying a GET) and returns its reply whatever its status. */
  async request(spec: RequestSpec, authHeaders: Record<string, string> = {}): Promise<Reply> {
    const attempts = spec.method === 'GET' ? 1 + this.limits.retries : 1;
    for (let attempt = 1; ; attempt += 1) {
      let reply: Reply;
      try {
        reply = await this.requestOnce(spec, authHeaders);
      } catch (error) {
        const appError = (await this.networkError(error)).appError;
        const retryable = appError.code === 'unreachable' || appError.code === 'timeout';
        if (retryable && attempt < attempts) {
          await delay(this.backoff(attempt, null));
          continue;
        }
        throw new CoreError(appError);
      }
      const retryAfter = parseRetryAfter(reply.headers['retry-after']);
      const transient = reply.status === 429 || isGatewayStatus(reply.status);
      if (
        transient &&
        attempt < attempts &&
        (retryAfter === null || retryAfter * 1000 <= this.limits.retryMaxDelayMs)
      ) {
        await delay(this.backoff(attempt, retryAfter));
        continue;
      }
      return reply;
    }
  }

  /**
   * Opens a GET whose body is read by the caller (an event stream): no retries, and a body
   * timeout long enough for the quiet between events.
   */
  open(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<OpenReply> {
    return this.dispatch({
      origin: this.origin,
      path: `${this.basePath}${path}`,
      method: 'GET',
      headers: { 'user-agent': this.limits.userAgent, ...headers },
      signal,
      bodyTimeout: Math.max(this.limits.bodyMs, STREAM_BODY_TIMEOUT_MS),
    });
  }

  /** Reads a body within the size cap and parses it as JSON (204 or empty: null). */
  async readJson(answer: OpenReply): Promise<Reply> {
    const cap = this.limits.maxResponseBytes;
    const declared = Number(answer.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      answer.body.destroy();
      throw protocolError(`the body is larger than ${cap} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of answer.body) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        if (size > cap) {
          answer.body.destroy();
          throw protocolError(`the body is larger than ${cap} bytes`);
        }
        chunks.push(buffer);
      }
    } catch (error) {
      throw await this.networkError(error);
    }
    const { status, headers } = answer;
    if (status === 204 || size === 0) return { status, headers, json: null };
    const type = String(headers['content-type'] ?? '');
    if (!/\bjson\b/i.test(type)) {
      // A proxy's own page for a server that is down (nginx's "502 Bad Gateway") is no answer
      // of the API: the status alone says what happened.
      if (isGatewayStatus(status)) return { status, headers, json: null };
      throw protocolError(`HTTP ${status} with ${type || 'no content type'} instead of JSON`);
    }
    try {
      return { status, headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    } catch {
      throw protocolError(`HTTP ${status} with a body that is not valid JSON`);
    }
  }

  /**
   * Closes the connections. Requests in flight get a short grace period to finish; then
   * whatever is still open is torn down. Without that, an open event stream (which never
   * finishes by itself) would keep `close()`, and every edit or removal of the server that
   * waits for it, pending forever.
   */
  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    const closed = Promise.all(all.map((one) => one.close().catch(() => undefined)));
    const grace = new AbortController();
    const graceOver = delay(CLOSE_GRACE_MS, 'grace over', { signal: grace.signal }).catch(
      () => undefined,
    );
    const outcome = await Promise.race([closed.then(() => 'closed'), graceOver]);
    grace.abort();
    if (outcome !== 'closed') {
      this.closing.abort();
      await Promise.all(all.map((one) => one.destroy().catch(() => undefined)));
    }
  }

  private async requestOnce(
    spec: RequestSpec,
    authHeaders: Record<string, string>,
  ): Promise<Reply> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const query = search.size > 0 ? `?${search.toString()}` : '';
    const headers: Record<string, string> = {
      'user-agent': this.limits.userAgent,
      accept: 'application/json',
      ...spec.headers,
      ...authHeaders,
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    // One signal per attempt, aborted by its deadline or by the client's closing; its timer
    // and listener end with the attempt (AbortSignal.timeout and AbortSignal.any would keep a
    // timer and a composite signal alive for totalMs after every request).
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, this.limits.totalMs);
    timer.unref();
    const onClosing = () => attempt.abort();
    if (this.closing.signal.aborted) attempt.abort();
    else this.closing.signal.addEventListener('abort', onClosing, { once: true });
    try {
      const answer = await this.dispatch({
        origin: this.origin,
        path: `${this.basePath}${spec.path}${query}`,
        method: spec.method,
        headers,
        body,
        signal: attempt.signal,
      });
      return await this.readJson(answer);
    } catch (error) {
      if (timedOut) throw deadlineError(this.limits.totalMs);
      if (this.closing.signal.aborted) {
        throw new CoreError({
          code: 'unreachable',
          message: `The connection to ${this.origin} was closed before the answer came.`,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
      this.closing.signal.removeEventListener('abort', onClosing);
    }
  }

  private async dispatch(options: Dispatcher.RequestOptions): Promise<OpenReply> {
    const started = performance.now();
    const tell = (status: number | null, error: string | null): void =>
      this.limits.onExchange?.({
        method: options.method,
        url: `${this.origin}${options.path}`,
        status,
        ms: Math.round(performance.now() - started),
        error,
      });
    try {
      const dispatcher = await this.dispatcherNow();
      const response = await dispatcher.request(options);
      tell(response.statusCode, null);
      return {
        status: response.statusCode,
        headers: response.headers as Reply['headers'],
        body: response.body,
      };
    } catch (error) {
      const failure = await this.networkError(error);
      tell(null, failure.appError.code);
      throw failure;
    }
  }

  /**
   * The dispatcher of the way the host names now: asked per request, so a laptop that moves
   * to another network (or a PAC that changes its answer) is followed without a restart.
   */
  private async dispatcherNow(): Promise<Dispatcher> {
    let proxy: string | null = null;
    try {
      proxy = await this.limits.proxyFor(this.origin);
    } catch (error) {
      // Chromium goes direct when the PAC script fails; so does the app, and says so.
      this.logger.warn('proxy: no answer for the server; connecting directly', {
        origin: this.origin,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    const key = proxy ?? '';
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = makeDispatcher(proxy, {
        pin: this.pin,
        connectMs: this.limits.connectMs,
        headersMs: this.limits.headersMs,
        bodyMs: this.limits.bodyMs,
        systemCertificates: this.limits.systemCertificates,
      });
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  private backoff(attempt: number, retryAfterSeconds: number | null): number {
    if (retryAfterSeconds !== null)
      return Math.min(retryAfterSeconds * 1000, this.limits.retryMaxDelayMs);
    const exponential = this.limits.retryBaseMs * 2 ** (attempt - 1);
    const jitter = Math.random() * this.limits.retryBaseMs;
    return Math.min(exponential + jitter, this.limits.retryMaxDelayMs);
  }

  private networkError(error: unknown): Promise<CoreError> {
    return networkError(error, {
      baseUrl: this.target.baseUrl,
      connectMs: this.limits.connectMs,
      logger: this.logger,
      proxyFor: this.limits.proxyFor,
    });
  }
}
