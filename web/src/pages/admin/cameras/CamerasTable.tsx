import { Badge, Button } from 'design-react-kit';
import { LOCALES, useI18n } from '../../../i18n';
import { useFormat } from '../../../lib/format';
import { describeStream } from './cameraFormat';
import { CameraStateBadge } from './CameraStateBadge';
import type { Camera } from './types';

interface CamerasTableProps {
  cameras: readonly Camera[];
  /** Shows the edit and delete buttons (permission camera.manage). */
  canManage: boolean;
  busy: boolean;
  onEdit: (camera: Camera) => void;
  onDelete: (camera: Camera) => void;
}

/** The camera registry with each camera's recording state. */
export function CamerasTable({ cameras, canManage, busy, onEdit, onDelete }: CamerasTableProps) {
  const { t, lang } = useI18n();
  const format = useFormat();

  if (cameras.length === 0) return <p>{t('cameras.empty')}</p>;

  return (
    <div className="table-responsive">
      <table
        className="table table-hover align-middle vd-cameras-table"
        data-testid="cameras-table"
      >
        <caption className="visually-hidden">{t('cameras.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cameras.code')}</th>
            <th scope="col">{t('cameras.name')}</th>
            <th scope="col">{t('cameras.purpose')}</th>
            <th scope="col">{t('cameras.retention')}</th>
            <th scope="col">{t('cameras.state')}</th>
            <th scope="col">{t('cameras.lastSegment')}</th>
            <th scope="col">{t('cameras.stream')}</th>
            {canManage ? <th scope="col">{t('common.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {cameras.map((camera) => {
            const stream = describeStream(camera.status, LOCALES[lang]);
            return (
              <tr key={camera.id} data-code={camera.code}>
                <th scope="row" className="text-nowrap">
                  <code>{camera.code}</code>
                  {camera.demo ? (
                    <Badge
                      color="info"
                      className="ms-2 vd-demo-badge"
                      title={t('cameras.demoTitle')}
                    >
                      {t('cameras.demo')}
                    </Badge>
                  ) : null}
                </th>
                <td>
                  <span className="d-block fw-semibold">{camera.name}</span>
                  {camera.address ? (
                    <span className="d-block small text-secondary">{camera.address}</span>
                  ) : null}
                </td>
                <td>{t(`cameras.purposes.${camera.purpose}`)}</td>
                <td className="text-nowrap">
                  {t(
                    camera.retentionDays === 1 ? 'cameras.retentionDay' : 'cameras.retentionDays',
                    {
                      days: camera.retentionDays,
                    },
                  )}
                </td>
                <td className="vd-camera-state-cell">
                  <CameraStateBadge status={camera.status} />
                </td>
                <td className="text-nowrap">
                  {camera.status.lastSegmentAt
                    ? format.dateTime(camera.status.lastSegmentAt)
                    : t('common.none')}
                </td>
                <td className="text-nowrap small">{stream || t('common.none')}</td>
                {canManage ? (
                  <td>
                    <div
                      className="d-flex flex-nowrap gap-1"
                      role="group"
                      aria-label={t('cameras.actionsFor', { code: camera.code })}
                    >
                      <Button
                        size="xs"
                        color="primary"
                        outline
                        disabled={busy}
                        onClick={() => onEdit(camera)}
                      >
                        {t('cameras.edit')}
                      </Button>
                      <Button
                        size="xs"
                        color="danger"
                        outline
                        disabled={busy}
                        onClick={() => onDelete(camera)}
                      >
                        {t('cameras.delete')}
                      </Button>
                    </div>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
