import { Badge, Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../../api/errors';
import { Dialog } from '../../../components/Dialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Panel } from '../../../components/Panel';
import { TextAreaField } from '../../../components/TextAreaField';
import { formatClock } from '../../../components/timeline/rome';
import { useApi } from '../../../hooks/useApi';
import { useT } from '../../../i18n';
import { usePermissions } from '../../../session/context';
import { download } from '../evidenceApi';
import { ShareDialog } from './ShareDialog';
import { loadShares, loadShareTerms, revokeShare, verbaleUrl, type Share } from './sharesApi';

const STATUS_COLOR: Record<Share['status'], string> = {
  attiva: 'success',
  scaduta: 'secondary',
  revocata: 'danger',
  esaurita: 'warning',
  bloccata: 'danger',
};

const ms = (iso: string) => Date.parse(iso);

/**
 * The item's share links: who received it, status, every download with its time and IP,
 * the verbale di consegna, revoke. "Condividi" opens the dialog (needs evidence.share).
 */
export function SharesPanel({
  evidenceId,
  evidenceNumber,
  onChange,
}: {
  evidenceId: string;
  evidenceNumber: string;
  /** Sharing wrote to the chain of custody: the page reloads it. */
  onChange: () => void;
}) {
  const t = useT();
  const { can } = usePermissions();
  const canShare = can('evidence.share');
  const shares = useApi((signal) => loadShares(evidenceId, signal), [evidenceId]);
  const terms = useApi(
    (signal) => (canShare ? loadShareTerms(signal) : Promise.resolve(undefined)),
    [canShare],
  );
  const [sharing, setSharing] = useState(false);
  const [revoking, setRevoking] = useState<Share | null>(null);
  const changed = () => {
    shares.reload();
    onChange();
  };

  return (
    <Panel as="section" className="mb-4" aria-labelledby="ev-shares">
      <div className="d-flex justify-content-between align-items-start gap-2">
        <h2 className="h5" id="ev-shares">
          {t('evidenceShares.title')}
        </h2>
        {canShare ? (
          <Button
            color="primary"
            size="sm"
            onClick={() => setSharing(true)}
            data-testid="share-open"
          >
            {t('evidenceShares.share')}
          </Button>
        ) : null}
      </div>
      <p className="small text-secondary">{t('evidenceShares.intro')}</p>
      <ErrorAlert error={shares.error} />
      {shares.data && shares.data.items.length === 0 ? (
        <p className="small mb-0">{t('evidenceShares.none')}</p>
      ) : null}
      <ul className="list-unstyled mb-0" data-testid="shares">
        {shares.data?.items.map((s) => (
          <li
            key={s.id}
            className="border-top pt-2 mt-2"
            data-testid="share-item"
            data-status={s.status}
            data-share-id={s.id}
          >
            <div className="d-flex justify-content-between gap-2">
              <div>
                <strong>{s.recipient.name}</strong> — {s.recipient.organization}
                <span className="d-block small text-secondary">
                  {t(`evidenceShares.types.${s.recipient.type}`)}
                  {s.recipient.role ? ` · ${s.recipient.role}` : ''}
                  {s.caseRef ? ` · ${s.caseRef}` : ''}
                </span>
              </div>
              <Badge
                color={STATUS_COLOR[s.status]}
                className="align-self-start"
                data-testid="share-status"
              >
                {t(`evidenceShares.statuses.${s.status}`)}
              </Badge>
            </div>
            <p className="small mb-1">
              {t('evidenceShares.expiresAt', { date: formatClock(ms(s.expiresAt)) })} ·{' '}
              <span data-testid="share-count">
                {t('evidenceShares.downloadsCount', {
                  count: s.downloadCount,
                  max: s.maxDownloads,
                })}
              </span>
              {s.hasPassword ? ` · ${t('evidenceShares.withPassword')}` : ''}
              {s.failedAttempts > 0
                ? ` · ${t('evidenceShares.failedAttempts', { count: s.failedAttempts })}`
                : ''}
              {s.mailed && s.recipient.email
                ? ` · ${t('evidenceShares.mailedTo', { email: s.recipient.email })}`
                : ''}
            </p>
            <p className="small text-secondary mb-1">
              {t('evidenceShares.createdBy', {
                name: s.createdBy.name,
                date: formatClock(ms(s.createdAt)),
              })}
              {' · '}
              {s.reason}
            </p>
            {s.revokedAt ? (
              <p className="small text-danger mb-1">
                {t('evidenceShares.revokedBy', {
                  user: s.revokedBy ?? '',
                  date: formatClock(ms(s.revokedAt)),
                  reason: s.revokeReason ?? '',
                })}
              </p>
            ) : null}
            <details className="small mb-1">
              <summary>
                {t('evidenceShares.downloadsTitle')} ({s.downloads.length})
              </summary>
              {s.downloads.length === 0 ? (
                <p className="mb-0">{t('evidenceShares.noDownloads')}</p>
              ) : (
                <ol className="mb-0 small" data-testid="share-downloads">
                  {s.downloads.map((d, i) => (
                    <li key={`${d.at}-${i}`}>
                      {formatClock(ms(d.at))} · <span data-testid="share-download-ip">{d.ip}</span>{' '}
                      · {d.format === 'zip' ? t('evidenceShares.downloadZip') : d.path}
                      {d.userAgent ? (
                        <span className="d-block text-secondary text-break">{d.userAgent}</span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              )}
            </details>
            <div className="d-flex gap-2 flex-wrap">
              <Button
                color="secondary"
                outline
                size="xs"
                onClick={() => {
                  download(verbaleUrl(evidenceId, s.id));
                  window.setTimeout(onChange, 1500);
                }}
                data-testid="share-verbale"
              >
                {t('evidenceShares.verbale')}
              </Button>
              {canShare && s.revokedAt === null ? (
                <Button
                  color="danger"
                  outline
                  size="xs"
                  onClick={() => setRevoking(s)}
                  data-testid="share-revoke"
                >
                  {t('evidenceShares.revoke')}
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {sharing ? (
        <ShareDialog
          open
          evidenceId={evidenceId}
          evidenceNumber={evidenceNumber}
          terms={terms.data}
          onClose={() => setSharing(false)}
          onCreated={changed}
        />
      ) : null}
      {revoking ? (
        <RevokeDialog
          evidenceId={evidenceId}
          share={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            changed();
          }}
        />
      ) : null}
    </Panel>
  );
}

function RevokeDialog({
  evidenceId,
  share,
  onClose,
  onRevoked,
}: {
  evidenceId: string;
  share: Share;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await revokeShare(evidenceId, share.id, reason.trim());
      onRevoked();
    } catch (err: unknown) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title={t('evidenceShares.revokeTitle', { name: share.recipient.name })}
      onClose={onClose}
    >
      <form onSubmit={(e) => void submit(e)} data-testid="revoke-form">
        <ErrorAlert error={error} onClose={() => setError(null)} />
        <p className="small">{t('evidenceShares.revokeNotice')}</p>
        <TextAreaField
          id="revoke-reason"
          label={t('evidenceShares.revokeReason')}
          value={reason}
          onChange={setReason}
          required
          minLength={5}
          maxLength={2000}
          rows={2}
          autoFocus
        />
        <div className="d-flex justify-content-end gap-2">
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="danger" disabled={busy || reason.trim().length < 5}>
            {t('evidenceShares.revokeSubmit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
