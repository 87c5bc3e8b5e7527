import { useEffect, useRef } from 'react';
import { useT } from '../../../i18n';
import { FIT_MAX_ZOOM, L, useLeafletMap } from './leafletMap';
import type { Camera, CameraSettings } from './types';

interface LocationPickerProps {
  latitude: number | null;
  longitude: number | null;
  /** The other cameras, shown in grey for reference. */
  others: readonly Camera[];
  settings: CameraSettings;
  onPick: (latitude: number, longitude: number) => void;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** A small map in the camera form: a click places the camera. */
export function LocationPicker({
  latitude,
  longitude,
  others,
  settings,
  onPick,
}: LocationPickerProps) {
  const t = useT();
  const { containerRef, map } = useLeafletMap(settings);
  const marker = useRef<L.CircleMarker | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  // Initial view and the reference markers, once per map.
  useEffect(() => {
    if (!map) return undefined;
    const layer = L.layerGroup().addTo(map);
    const points: L.LatLngTuple[] = [];
    for (const camera of others) {
      if (camera.latitude === null || camera.longitude === null) continue;
      points.push([camera.latitude, camera.longitude]);
      L.circleMarker([camera.latitude, camera.longitude], {
        radius: 6,
        weight: 1,
        color: '#ffffff',
        fillColor: '#5d7083',
        fillOpacity: 0.7,
        interactive: false,
      })
        .bindTooltip(camera.code, { direction: 'right', offset: [8, 0] })
        .addTo(layer);
    }
    if (latitude !== null && longitude !== null) map.setView([latitude, longitude], 16);
    else if (points.length > 0)
      map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: FIT_MAX_ZOOM });
    map.on('click', (event: L.LeafletMouseEvent) =>
      onPickRef.current(round6(event.latlng.lat), round6(event.latlng.lng)),
    );
    return () => {
      map.off('click');
      layer.remove();
    };
    // Only a new map re-centres: typing coordinates moves the marker, not the view.
  }, [map]);

  // The marker follows the coordinates, typed or picked.
  useEffect(() => {
    if (!map) return;
    if (latitude === null || longitude === null) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (marker.current) marker.current.setLatLng([latitude, longitude]);
    else {
      marker.current = L.circleMarker([latitude, longitude], {
        radius: 10,
        weight: 3,
        color: '#ffffff',
        fillColor: '#0066cc',
        fillOpacity: 1,
        className: 'vd-marker-picked',
        interactive: false,
      }).addTo(map);
    }
  }, [map, latitude, longitude]);

  useEffect(
    () => () => {
      marker.current = null;
    },
    [map],
  );

  return (
    <div>
      <div
        ref={containerRef}
        className="vd-map vd-map-small"
        data-testid="camera-location-map"
        role="region"
        aria-label={t('cameras.form.locationMap')}
      />
      <p className="small text-secondary mt-1 mb-0">{t('cameras.form.pickOnMap')}</p>
    </div>
  );
}
