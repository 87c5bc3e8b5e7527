import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';

/** Groups of four hex digits, easier to read aloud and compare. */
export const groupFingerprint = (hex: string): string =>
  (hex.match(/.{1,4}/g) ?? []).join(' ').toUpperCase();

/** The installation's signing key: fingerprint, PEM, and how to check a package with it. */
export function PublicKeyPanel() {
  const t = useT();
  const key = useApi((signal) => unwrap(api.GET('/api/evidence/public-key', { signal })), []);
  return (
    <section aria-labelledby="public-key-title" data-testid="public-key">
      <h2 className="h5" id="public-key-title">
        {t('evidencePage.key.title')}
      </h2>
      <ErrorAlert error={key.error} />
      {key.data ? (
        <>
          <p className="small mb-1">
            {t('evidencePage.key.algorithm', { algorithm: key.data.algorithm })}
          </p>
          <p className="small mb-1">{t('evidencePage.key.fingerprint')}</p>
          <p className="vd-fingerprint" data-testid="key-fingerprint">
            {groupFingerprint(key.data.fingerprintSha256)}
          </p>
          <details>
            <summary className="small">{t('evidencePage.key.showPem')}</summary>
            <pre className="vd-pem small mt-2" data-testid="key-pem">
              {key.data.publicKeyPem}
            </pre>
          </details>
          <p className="small text-secondary mt-2 mb-0">{t('evidencePage.key.howTo')}</p>
          <pre className="vd-pem small mb-0">
            {
              'sha256sum -c SHA256SUMS\nopenssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig\nvedetta verify CARTELLA_O_ZIP'
            }
          </pre>
        </>
      ) : null}
    </section>
  );
}
