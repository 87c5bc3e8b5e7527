import { Link } from 'react-router-dom';
import { useApi } from '../../../hooks/useApi';
import { useT } from '../../../i18n';
import { fileUrl, loadCameraCompliance } from '../../privacy/complianceApi';
import { RecordRefText } from '../../privacy/RecordRefText';

/** Which DPIA covers the camera (G1), from the compliance records; read-only here. */
export function CameraDpiaInfo({ cameraId }: { cameraId: string }) {
  const t = useT();
  const info = useApi((s) => loadCameraCompliance(cameraId, s), [cameraId]);
  if (!info.data) return null;
  const d = info.data;
  return (
    <div className="col-12 col-md-6 mb-3" data-testid="camera-dpia-info">
      <p className="fw-semibold mb-1">{t('compliance.camera.title')}</p>
      {d.dpia ? (
        <p className="mb-0">
          <a href={fileUrl(d.dpia.id)} target="_blank" rel="noreferrer">
            <RecordRefText value={d.dpia} />
          </a>
          <small className="d-block text-secondary">
            {d.source === 'assigned'
              ? t('compliance.camera.assigned')
              : t('compliance.camera.inForce')}
          </small>
        </p>
      ) : (
        <p className="mb-0 text-secondary">
          {t('compliance.camera.none')} <Link to="/privacy">{t('compliance.title')}</Link>
        </p>
      )}
    </div>
  );
}
