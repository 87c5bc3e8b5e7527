import { useState } from 'react';
import { TextField } from '../../components/TextField';
import { useT } from '../../i18n';
import { CameraStateBadge } from './CameraStateBadge';
import type { Camera } from './recordingsApi';

interface CameraListProps {
  cameras: readonly Camera[];
  selectedId: string | null;
  onSelect: (camera: Camera) => void;
}

/** The cameras to choose from, filterable by code, name or address. */
export function CameraList({ cameras, selectedId, onSelect }: CameraListProps) {
  const t = useT();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? cameras.filter((c) =>
        [c.code, c.name, c.address].some((value) => value.toLowerCase().includes(needle)),
      )
    : cameras;

  return (
    <nav aria-label={t('recordings.cameras')}>
      <h2 className="h5 mb-3">{t('recordings.cameras')}</h2>
      {cameras.length > 6 ? (
        <TextField
          id="recordings-camera-filter"
          type="search"
          label={t('recordings.filterCameras')}
          value={filter}
          onChange={setFilter}
          autoComplete="off"
        />
      ) : null}
      {cameras.length === 0 ? <p>{t('recordings.noCameras')}</p> : null}
      <ul className="list-group vd-rec-cameras" data-testid="recordings-cameras">
        {shown.map((camera) => {
          const selected = camera.id === selectedId;
          return (
            <li key={camera.id} className="list-group-item p-0">
              <button
                type="button"
                className={`vd-rec-camera${selected ? ' vd-rec-camera-selected' : ''}`}
                aria-current={selected ? 'true' : undefined}
                data-code={camera.code}
                onClick={() => onSelect(camera)}
              >
                <span className="d-flex align-items-center justify-content-between gap-2">
                  <strong>{camera.code}</strong>
                  <CameraStateBadge status={camera.status} />
                </span>
                <span className="d-block small">{camera.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
