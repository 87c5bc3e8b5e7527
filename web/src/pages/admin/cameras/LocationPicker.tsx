import { useEffect, useRef } from 'react';
import { useT } from '../../../i18n';
import { FIT_MAX_ZOOM, L, useLeafletMap } from './leafletMap';
import type { Camera, CameraSettings } from './types';

interface PointPickerProps {
  latitude: number | null;
  longitude: number | null;
  /** The cameras, shown in grey for reference. */
  others: readonly Camera[];
  settings: CameraSettings;
  onPick: (latitude: number, longitude: number) => void;
  /** Colour of the picked point. */
  color: string;
  /** A point set from outside the map (a street chosen from a list) brings the view to it. */
  follow?: boolean;
  testId: string;
  label: string;
  hint: string;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * A small map where a click picks a point (a camera's position, the place of an event), with
 * the cameras in grey for reference. Same Leaflet setup as the camera screens (tile URL from
 * the settings; none offline).
 */
export function PointPicker({
  latitude,
  longitude,
  others,
  settings,
  onPick,
  color,
  follow = false,
  testId,
  label,
  hint,
}: PointPickerProps) {
  const { containerRef, map } = useLeafletMap(settings);
  const marker = useRef<L.CircleMarker | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const initial = useRef({ latitude, longitude });
  initial.current = { latitude, longitude };

  // The view and the reference markers, when the map or the cameras change (not the point:
  // typing coordinates moves the marker, not the view).
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
    const at = initial.current;
    if (at.latitude !== null && at.longitude !== null) map.setView([at.latitude, at.longitude], 16);
    else if (points.length > 0)
      map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: FIT_MAX_ZOOM });
    map.on('click', (event: L.LeafletMouseEvent) =>
      onPickRef.current(round6(event.latlng.lat), round6(event.latlng.lng)),
    );
    return () => {
      map.off('click');
      layer.remove();
    };
  }, [map, others]);

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
        fillColor: color,
        fillOpacity: 1,
        className: 'vd-marker-picked',
        interactive: false,
      }).addTo(map);
    }
    if (follow && !map.getBounds().contains([latitude, longitude]))
      map.setView([latitude, longitude], 17);
  }, [map, latitude, longitude, color, follow]);

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
        data-testid={testId}
        role="region"
        aria-label={label}
      />
      <p className="small text-secondary mt-1 mb-0">{hint}</p>
    </div>
  );
}

interface LocationPickerProps {
  latitude: number | null;
  longitude: number | null;
  /** The other cameras, shown in grey for reference. */
  others: readonly Camera[];
  settings: CameraSettings;
  onPick: (latitude: number, longitude: number) => void;
}

/** A small map in the camera form: a click places the camera. */
export function LocationPicker(props: LocationPickerProps) {
  const t = useT();
  return (
    <PointPicker
      {...props}
      color="#0066cc"
      testId="camera-location-map"
      label={t('cameras.form.locationMap')}
      hint={t('cameras.form.pickOnMap')}
    />
  );
}
