import { Button } from 'design-react-kit';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { unwrap, unwrapVoid } from '../../../api/errors';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Icon } from '../../../components/Icon';
import { Loading } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { PageHeader } from '../../../components/PageHeader';
import { Panel } from '../../../components/Panel';
import { useAction } from '../../../hooks/useAction';
import { useApi } from '../../../hooks/useApi';
import { useT } from '../../../i18n';
import { usePermissions } from '../../../session/context';
import { CameraForm } from './CameraForm';
import { CamerasMap } from './CamerasMap';
import { CamerasTable } from './CamerasTable';
import { CsvImport } from './CsvImport';
import './cameras.css';
import type { Camera } from './types';

/** The list refreshes itself: recording states change without anyone touching the page. */
const REFRESH_MS = 5_000;
/** `?telecamera=nuova` opens the empty form, `?telecamera=<id>` the camera's. */
const FORM_PARAM = 'telecamera';
const NEW = 'nuova';

/** Admin > Telecamere: registry, map, recording state, CSV import/export. */
export function CamerasPage() {
  const t = useT();
  const { can } = usePermissions();
  const canManage = can('camera.manage');
  const [params, setParams] = useSearchParams();
  const formTarget = canManage ? params.get(FORM_PARAM) : null;

  const cameras = useApi((signal) => unwrap(api.GET('/api/cameras', { signal })), []);
  const settings = useApi((signal) => unwrap(api.GET('/api/cameras/settings', { signal })), []);
  const rowAction = useAction();
  const importAction = useAction();
  const [success, setSuccess] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<Camera | null>(null);
  const { reload } = cameras;

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!document.hidden) reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const openForm = (target: string | null) => {
    if (target) setSuccess(null);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (target) next.set(FORM_PARAM, target);
        else next.delete(FORM_PARAM);
        return next;
      },
      { replace: false },
    );
    window.scrollTo({ top: 0 });
  };

  const items = cameras.data?.items ?? [];
  const editing = formTarget && formTarget !== NEW ? items.find((c) => c.id === formTarget) : null;

  const remove = (camera: Camera) => {
    setSuccess(null);
    void rowAction.run(async () => {
      await unwrapVoid(api.DELETE('/api/cameras/{id}', { params: { path: { id: camera.id } } }));
      cameras.setData((current) =>
        current ? { ...current, items: current.items.filter((c) => c.id !== camera.id) } : current,
      );
      setToDelete(null);
      setSuccess(t('cameras.deleted', { code: camera.code }));
    });
  };

  const header = (
    <PageHeader
      title={t('cameras.title')}
      intro={t('cameras.intro')}
      actions={
        formTarget ? null : (
          <>
            {canManage ? (
              <Button color="primary" icon onClick={() => openForm(NEW)}>
                <Icon name="it-plus" className="icon-white" />
                <span>{t('cameras.newCamera')}</span>
              </Button>
            ) : null}
            <a className="btn btn-outline-primary btn-icon" href="/api/cameras/export.csv" download>
              <Icon name="it-download" className="icon-primary" />
              <span>{t('cameras.exportCsv')}</span>
            </a>
            {canManage ? (
              <CsvImport
                action={importAction}
                onImported={(result) => {
                  setSuccess(
                    t('cameras.imported', { created: result.created, updated: result.updated }),
                  );
                  reload();
                }}
              />
            ) : null}
          </>
        )
      }
    />
  );

  const loadError = <ErrorAlert error={cameras.error ?? settings.error} />;
  const config = settings.data;
  const ready = cameras.data !== undefined && config !== undefined;

  if (formTarget) {
    return (
      <>
        {header}
        {loadError}
        {!ready ? <Loading /> : null}
        {ready && formTarget !== NEW && !editing ? (
          <Notice kind="warning">
            <p className="mb-0">{t('cameras.notFound')}</p>
          </Notice>
        ) : null}
        {ready && config && (formTarget === NEW || editing) ? (
          <Panel className="mb-4">
            <CameraForm
              key={formTarget}
              camera={editing ?? undefined}
              settings={config}
              cameras={items}
              onCancel={() => openForm(null)}
              onSaved={(saved, created) => {
                cameras.setData((current) =>
                  current
                    ? {
                        ...current,
                        items: created
                          ? [...current.items, saved]
                          : current.items.map((c) => (c.id === saved.id ? saved : c)),
                      }
                    : current,
                );
                setSuccess(
                  t(created ? 'cameras.created' : 'cameras.updated', { code: saved.code }),
                );
                openForm(null);
              }}
            />
          </Panel>
        ) : null}
        {ready && formTarget !== NEW && !editing ? (
          <Button color="secondary" outline onClick={() => openForm(null)}>
            {t('cameras.back')}
          </Button>
        ) : null}
      </>
    );
  }

  return (
    <>
      {header}
      {success ? (
        <Notice kind="success" onClose={() => setSuccess(null)} closeLabel={t('common.close')}>
          <p className="mb-0" data-testid="cameras-notice">
            {success}
          </p>
        </Notice>
      ) : null}
      <ErrorAlert error={importAction.error} onClose={importAction.clearError} />
      <ErrorAlert
        error={rowAction.error && !toDelete ? rowAction.error : null}
        onClose={rowAction.clearError}
      />
      {loadError}
      {!canManage ? <p className="small text-secondary">{t('cameras.readOnly')}</p> : null}
      {!ready && (cameras.loading || settings.loading) ? <Loading /> : null}
      {ready && config ? (
        <>
          <section aria-labelledby="cameras-list-title" className="mb-5">
            <div className="d-flex flex-wrap align-items-baseline justify-content-between gap-2">
              <h2 className="h4" id="cameras-list-title">
                {t('cameras.list')}
              </h2>
              <span className="small text-secondary">{t('cameras.autoRefresh')}</span>
            </div>
            <CamerasTable
              cameras={items}
              canManage={canManage}
              busy={rowAction.pending}
              onEdit={(camera) => openForm(camera.id)}
              onDelete={(camera) => {
                rowAction.clearError();
                setToDelete(camera);
              }}
            />
          </section>
          <section aria-labelledby="cameras-map-title" className="mb-4">
            <h2 className="h4" id="cameras-map-title">
              {t('cameras.map')}
            </h2>
            <CamerasMap cameras={items} settings={config} />
          </section>
        </>
      ) : null}

      <ConfirmDialog
        open={toDelete !== null}
        title={t('cameras.deleteTitle')}
        message={
          toDelete ? t('cameras.confirmDelete', { code: toDelete.code, name: toDelete.name }) : ''
        }
        confirmLabel={t('cameras.delete')}
        danger
        pending={rowAction.pending}
        error={rowAction.error}
        onConfirm={() => toDelete && remove(toDelete)}
        onCancel={() => {
          rowAction.clearError();
          setToDelete(null);
        }}
      />
    </>
  );
}
