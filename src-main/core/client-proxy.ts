/**
 * The way to a server: straight, or through the proxy the host names for its origin (the
 * app asks Electron, which follows the system settings and PAC; qbsc reads HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY). Whatever the way, the TLS handshake is with the origin itself (a
 * CONNECT tunnel for https://), so the pin and the CA check hold end to end and the proxy
 * sees only `CONNECT host:port` (docs/adr/0010-proxies-and-the-os-trust-store.md).
 */

import { Agent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { isLoopbackHost } from './client-errors';
import { PINNED_TLS, pinnedConnector, trustedContext, withPin } from './tls-trust';

/** The proxy URL for an origin (`http://host:port` or `https://host:port`), null for none. */
export type ProxyResolver = (origin: string) => Promise<string | null>;

/** No proxy anywhere (the default of core). */
export const NO_PROXY: ProxyResolver = () => Promise.resolve(null);

/**
 * Reads a PAC-style answer (Electron's `session.resolveProxy`): "DIRECT", "PROXY host:port",
 * "HTTPS host:port", or a list of them separated by ";". The first supported entry wins;
 * SOCKS entries are skipped (not supported), and an answer with nothing supported is direct.
 */
export function parsePacAnswer(answer: string): string | null {
  for (const entry of answer.split(';')) {
    const [kind = '', hostPort = ''] = entry.trim().split(/\s+/);
    const scheme = kind.toUpperCase();
    if (scheme === 'DIRECT') return null;
    if (!/^[\w.-]+:\d+$|^\[[\da-f:.]+\]:\d+$/i.test(hostPort)) continue;
    if (scheme === 'PROXY') return `http://${hostPort}`;
    if (scheme === 'HTTPS') return `https://${hostPort}`;
  }
  return null;
}

/** Whether NO_PROXY (comma or space separated hosts, ".suffix", "host:port", "*") covers a URL. */
function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((rule) => {
      if (rule === '*') return true;
      const match = /^(.*?)(?::(\d+))?$/.exec(rule.toLowerCase());
      const name = (match?.[1] ?? '').replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
      if (match?.[2] && match[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/**
 * qbsc's resolver, from the environment as curl and most tools read it: HTTPS_PROXY for
 * https://, HTTP_PROXY for http:// (either case), NO_PROXY to bypass. Loopback is never sent
 * to a proxy (a proxy elsewhere cannot reach this computer's 127.0.0.1).
 */
export function envProxyFor(env: NodeJS.ProcessEnv): ProxyResolver {
  const read = (name: string): string =>
    (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '').trim();
  return (origin) => {
    const url = new URL(origin);
    const proxy = read(url.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
    if (!proxy || isLoopbackHost(url.hostname) || bypassed(url, read('no_proxy'))) {
      return Promise.resolve(null);
    }
    return Promise.resolve(/^[a-z][\w+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
  };
}

/** What a dispatcher to one server is made with. */
export interface DispatcherOptions {
  /** The normalised pin of an https:// server, or null (then the CAs decide). */
  pin: string | null;
  connectMs: number;
  headersMs: number;
  bodyMs: number;
  /** The OS trust store's CAs, trusted beside Node's default ones. */
  systemCertificates: () => readonly string[];
}

/** The undici dispatcher to a server, straight or through `proxy`. */
export function makeDispatcher(proxy: string | null, options: DispatcherOptions): Dispatcher {
  const { pin } = options;
  const tlsOptions = pin
    ? PINNED_TLS
    : { secureContext: trustedContext(options.systemCertificates), allowH2: false };
  const common = {
    headersTimeout: options.headersMs,
    bodyTimeout: options.bodyMs,
    connections: 8,
    // HTTP/1.1 as the timeouts, the connection cap and the event streams were built for;
    // undici 8 would otherwise speak HTTP/2 to a server that offers it
    // (docs/adr/0004-a-total-deadline-and-http-1-1.md).
    allowH2: false,
  };
  if (!proxy) {
    return new Agent({
      ...common,
      connect: pin
        ? pinnedConnector(pin, { timeout: options.connectMs })
        : { ...tlsOptions, timeout: options.connectMs },
    });
  }
  return new ProxyAgent({
    ...common,
    uri: proxy,
    connectTimeout: options.connectMs,
    requestTls: tlsOptions,
    // The pin is checked on the socket the tunnel's handshake with the origin produced,
    // before undici writes the request into it.
    factory: (origin, agentOptions) => {
      const connect = (agentOptions as { connect?: unknown }).connect;
      return new Pool(origin, {
        ...agentOptions,
        ...(pin && typeof connect === 'function'
          ? { connect: withPin(pin, connect as Parameters<typeof withPin>[1]) }
          : {}),
      });
    },
  });
}
