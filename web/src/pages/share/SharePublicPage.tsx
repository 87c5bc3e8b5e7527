import { Button } from 'design-react-kit';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { TextField } from '../../components/TextField';
import { formatClock } from '../../components/timeline/rome';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { download, formatBytes } from '../evidence/evidenceApi';
import { groupFingerprint } from '../evidence/PublicKeyPanel';
import {
  openShare,
  publicFileUrl,
  publicZipUrl,
  type ShareAccess,
} from '../evidence/shares/sharesApi';

type State =
  | { kind: 'opening' }
  | { kind: 'password'; error: ApiError | null }
  | { kind: 'open'; access: ShareAccess }
  | { kind: 'gone'; error: ApiError };

const GONE = new Set([
  'share_not_found',
  'share_revoked',
  'share_expired',
  'share_exhausted',
  'share_locked',
]);

/**
 * The recipient's page (`/condivisione#<secret>`): no login, no navigation, nothing but the
 * shared item. The secret stays in the URL fragment (never sent in a URL to the server); it is
 * posted to open the link, with the password if one is set.
 */
export function SharePublicPage() {
  const t = useT();
  const fragment = window.location.hash.replace(/^#/, '');
  // A link cut short (a mail client wrapping it, a partial copy) is named as such, not sent
  // to the server, whose validation message would be technical and in English.
  const token = /^[A-Za-z0-9_-]{20,200}$/.test(fragment) ? fragment : '';
  const [state, setState] = useState<State>({ kind: 'opening' });
  const [password, setPassword] = useState('');
  const fields = useFieldErrors(state.kind === 'password' ? state.error : null);

  const attempt = useCallback(
    async (pw?: string) => {
      try {
        setState({ kind: 'open', access: await openShare(token, pw) });
      } catch (err: unknown) {
        const error = toApiError(err);
        if (GONE.has(error.code)) setState({ kind: 'gone', error });
        else if (error.code === 'share_password_required')
          setState({ kind: 'password', error: null });
        else setState({ kind: 'password', error });
      }
    },
    [token],
  );

  useEffect(() => {
    if (token) void attempt();
  }, [token, attempt]);

  /**
   * Downloads with a valid key: one about to expire (the page was left open) is renewed
   * first by opening the link again. Afterwards the counts and the link's state are re-read.
   */
  const fetchFile = async (urlOf: (key: string) => string) => {
    if (state.kind !== 'open') return;
    let access = state.access;
    if (Date.parse(access.keyExpiresAt) - Date.now() < 60_000) {
      try {
        access = await openShare(token, password || undefined);
        setState({ kind: 'open', access });
      } catch {
        void attempt(password || undefined);
        return;
      }
    }
    download(urlOf(access.key));
    window.setTimeout(() => void attempt(password || undefined), 1500);
  };

  if (!token) {
    return (
      <Frame>
        <p role="alert">{t('evidenceShares.public.noToken')}</p>
      </Frame>
    );
  }
  return (
    <Frame>
      {state.kind === 'opening' ? <Loading label={t('evidenceShares.public.opening')} /> : null}
      {state.kind === 'gone' ? (
        <div
          className="alert alert-danger"
          role="alert"
          data-testid="share-gone"
          data-code={state.error.code}
        >
          <h2 className="h5">{t('evidenceShares.public.gone')}</h2>
          <p className="mb-0">{state.error.message}</p>
        </div>
      ) : null}
      {state.kind === 'password' ? (
        <form
          ref={fields.formRef}
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            if (!fields.check({ password: !password && fields.required })) return;
            void attempt(password);
          }}
          data-testid="share-password-form"
          noValidate
        >
          <p>{t('evidenceShares.public.passwordIntro')}</p>
          <ErrorAlert error={state.error} />
          <TextField
            id="share-password"
            type="password"
            autoComplete="off"
            label={t('evidenceShares.public.password')}
            value={password}
            onChange={setPassword}
            invalid={fields.of('password')}
            required
            autoFocus
          />
          <Button type="submit" color="primary">
            {t('evidenceShares.public.open')}
          </Button>
        </form>
      ) : null}
      {state.kind === 'open' ? (
        <Opened access={state.access} onDownload={(urlOf) => void fetchFile(urlOf)} />
      ) : null}
    </Frame>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div data-testid="share-page">
      <h1 className="h3">{t('evidenceShares.public.title')}</h1>
      <p className="text-secondary">{t('evidenceShares.public.intro')}</p>
      {children}
    </div>
  );
}

