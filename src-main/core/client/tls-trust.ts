/**
 * TLS trust: certificate details for the admin to see before pinning, fingerprint
 * comparison, and the undici connector that enforces a pin on the handshake itself,
 * before any request byte (and so any credential) is written to the socket.
 */

import type { PeerCertificate, TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { buildConnector, Client } from 'undici';
import type { CertificateInfo } from '../../../src-shared/domain';

/** Normalises a SHA-256 fingerprint for comparison (uppercase hex pairs with colons). */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.trim().toUpperCase();
}

function formatName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}

function isoDate(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** What the admin is shown of a certificate. */
export function describeCertificate(certificate: PeerCertificate): CertificateInfo {
  const subject = formatName(certificate.subject);
  const issuer = formatName(certificate.issuer);
  return {
    fingerprint256: normalizeFingerprint(certificate.fingerprint256),
    subject,
    issuer,
    validFrom: isoDate(certificate.valid_from),
    validTo: isoDate(certificate.valid_to),
    selfSigned: subject === issuer,
  };
}

/** The error a pinned connection fails with when the server presents another certificate. */
export class PinMismatchError extends Error {
  readonly code = 'QB_PIN_MISMATCH';
  constructor(
    readonly expected: string,
    readonly certificate: CertificateInfo | null,
  ) {
    super('The server presented a certificate other than the pinned one.');
    this.name = 'PinMismatchError';
  }
}

/**
 * An undici connector for a pinned server. The pin replaces CA verification (the
 * certificate is self-signed, so no CA vouches for it); the check runs on the finished
 * handshake and destroys the socket before undici writes the request.
 */
export function pinnedConnector(
  pin: string,
  options: { timeout: number },
): buildConnector.connector {
  return withPin(pin, buildConnector({ ...PINNED_TLS, timeout: options.timeout }));
}

/**
 * The TLS options of a pinned connection (the proxy's tunnel uses them too): no CA check, no
 * session resumption, HTTP/1.1 only.
 */
export const PINNED_TLS = {
  rejectUnauthorized: false,
  // A resumed session must not skip the look at the certificate.
  maxCachedSessions: 0,
  // Offer HTTP/1.1 only in ALPN, as the unpinned connections do (client-transport.ts).
  allowH2: false,
} as const;

/**
 * Wraps a connector (direct, or the one that opens a proxy's CONNECT tunnel and shakes hands
 * with the origin inside it) with the pin check on the origin's certificate.
 */
export function withPin(pin: string, connect: buildConnector.connector): buildConnector.connector {
  const expected = normalizeFingerprint(pin);
  return (connectOptions, callback) => {
    connect(connectOptions, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new Error('connection failed'), null);
        return;
      }
      if (connectOptions.protocol !== 'https:') {
        callback(null, socket);
        return;
      }
      const peer = (socket as TLSSocket).getPeerCertificate();
      const presented = peer?.fingerprint256 ? normalizeFingerprint(peer.fingerprint256) : '';
      if (presented !== expected) {
        socket.destroy();
        callback(
          new PinMismatchError(expected, peer?.raw ? describeCertificate(peer) : null),
          null,
        );
        return;
      }
      callback(null, socket);
    });
  };
}

const contexts = new WeakMap<() => readonly string[], tls.SecureContext>();

/**
 * The TLS context of an unpinned connection: Node's default CAs (its bundled Mozilla CAs, and
 * NODE_EXTRA_CA_CERTS) and the operating system's trust store, so a company CA that IT put
 * into the OS store is trusted as a browser on that computer trusts it. Built once per source
 * (hundreds of CAs are parsed), not per connection.
 */
export function trustedContext(systemCertificates: () => readonly string[]): tls.SecureContext {
  const known = contexts.get(systemCertificates);
  if (known) return known;
  let system: readonly string[] = [];
  try {
    system = systemCertificates();
  } catch {
    // A store that cannot be read leaves the default CAs, as before.
  }
  // An older Node (Electron's may trail the app's 24) has only the bundled list.
  const defaults =
    typeof tls.getCACertificates === 'function'
      ? tls.getCACertificates('default')
      : tls.rootCertificates;
  const ca = [...new Set([...defaults, ...system])];
  const context = tls.createSecureContext({ ca });
  contexts.set(systemCertificates, context);
  return context;
}

/** The OS trust store's CAs (Node 24: `tls.getCACertificates('system')`). */
export function osCertificates(): readonly string[] {
  return tls.getCACertificates('system');
}

/**
 * Fetches the certificate a server presents now, without trusting it and without sending
 * anything but the handshake (through the CONNECT tunnel of the proxy `proxyFor` names for
 * its origin, as the requests go). Null when it cannot be fetched.
 */
export async function fetchCertificate(
  baseUrl: string,
  timeoutMs: number,
  proxyFor: (origin: string) => Promise<string | null> = () => Promise.resolve(null),
): Promise<CertificateInfo | null> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const proxy = await proxyFor(url.origin).catch(() => null);
  if (!proxy) return handshake(host, port, null, timeoutMs);
  const client = new Client(new URL(proxy).origin, { connect: { timeout: timeoutMs } });
  try {
    const socket = await tunnel(client, proxy, `${url.hostname}:${port}`, timeoutMs);
    return socket ? await handshake(host, port, socket, timeoutMs) : null;
  } finally {
    await client.destroy().catch(() => undefined);
  }
}

/** A CONNECT tunnel to `authority` through the proxy (its own credentials from its URL). */
async function tunnel(
  client: Client,
  proxy: string,
  authority: string,
  timeoutMs: number,
): Promise<Duplex | null> {
  const proxyUrl = new URL(proxy);
  const headers: Record<string, string> = { host: authority };
  if (proxyUrl.username) {
    const user = `${decodeURIComponent(proxyUrl.username)}:${decodeURIComponent(proxyUrl.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(user).toString('base64')}`;
  }
  try {
    const { socket, statusCode } = await client.connect({
      path: authority,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (statusCode === 200) return socket;
    socket.destroy();
    return null;
  } catch {
    return null;
  }
}

/** The bare handshake: the certificate presented, nothing sent. */
function handshake(
  host: string,
  port: number,
  through: Duplex | null,
  timeoutMs: number,
): Promise<CertificateInfo | null> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      ...(through ? { socket: through } : {}),
      servername: isIP(host) === 0 ? host : undefined,
      rejectUnauthorized: false,
    });
    const finish = (info: CertificateInfo | null): void => {
      clearTimeout(timer);
      socket.destroy();
      through?.destroy();
      resolve(info);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      finish(peer?.raw ? describeCertificate(peer) : null);
    });
    socket.once('error', () => finish(null));
  });
}

/** TLS error codes that mean "the certificate is not trusted" (as opposed to "no route"). */
const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** Whether an error code from a TLS handshake means the certificate did not verify. */
export function isUntrustedCertificateCode(code: string | undefined): boolean {
  return code !== undefined && UNTRUSTED_CODES.has(code);
}
