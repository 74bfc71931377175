/**
 * HTTPS for `--tls-self-signed` and the tests of trust on first use: a fresh self-signed
 * certificate for the host the server listens on (plus localhost and the loopback
 * addresses), and its SHA-256 fingerprint in the form the app shows and pins.
 */

import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/** A certificate and its key, in PEM. */
export interface TlsMaterial {
  key: string;
  cert: string;
}

/** Generates a self-signed certificate for `host` (plus localhost and the loopback addresses). */
export async function generateSelfSigned(host: string): Promise<TlsMaterial> {
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (isIP(host) && host !== '127.0.0.1' && host !== '::1') altNames.push({ type: 7, ip: host });
  else if (!isIP(host) && host !== 'localhost') altNames.push({ type: 2, value: host });
  const pems = await generate([{ name: 'commonName', value: 'QuickBox reference server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The SHA-256 fingerprint of a PEM certificate: uppercase hex pairs joined by ':'. */
export function fingerprint256(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}
