import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';
import { FIT_MAX_ZOOM, L, useLeafletMap } from '../admin/cameras/leafletMap';
import type { Camera, CameraSettings } from '../admin/cameras/types';
import '../admin/cameras/cameras.css';

interface PlaceMapProps {
  lat: number | null;
  lon: number | null;
  cameras: readonly Camera[];
  settings: CameraSettings;
  onPick: (lat: number, lon: number) => void;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The place of the event on the map: a click sets it. The cameras show in grey for reference.
 * Same Leaflet setup as the camera screens (tile URL from the settings; none offline).
 */
export function PlaceMap({ lat, lon, cameras, settings, onPick }: PlaceMapProps) {
  const t = useT();
  const { containerRef, map } = useLeafletMap(settings);
  const marker = useRef<L.CircleMarker | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  useEffect(() => {
    if (!map) return undefined;
    const layer = L.layerGroup().addTo(map);
    const points: L.LatLngTuple[] = [];
    for (const camera of cameras) {
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
    if (points.length > 0)
      map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: FIT_MAX_ZOOM });
    map.on('click', (event: L.LeafletMouseEvent) =>
      onPickRef.current(round6(event.latlng.lat), round6(event.latlng.lng)),
    );
    return () => {
      map.off('click');
      layer.remove();
    };
  }, [map, cameras]);

  useEffect(() => {
    if (!map) return;
    if (lat === null || lon === null) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (marker.current) marker.current.setLatLng([lat, lon]);
    else {
      marker.current = L.circleMarker([lat, lon], {
        radius: 10,
        weight: 3,
        color: '#ffffff',
        fillColor: '#cc334d',
        fillOpacity: 1,
        className: 'vd-marker-picked',
        interactive: false,
      }).addTo(map);
    }
    // A street chosen from the register moves the view to it.
    if (!map.getBounds().contains([lat, lon])) map.setView([lat, lon], 17);
  }, [map, lat, lon]);

  useEffect(
    () => () => {
      marker.current = null;
    },
    [map],
  );

  return (
    <div className="mb-4">
      <div
        ref={containerRef}
        className="vd-map vd-map-small"
        data-testid="request-place-map"
        role="region"
        aria-label={t('requestOps.form.map')}
      />
      <p className="small text-secondary mt-1 mb-0">{t('requestOps.form.pickOnMap')}</p>
    </div>
  );
}