function Opened({
  access,
  onDownload,
}: {
  access: ShareAccess;
  onDownload: (urlOf: (key: string) => string) => void;
}) {
  const t = useT();
  return (
    <div data-testid="share-open" data-number={access.evidenceNumber}>
      <Panel className="mb-4">
        <h2 className="h5">
          {t('evidenceShares.public.evidence', { number: access.evidenceNumber })}
        </h2>
        <dl className="row small mb-3">
          <dt className="col-sm-4">{t('evidenceShares.public.recipient')}</dt>
          <dd className="col-sm-8">
            {access.recipient.name} — {access.recipient.organization}
          </dd>
          <dt className="col-sm-4">{t('evidenceShares.public.sharedBy')}</dt>
          <dd className="col-sm-8">{access.sharedBy}</dd>
          {access.caseRef ? (
            <>
              <dt className="col-sm-4">{t('evidenceShares.public.caseRef')}</dt>
              <dd className="col-sm-8">{access.caseRef}</dd>
            </>
          ) : null}
          <dt className="col-sm-4">{t('evidenceShares.public.expires')}</dt>
          <dd className="col-sm-8">{formatClock(Date.parse(access.expiresAt))}</dd>
          <dt className="col-sm-4">{t('evidenceShares.public.downloadsLeft')}</dt>
          <dd className="col-sm-8" data-testid="share-downloads-left">
            {access.downloadsLeft} / {access.maxDownloads}
          </dd>
        </dl>
        <Button
          color="primary"
          disabled={access.downloadsLeft === 0}
          onClick={() => onDownload(publicZipUrl)}
          data-testid="share-download-zip"
        >
          {t('evidenceShares.public.downloadZip', { size: formatBytes(access.totalBytes) })}
        </Button>
        <p className="small text-secondary mt-2 mb-0">{t('evidenceShares.public.counted')}</p>
      </Panel>
      <Panel as="section" className="mb-4" aria-labelledby="share-files">
        <h2 className="h5" id="share-files">
          {t('evidenceShares.public.filesTitle')}
        </h2>
        <div className="table-responsive">
          <table className="table table-sm align-middle mb-0" data-testid="share-files">
            <tbody>
              {access.files.map((f) => (
                <tr key={f.path}>
                  <td className="small text-break">
                    {f.path}
                    <span className="d-block text-secondary">{formatBytes(f.bytes)}</span>
                  </td>
                  <td className="vd-hash small">{f.sha256}</td>
                  <td>
                    <Button
                      color="secondary"
                      outline
                      size="xs"
                      disabled={access.downloadsLeft === 0}
                      onClick={() => onDownload((key) => publicFileUrl(key, f.path))}
                    >
                      {t('evidenceShares.public.fileDownload')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <Panel as="section" aria-labelledby="share-verify">
        <h2 className="h5" id="share-verify">
          {t('evidenceShares.public.verifyTitle')}
        </h2>
        <p className="small">{t('evidenceShares.public.verifyIntro')}</p>
        <pre className="small bg-light p-2 mb-2">sha256sum -c SHA256SUMS</pre>
        <p className="small">{t('evidenceShares.public.verifySums')}</p>
        <pre className="small bg-light p-2 mb-2 text-wrap">
          {
            'openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig'
          }
        </pre>
        <p className="small">{t('evidenceShares.public.verifySig')}</p>
        {access.readme ? (
          <details className="mb-3">
            <summary className="small">LEGGIMI.txt</summary>
            <pre className="small bg-light p-2 mb-0 text-wrap" data-testid="share-readme">
              {access.readme}
            </pre>
          </details>
        ) : null}
        <p className="small mb-1">{t('evidenceShares.public.fingerprint')}</p>
        <p className="vd-fingerprint mb-0">{groupFingerprint(access.publicKeyFingerprint)}</p>
      </Panel>
    </div>
  );
}
