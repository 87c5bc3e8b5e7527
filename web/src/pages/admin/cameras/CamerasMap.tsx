import { useEffect, useRef } from 'react';
import { useT } from '../../../i18n';
import { STATE_COLOR } from './cameraFormat';
import { FIT_MAX_ZOOM, L, popupContent, useLeafletMap } from './leafletMap';
import { CAMERA_STATES, type Camera, type CameraSettings } from './types';

interface CamerasMapProps {
  cameras: readonly Camera[];
  settings: Pick<CameraSettings, 'mapTileUrl' | 'mapAttribution'>;
  /** Makes the map a picker: a click on a marker chooses that camera (no popup). */
  onPick?: (camera: Camera) => void;
  /** Text added to the label of some markers (e.g. the wall place a camera is in). */
  labelOf?: (camera: Camera) => string | null;
}

function hasPosition(camera: Camera): camera is Camera & { latitude: number; longitude: number } {
  return camera.latitude !== null && camera.longitude !== null;
}

/**
 * Cameras on a map, one marker coloured by recording state; fitted to the cameras. With
 * `onPick`, a click on a marker chooses the camera (the live wall's picker).
 */
export function CamerasMap({ cameras, settings, onPick, labelOf }: CamerasMapProps) {
  const t = useT();
  const { containerRef, map } = useLeafletMap(settings);
  const markers = useRef(new Map<string, L.CircleMarker>());
  const byId = useRef(new Map<string, Camera>());
  byId.current = new Map(cameras.map((c) => [c.id, c]));
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const fittedTo = useRef<string | null>(null);
  const placed = cameras.filter(hasPosition);

  useEffect(() => {
    if (!map) return undefined;
    const current = markers.current;
    const seen = new Set<string>();
    for (const camera of placed) {
      seen.add(camera.id);
      const color = STATE_COLOR[camera.status.state];
      const content = popupContent([
        { text: camera.code, strong: true },
        { text: camera.name },
        { text: t(`cameras.states.${camera.status.state}`) },
      ]);
      const extra = labelOf?.(camera) ?? null;
      const label = extra ? `${camera.code} · ${extra}` : camera.code;
      let marker = current.get(camera.id);
      if (marker) {
        marker.setLatLng([camera.latitude, camera.longitude]);
        marker.setStyle({ fillColor: color, weight: extra ? 4 : 2 });
        if (!onPickRef.current) marker.setPopupContent(content);
        marker.setTooltipContent(label);
      } else {
        const id = camera.id;
        marker = L.circleMarker([camera.latitude, camera.longitude], {
          radius: 9,
          weight: extra ? 4 : 2,
          color: '#ffffff',
          fillColor: color,
          fillOpacity: 0.95,
          className: 'vd-marker',
        })
          .bindTooltip(label, {
            permanent: true,
            direction: 'right',
            offset: [10, 0],
            className: 'vd-marker-label',
          })
          .addTo(map);
        if (onPickRef.current) {
          marker.on('click', () => {
            const picked = byId.current.get(id);
            if (picked) onPickRef.current?.(picked);
          });
        } else marker.bindPopup(content);
        current.set(camera.id, marker);
      }
      const element = marker.getElement();
      element?.setAttribute('data-code', camera.code);
      element?.setAttribute('data-state', camera.status.state);
      if (onPickRef.current) {
        element?.setAttribute('role', 'button');
        element?.setAttribute('aria-label', `${camera.code} ${camera.name}`);
        if (extra) element?.setAttribute('data-placed', extra);
        else element?.removeAttribute('data-placed');
      }
    }
    for (const [id, marker] of current) {
      if (!seen.has(id)) {
        marker.remove();
        current.delete(id);
      }
    }
    // Refit only when cameras are added, moved or removed, not at every status refresh.
    const key = placed
      .map((c) => `${c.id}:${c.latitude},${c.longitude}`)
      .sort()
      .join('|');
    if (key !== fittedTo.current && placed.length > 0) {
      map.fitBounds(L.latLngBounds(placed.map((c) => [c.latitude, c.longitude])), {
        padding: [48, 48],
        maxZoom: FIT_MAX_ZOOM,
      });
      fittedTo.current = key;
    }
    return undefined;
  });

  // A new map (other tile settings) starts without markers.
  useEffect(() => {
    const current = markers.current;
    return () => {
      current.clear();
      fittedTo.current = null;
    };
  }, [map]);

  return (
    <div>
      <div
        ref={containerRef}
        className="vd-map"
        data-testid="cameras-map"
        role="region"
        aria-label={t('cameras.map')}
      />
      <div className="d-flex flex-wrap justify-content-between gap-2 mt-2 small">
        <ul className="list-inline mb-0 small" aria-label={t('cameras.mapLegend')}>
          {CAMERA_STATES.map((state) => (
            <li className="list-inline-item me-3" key={state}>
              <span
                className="vd-legend-dot"
                style={{ backgroundColor: STATE_COLOR[state] }}
                aria-hidden="true"
              />
              {t(`cameras.states.${state}`)}
            </li>
          ))}
        </ul>
        {settings.mapTileUrl === '' ? (
          <span className="text-secondary" data-testid="map-no-tiles">
            {t('cameras.mapNoTiles')}
          </span>
        ) : null}
      </div>
      {placed.length < cameras.length ? (
        <p className="small text-secondary mt-1 mb-0">
          {t('cameras.mapUnplaced', { count: cameras.length - placed.length })}
        </p>
      ) : null}
    </div>
  );
}
