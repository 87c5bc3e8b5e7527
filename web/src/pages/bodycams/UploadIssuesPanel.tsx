import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Panel } from '../../components/Panel';
import { TextAreaField } from '../../components/TextAreaField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { discardUpload, loadNotIngested, retryUpload, type NotIngested } from './uploadIssuesApi';

const KIND_BADGE: Record<NotIngested['kind'], string> = {
  failed: 'bg-danger',
  stale: 'bg-warning text-dark',
  expired: 'bg-secondary',
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/**
 * Caricamenti non acquisiti: uploads from docking PCs that did not become clips (failed with
 * their file kept, stalled, recently expired), with retry and discard (into quarantine, with a
 * reason) for the failed ones. Shown to whoever manages the bodycams.
 */
export function UploadIssuesPanel() {
  const t = useT();
  const fmt = useFormat();
  const list = useApi((signal) => loadNotIngested(signal), []);
  const act = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<NotIngested | null>(null);

  const retry = async (u: NotIngested) => {
    setDone(null);
    const ok = await act.run(() => retryUpload(u.id));
    if (ok) {
      setDone(t('bodycams.uploads.retried', { file: u.fileName }));
      list.reload();
    }
  };

  const items = list.data;
  return (
    <Panel as="section" aria-labelledby="bc-uploads-title">
      <h2 className="h4" id="bc-uploads-title">
        {t('bodycams.uploads.title')}
      </h2>
      <p className="text-secondary">{t('bodycams.uploads.intro')}</p>
      {list.loading && !items ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      <ErrorAlert error={act.error} onClose={act.clearError} />
      {done ? (
        <Notice kind="success">
          <p className="mb-0">{done}</p>
        </Notice>
      ) : null}
      {items && items.length === 0 ? <p>{t('bodycams.uploads.empty')}</p> : null}
      {items && items.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="bodycam-uploads-not-ingested">
            <thead>
              <tr>
                <th scope="col">{t('bodycams.uploads.cols.state')}</th>
                <th scope="col">{t('bodycams.uploads.cols.serial')}</th>
                <th scope="col">{t('bodycams.uploads.cols.file')}</th>
                <th scope="col">{t('bodycams.uploads.cols.size')}</th>
                <th scope="col">{t('bodycams.uploads.cols.by')}</th>
                <th scope="col">{t('bodycams.uploads.cols.at')}</th>
                <th scope="col">{t('bodycams.uploads.cols.reason')}</th>
                <th scope="col">{t('bodycams.uploads.cols.file_kept')}</th>
                <th scope="col">{t('bodycams.uploads.cols.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id}>
                  <td>
                    <span className={`badge ${KIND_BADGE[u.kind]}`}>
                      {t(`bodycams.uploads.kind.${u.kind}`)}
                    </span>
                  </td>
                  <td className="font-monospace">{u.serial}</td>
                  <th scope="row" className="text-break">
                    {u.fileName}
                  </th>
                  <td>
                    {u.kind === 'failed' ? size(u.length) : `${size(u.offset)} / ${size(u.length)}`}
                  </td>
                  <td>{u.createdBy}</td>
                  <td>{fmt.dateTime(u.createdAt)}</td>
                  <td className="small text-break">{u.reason ?? '—'}</td>
                  <td>{u.fileKept ? t('bodycams.uploads.kept') : t('bodycams.uploads.gone')}</td>
                  <td>
                    {u.kind === 'failed' && u.fileKept ? (
                      <div className="d-flex gap-2 flex-wrap">
                        <button
                          type="button"
                          className="btn btn-sm btn-outline-primary"
                          aria-label={t('bodycams.uploads.retryLabel', { file: u.fileName })}
                          disabled={act.pending}
                          onClick={() => void retry(u)}
                        >
                          {t('bodycams.uploads.retry')}
                        </button>
                        <button
                          type="button"
                          className="btn btn-sm btn-outline-danger"
                          aria-label={t('bodycams.uploads.discardLabel', { file: u.fileName })}
                          disabled={act.pending}
                          onClick={() => {
                            setDone(null);
                            setDiscarding(u);
                          }}
                        >
                          {t('bodycams.uploads.discard')}
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {discarding ? (
        <DiscardDialog
          upload={discarding}
          onClose={() => setDiscarding(null)}
          onDiscarded={() => {
            setDone(t('bodycams.uploads.discarded', { file: discarding.fileName }));
            setDiscarding(null);
            list.reload();
          }}
        />
      ) : null}
    </Panel>
  );
}

function DiscardDialog({
  upload,
  onClose,
  onDiscarded,
}: {
  upload: NotIngested;
  onClose: () => void;
  onDiscarded: () => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const act = useAction();
  const fields = useFieldErrors(act.error, act.clearError);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!fields.check({ reason: !reason.trim() && fields.required })) return;
    const r = await act.run(() => discardUpload(upload.id, reason.trim()));
    if (r) onDiscarded();
  };
  return (
    <Dialog
      open
      title={t('bodycams.uploads.discardTitle', { file: upload.fileName })}
      onClose={onClose}
    >
      <p className="small">{t('bodycams.uploads.discardIntro')}</p>
      <form ref={fields.formRef} onSubmit={(e) => void submit(e)} noValidate>
        <TextAreaField
          label={t('bodycams.uploads.discardReason')}
          hint={t('bodycams.uploads.discardReasonHint')}
          value={reason}
          onChange={setReason}
          invalid={fields.of('reason')}
          required
        />
        <ErrorAlert error={act.error} onClose={act.clearError} />
        <div className="d-flex gap-2 justify-content-end">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={act.pending}>
            {t('bodycams.uploads.discardSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
