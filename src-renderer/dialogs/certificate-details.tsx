/**
 * What a person needs to decide whether to trust a certificate: its fingerprint, subject,
 * issuer and validity, and how to read the same fingerprint on the server itself.
 */

import type { CertificateInfo } from '../../src-shared/ipc-contract';
import { formatDate } from '../labels';

/** The certificate facts and how to check them. */
export function CertificateDetails({
  certificate,
  expected,
  host,
}: {
  certificate: CertificateInfo;
  expected: string | null;
  host: string;
}) {
  return (
    <div className="certificate">
      <dl className="facts">
        <dt>SHA-256 fingerprint</dt>
        <dd className="mono fingerprint" data-testid="fingerprint">
          {certificate.fingerprint256}
        </dd>
        {expected ? (
          <>
            <dt>Fingerprint you trusted before</dt>
            <dd className="mono fingerprint">{expected}</dd>
          </>
        ) : null}
        <dt>Subject</dt>
        <dd>{certificate.subject}</dd>
        <dt>Issuer</dt>
        <dd>
          {certificate.issuer}
          {certificate.selfSigned ? ' (self-signed)' : ''}
        </dd>
        <dt>Valid</dt>
        <dd>
          {formatDate(certificate.validFrom)} to {formatDate(certificate.validTo)}
        </dd>
      </dl>
      <details className="how-to-check">
        <summary>How to check this fingerprint on the server</summary>
        <p>On the server, in a terminal, run:</p>
        <pre className="mono">
          openssl x509 -in /path/to/certificate.pem -noout -fingerprint -sha256
        </pre>
        <p>
          or from another machine:{' '}
          <code className="mono">
            openssl s_client -connect {host} &lt;/dev/null | openssl x509 -noout -fingerprint
            -sha256
          </code>
          . Trust it only if every pair matches.
        </p>
      </details>
    </div>
  );
}
