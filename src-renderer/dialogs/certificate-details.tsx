/**
 * What a person needs to decide whether to trust a certificate: its fingerprint, subject,
 * issuer and validity, how to read the same fingerprint on the server itself, and whether it
 * is the one an imported server list said to expect.
 */

import type { CertificateInfo } from '../../src-shared/domain';
import { useT } from '../i18n/translator-context';
import { localDate } from '../labels';

// Commands, the same in every language.
const OPENSSL_ON_SERVER = 'openssl x509 -in /path/to/certificate.pem -noout -fingerprint -sha256';
const opensslFrom = (host: string): string =>
  `openssl s_client -connect ${host} </dev/null | openssl x509 -noout -fingerprint -sha256`;

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
  const t = useT();
  const matchesImport = imported !== null && imported === certificate.fingerprint256;
  return (
    <div className="certificate">
      <dl className="facts">
        <dt>{t.t('app.cert.fingerprint')}</dt>
        <dd className="mono fingerprint" data-testid="fingerprint">
          {certificate.fingerprint256}
        </dd>
        {expected ? (
          <>
            <dt>{t.t('app.cert.trustedBefore')}</dt>
            <dd className="mono fingerprint">{expected}</dd>
          </>
        ) : null}
        {imported ? (
          <>
            <dt>{t.t('app.cert.inImport')}</dt>
            <dd className="mono fingerprint" data-testid="imported-fingerprint">
              {imported}
            </dd>
          </>
        ) : null}
        <dt>{t.t('app.cert.subject')}</dt>
        <dd data-i18n="data">{certificate.subject}</dd>
        <dt>{t.t('app.cert.issuer')}</dt>
        <dd className="inline-gap">
          <span data-i18n="data">{certificate.issuer}</span>
          {certificate.selfSigned ? <span>{t.t('app.cert.selfSigned')}</span> : null}
        </dd>
        <dt>{t.t('app.cert.valid')}</dt>
        <dd>
          {t.t('app.cert.validRange', {
            from: localDate(t, certificate.validFrom),
            to: localDate(t, certificate.validTo),
          })}
        </dd>
      </dl>
      {imported === null ? null : matchesImport ? (
        <p className="test-ok" data-testid="import-comparison">
          {t.t('app.cert.matchesImport')}
        </p>
      ) : (
        <p className="error-box compact" role="alert" data-testid="import-comparison">
          {t.rich('app.cert.differsFromImport', {
            b: (parts) => <strong key="b">{parts}</strong>,
          })}
        </p>
      )}
      <details className="how-to-check">
        <summary>{t.t('app.cert.howTo')}</summary>
        <p>{t.t('app.cert.onServer')}</p>
        <pre className="mono" data-i18n="data">
          {OPENSSL_ON_SERVER}
        </pre>
        <p>
          {t.rich('app.cert.elsewhere', {
            code: () => (
              <code key="code" className="mono" data-i18n="data">
                {opensslFrom(host)}
              </code>
            ),
          })}
        </p>
      </details>
    </div>
  );
}
