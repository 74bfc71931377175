/**
 * What a person needs to decide whether to trust a certificate: its fingerprint, subject,
 * issuer and validity, how to read the same fingerprint on the server itself, and whether it
 * is the one an imported server list said to expect.
 */

import type { CertificateInfo } from '../../src-shared/domain';
import { formatDate } from '../labels';

/**
 * The certificate facts and how to check them. `expected` is the fingerprint pinned before (a
 * changed certificate); `imported` the one an imported list said to expect, only compared.
 */
export function CertificateDetails({
  certificate,
  expected,
  imported = null,
  host,
}: {
  certificate: CertificateInfo;
  expected: string | null;
  imported?: string | null;
  host: string;
}) {
  const matchesImport = imported !== null && imported === certificate.fingerprint256;
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
        {imported ? (
          <>
            <dt>Fingerprint in the imported file</dt>
            <dd className="mono fingerprint" data-testid="imported-fingerprint">
              {imported}
            </dd>
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
      {imported === null ? null : matchesImport ? (
        <p className="test-ok" data-testid="import-comparison">
          This fingerprint matches the fingerprint in the imported file. The file is not proof on
          its own: trust the certificate if you trust where the file came from.
        </p>
      ) : (
        <p className="error-box compact" role="alert" data-testid="import-comparison">
          <strong>This fingerprint does not match the fingerprint in the imported file.</strong> The
          server now presents another certificate than the one the file was exported with. It may
          have been renewed, or someone may be intercepting the connection: check the fingerprint on
          the server before you trust it.
        </p>
      )}
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
