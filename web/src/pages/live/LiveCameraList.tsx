import { Badge } from 'design-react-kit';
import { useState } from 'react';
import { TextField } from '../../components/TextField';
import { useT } from '../../i18n';
import type { LiveCamera, RecorderState } from './liveApi';

const COLORS: Record<RecorderState, string> = {
  starting: 'secondary',
  online: 'success',
  offline: 'danger',
  error: 'danger',
  disabled: 'secondary',
};

interface LiveCameraListProps {
  cameras: readonly LiveCamera[];
  /** Place (0-based) of each camera shown on the wall. */
  placeOf: ReadonlyMap<string, number>;
  onPick: (camera: LiveCamera) => void;
}

/** The cameras the operator may watch; a click puts one on the wall. */
export function LiveCameraList({ cameras, placeOf, onPick }: LiveCameraListProps) {
  const t = useT();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? cameras.filter((c) =>
        [c.code, c.name, c.address].some((value) => value.toLowerCase().includes(needle)),
      )
    : cameras;

  return (
    <nav aria-label={t('live.cameras')}>
      <h2 className="h5 mb-3">{t('live.cameras')}</h2>
      {cameras.length > 6 ? (
        <TextField
          id="live-camera-filter"
          type="search"
          label={t('live.filterCameras')}
          value={filter}
          onChange={setFilter}
          autoComplete="off"
        />
      ) : null}
      {cameras.length === 0 ? <p>{t('live.noCameras')}</p> : null}
      <ul className="list-group vd-live-cameras" data-testid="live-cameras">
        {shown.map((camera) => {
          const place = placeOf.get(camera.id);
          return (
            <li key={camera.id} className="list-group-item p-0">
              <button
                type="button"
                className={`vd-live-camera${place !== undefined ? ' vd-live-camera-on' : ''}`}
                data-code={camera.code}
                onClick={() => onPick(camera)}
              >
                <span className="d-flex align-items-center justify-content-between gap-2">
                  <strong>{camera.code}</strong>
                  <Badge
                    color={COLORS[camera.status.state]}
                    title={camera.status.message ?? undefined}
                    className="vd-live-recorder"
                  >
                    {t(`live.recorder.${camera.status.state}`)}
                  </Badge>
                </span>
                <span className="d-block small">{camera.name}</span>
                {place !== undefined ? (
                  <span className="d-block small text-primary">
                    {t('live.onWall', { slot: place + 1 })}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
