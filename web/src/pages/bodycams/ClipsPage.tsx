import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { usePermissions } from '../../session/context';
import { ClipExportPanel, sameEvent } from './ClipExportPanel';
import { ClipTable } from './ClipTable';
import { loadClips, requestView, type Clip, type ViewGrant } from './bodycamsApi';

/** Riprese: the clip register and the audited viewing with reason and case reference (B5). */
export function ClipsPage() {
  const t = useT();
  const { can } = usePermissions();
  // The privacy officer without bodycam.view works on the flagged clips.
  const review = !can('bodycam.view');
  const clips = useApi((s) => loadClips(review, s), [review]);
  const [viewing, setViewing] = useState<Clip | null>(null);
  return (
    <>
      <PageHeader
        title={t('bodycams.clips.title')}
        intro={review ? t('bodycams.clips.reviewIntro') : t('bodycams.clips.intro')}
      />
      <ErrorAlert error={clips.error} />
      {clips.loading && !clips.data ? <Loading /> : null}
      {clips.data && clips.data.length === 0 ? <p>{t('bodycams.clips.empty')}</p> : null}
      {clips.data && clips.data.length > 0 ? (
        <ClipTable
          clips={clips.data}
          showOfficer
          action={(c) =>
            c.deletedAt ? null : (
              <button
                type="button"
                className="btn btn-sm btn-primary"
                onClick={() => setViewing(c)}
              >
                {t('bodycams.clips.view')}
              </button>
            )
          }
        />
      ) : null}
      {viewing ? (
        <ViewDialog
          clip={viewing}
          others={can('evidence.acquire') ? sameEvent(viewing, clips.data ?? []) : []}
          canExport={can('evidence.acquire')}
          onExported={clips.reload}
          onClose={() => setViewing(null)}
        />
      ) : null}
    </>
  );
}

function ViewDialog({
  clip,
  others,
  canExport,
  onExported,
  onClose,
}: {
  clip: Clip;
  others: Clip[];
  canExport: boolean;
  onExported: () => void;
  onClose: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [reason, setReason] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const [grant, setGrant] = useState<ViewGrant | null>(null);
  const act = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const g = await act.run(() => requestView(clip.id, reason.trim(), caseRef.trim()));
    if (g) setGrant(g);
  };
  const notUsable =
    grant?.notUsableForAdministrativeOffences ?? clip.notUsableForAdministrativeOffences;
  return (
    <Dialog
      open
      wide
      title={t('bodycams.clips.viewTitle', { date: fmt.dateTime(clip.recordedStart) })}
      onClose={onClose}
    >
      {notUsable ? (
        <Notice kind="warning">
          <p className="mb-0 fw-semibold" data-testid="not-usable-flag">
            {t('bodycams.clips.notUsable')}
          </p>
        </Notice>
      ) : null}
      <p className="small text-secondary">
        {clip.serial} · {clip.officerName ?? '—'} ·{' '}
        {clip.categoryLabel ?? t('bodycams.clips.toCategorize')}
      </p>
      {grant ? (
        <>
          <Notice kind="info">
            <p className="mb-0">
              {t('bodycams.clips.viewing', { time: fmt.dateTime(grant.expiresAt) })}
            </p>
          </Notice>
          <video
            className="w-100 bg-black"
            src={grant.url}
            controls
            autoPlay
            muted
            playsInline
            controlsList="nodownload"
            aria-label={t('bodycams.clips.player')}
            onContextMenu={(e) => e.preventDefault()}
          />
          {canExport ? (
            <ClipExportPanel
              clip={clip}
              others={others}
              reason={reason.trim()}
              caseRef={caseRef.trim()}
              onExported={onExported}
            />
          ) : null}
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <p>{t('bodycams.clips.viewIntro')}</p>
          <TextField
            label={t('bodycams.clips.viewReason')}
            value={reason}
            onChange={setReason}
            required
            minLength={5}
            autoFocus
          />
          <TextField
            label={t('bodycams.clips.viewCase')}
            value={caseRef}
            onChange={setCaseRef}
            required
            minLength={2}
          />
          <ErrorAlert error={act.error} onClose={act.clearError} />
          <div className="d-flex gap-2 justify-content-end">
            <button type="button" className="btn btn-outline-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="btn btn-primary"
              disabled={act.pending || reason.trim().length < 5 || caseRef.trim().length < 2}
            >
              {t('bodycams.clips.viewSubmit')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
