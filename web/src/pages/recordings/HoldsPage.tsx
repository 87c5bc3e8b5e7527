import { Button } from 'design-react-kit';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { HOUR } from '../../components/timeline/rome';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { HoldsTable } from './HoldsTable';
import { NewHoldForm, type HoldDraft } from './NewHoldForm';
import type { Hold } from './recordingsApi';
import { ReleaseHoldDialog } from './ReleaseHoldDialog';
import './recordings.css';

/** A draft from the query string (`?nuovo=1&camera=…&from=…&to=…`, as linked from the timeline). */
function draftFrom(params: URLSearchParams): HoldDraft | null {
  if (params.get('nuovo') !== '1') return null;
  const now = Date.now();
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  const camera = params.get('camera');
  return {
    cameraIds: camera ? [camera] : [],
    from: Number.isFinite(from) ? from : now - HOUR,
    to: Number.isFinite(to) ? to : now,
  };
}

/** Blocchi: preservation holds that exempt footage from automatic deletion. */
export function HoldsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [showEnded, setShowEnded] = useState(false);
  const holds = useApi(
    (signal) =>
      unwrap(api.GET('/api/holds', { signal, params: { query: showEnded ? { all: '1' } : {} } })),
    [showEnded],
  );
  const cameras = useApi((signal) => unwrap(api.GET('/api/cameras', { signal })), []);
  const [draft, setDraft] = useState<HoldDraft | null>(() => draftFrom(params));
  const [success, setSuccess] = useState<string | null>(null);
  const [releasing, setReleasing] = useState<Hold | null>(null);
  const release = useAction();

  const closeForm = () => {
    setDraft(null);
    if (params.has('nuovo')) setParams({}, { replace: true });
  };

  const onRelease = (reason: string) => {
    const hold = releasing;
    if (!hold) return;
    setSuccess(null);
    void release.run(async () => {
      const updated = await unwrap(
        api.POST('/api/holds/{id}/release', {
          params: { path: { id: hold.id } },
          body: { reason },
        }),
      );
      setReleasing(null);
      setSuccess(t('holds.released'));
      holds.setData((current) =>
        current
          ? {
              ...current,
              items: showEnded
                ? current.items.map((h) => (h.id === updated.id ? updated : h))
                : current.items.filter((h) => h.id !== updated.id),
            }
          : current,
      );
    });
  };

  const items = holds.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('holds.title')}
        intro={t('holds.intro')}
        actions={
          draft ? null : (
            <Button
              color="primary"
              icon
              onClick={() => {
                const now = Date.now();
                setSuccess(null);
                setDraft({ cameraIds: [], from: now - HOUR, to: now });
              }}
            >
              <Icon name="it-plus" className="icon-white" />
              <span>{t('holds.newHold')}</span>
            </Button>
          )
        }
      />
      {draft ? (
        <Panel className="mb-4">
          <ErrorAlert error={cameras.error} />
          {cameras.data ? (
            <NewHoldForm
              cameras={cameras.data.items}
              initial={draft}
              onCancel={closeForm}
              onCreated={(hold) => {
                closeForm();
                setSuccess(t('holds.created'));
                holds.setData((current) =>
                  current ? { ...current, items: [hold, ...current.items] } : current,
                );
              }}
            />
          ) : (
            <Loading />
          )}
        </Panel>
      ) : null}
      {success ? (
        <Notice kind="success" onClose={() => setSuccess(null)} closeLabel={t('common.close')}>
          <p className="mb-0">{success}</p>
        </Notice>
      ) : null}
      <div className="form-check form-check-inline mb-3">
        <input
          id="holds-show-ended"
          type="checkbox"
          checked={showEnded}
          onChange={(event) => setShowEnded(event.target.checked)}
        />
        <label htmlFor="holds-show-ended">{t('holds.showEnded')}</label>
      </div>
      <ErrorAlert error={holds.error} />
      {holds.loading && !holds.data ? <Loading /> : null}
      {holds.data && items.length === 0 ? (
        <p>{showEnded ? t('holds.emptyAll') : t('holds.empty')}</p>
      ) : null}
      {items.length > 0 ? (
        <HoldsTable
          holds={items}
          busy={release.pending}
          onRelease={(hold) => {
            release.clearError();
            setReleasing(hold);
          }}
        />
      ) : null}
      <ReleaseHoldDialog
        key={releasing?.id ?? 'none'}
        hold={releasing}
        pending={release.pending}
        error={release.error}
        onSubmit={onRelease}
        onClose={() => setReleasing(null)}
      />
    </>
  );
}
