import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';
import '../admin/cameras/cameras.css';
import { FIT_MAX_ZOOM, L, popupContent, useLeafletMap } from '../admin/cameras/leafletMap';
import type { CameraSettings } from '../admin/cameras/types';
import type { SearchCamera, SearchHit } from './searchApi';

interface SearchMapProps {
  settings: CameraSettings;
  cameras: readonly SearchCamera[];
  hits: readonly SearchHit[];
  selected: ReadonlySet<string>;
  point: { lat: number; lon: number; radiusM: number } | null;
  /** A click on the map sets the searched point (only while searching by point). */
  onPick: ((lat: number, lon: number) => void) | null;
}

export const SUMMARY_COLOR: Record<SearchHit['summary'], string> = {
  complete: '#008758',
  partial: '#a66300',
  none: '#5d7083',
  expired: '#cc334d',
};

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** The searched point with its radius, every camera, and the results coloured by availability. */
export function SearchMap({ settings, cameras, hits, selected, point, onPick }: SearchMapProps) {
  const t = useT();
  const { containerRef, map } = useLeafletMap(settings);
  const layer = useRef<L.LayerGroup | null>(null);
  const fitted = useRef(false);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    if (!map) return undefined;
    const handler = (event: L.LeafletMouseEvent) =>
      pickRef.current?.(round6(event.latlng.lat), round6(event.latlng.lng));
    map.on('click', handler);
    return () => {
      map.off('click', handler);
    };
  }, [map]);

  useEffect(() => {
    if (!map) return;
    layer.current?.remove();
    const group = L.layerGroup().addTo(map);
    layer.current = group;
    const byId = new Map(hits.map((h) => [h.camera.id, h]));
    const points: L.LatLngTuple[] = [];
    for (const c of cameras) {
      if (c.latitude === null || c.longitude === null) continue;
      points.push([c.latitude, c.longitude]);
      const hit = byId.get(c.id);
      const marker = L.circleMarker([c.latitude, c.longitude], {
        radius: hit ? (selected.has(c.id) ? 11 : 9) : 6,
        weight: selected.has(c.id) ? 3 : 2,
        color: selected.has(c.id) ? '#0066cc' : '#ffffff',
        fillColor: hit ? SUMMARY_COLOR[hit.summary] : '#b1b1b3',
        fillOpacity: hit ? 0.95 : 0.7,
        className: 'vd-marker',
      })
        .bindPopup(
          popupContent([
            { text: c.code, strong: true },
            { text: c.name },
            ...(hit ? [{ text: t(`searchPage.summary.${hit.summary}`) }] : []),
          ]),
        )
        .addTo(group);
      if (hit) {
        marker.bindTooltip(c.code, {
          permanent: true,
          direction: 'right',
          offset: [10, 0],
          className: 'vd-marker-label',
        });
      }
      marker.getElement()?.setAttribute('data-code', c.code);
    }
    if (point) {
      L.circle([point.lat, point.lon], {
        radius: point.radiusM,
        color: '#0066cc',
        weight: 2,
        fillOpacity: 0.08,
        interactive: false,
      }).addTo(group);
      L.circleMarker([point.lat, point.lon], {
        radius: 5,
        color: '#0066cc',
        fillColor: '#0066cc',
        fillOpacity: 1,
        interactive: false,
        className: 'vd-search-point',
      }).addTo(group);
    }
    if (!fitted.current && (point || points.length > 0)) {
      fitted.current = true;
      if (point) map.setView([point.lat, point.lon], 16);
      else map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: FIT_MAX_ZOOM });
    }
  }, [map, cameras, hits, selected, point, t]);

  // Recentre on a point set from outside the map (a request's coordinates).
  const lat = point?.lat;
  const lon = point?.lon;
  useEffect(() => {
    if (!map || lat === undefined || lon === undefined) return;
    if (!map.getBounds().contains([lat, lon])) map.setView([lat, lon], 16);
  }, [map, lat, lon]);

  return (
    <div>
      <div
        ref={containerRef}
        className="vd-map vd-search-map"
        data-testid="search-map"
        role="region"
        aria-label={t('searchPage.map')}
      />
      <div className="d-flex flex-wrap justify-content-between gap-2 mt-2 small">
        <ul className="list-inline mb-0" aria-label={t('searchPage.legend')}>
          {(['complete', 'partial', 'none', 'expired'] as const).map((s) => (
            <li className="list-inline-item me-3" key={s}>
              <span
                className="vd-legend-dot"
                style={{ backgroundColor: SUMMARY_COLOR[s] }}
                aria-hidden="true"
              />
              {t(`searchPage.summary.${s}`)}
            </li>
          ))}
        </ul>
        {onPick ? <span className="text-secondary">{t('searchPage.mapHint')}</span> : null}
      </div>
    </div>
  );
}
