import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { CameraList } from './CameraList';
import { CameraRecordings } from './CameraRecordings';
import './recordings.css';

const CAMERA_REFRESH_MS = 15_000;

/** Registrazioni: choose a camera, read its timeline, play recorded footage. */
export function RecordingsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const cameras = useApi((signal) => unwrap(api.GET('/api/cameras', { signal })), []);
  const { reload } = cameras;
  const selectedId = params.get('camera');
  const selected = cameras.data?.items.find((c) => c.id === selectedId) ?? null;

  // Camera states change (online, offline): keep the badges current.
  useEffect(() => {
    const timer = window.setInterval(reload, CAMERA_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  return (
    <>
      <PageHeader title={t('recordings.title')} intro={t('recordings.intro')} />
      <ErrorAlert error={cameras.error} />
      {cameras.loading && !cameras.data ? <Loading /> : null}
      {cameras.data ? (
        <div className="row g-4">
          <div className="col-12 col-lg-3">
            <CameraList
              cameras={cameras.data.items}
              selectedId={selectedId}
              onSelect={(camera) => setParams({ camera: camera.id })}
            />
          </div>
          <div className="col-12 col-lg-9">
            {selected ? (
              <CameraRecordings key={selected.id} camera={selected} />
            ) : (
              <p className="lead text-secondary">{t('recordings.chooseCamera')}</p>
            )}
          </div>
        </div>
      ) : null}
    </>
  );
}
