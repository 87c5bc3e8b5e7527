import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CameraSettings } from './types';

/** Where a map with nothing to show starts: the whole of Italy. */
const ITALY_CENTER: L.LatLngTuple = [42.5, 12.5];
const ITALY_ZOOM = 5;
/** Fitting never zooms closer than this (a single camera would fill the screen). */
export const FIT_MAX_ZOOM = 17;

type MapSettings = Pick<CameraSettings, 'mapTileUrl' | 'mapAttribution'>;

/**
 * A Leaflet map bound to a container. Tiles come from `mapTileUrl`; when it is empty
 * (no Internet in the operations room) the map has no background layer at all, and the
 * markers still show on a plain background.
 */
export function useLeafletMap(settings: MapSettings | undefined): {
  containerRef: RefObject<HTMLDivElement | null>;
  map: L.Map | null;
} {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const tileUrl = settings?.mapTileUrl;
  const attribution = settings?.mapAttribution;

  useEffect(() => {
    const container = containerRef.current;
    if (!container || tileUrl === undefined) return undefined;
    const created = L.map(container, { attributionControl: tileUrl !== '' });
    if (tileUrl)
      L.tileLayer(tileUrl, { attribution: attribution ?? '', maxZoom: 19 }).addTo(created);
    L.control.scale({ imperial: false }).addTo(created);
    created.setView(ITALY_CENTER, ITALY_ZOOM);
    // The container may be laid out after the map is created (a form that just opened).
    const observer = new ResizeObserver(() => created.invalidateSize());
    observer.observe(container);
    setMap(created);
    return () => {
      observer.disconnect();
      created.remove();
      setMap(null);
    };
  }, [tileUrl, attribution]);

  return { containerRef, map };
}

/** Popup and tooltip content built as DOM nodes, so that names are never parsed as HTML. */
export function popupContent(lines: readonly { text: string; strong?: boolean }[]): HTMLElement {
  const root = document.createElement('div');
  root.className = 'vd-map-popup';
  for (const line of lines) {
    const el = document.createElement(line.strong ? 'strong' : 'span');
    el.className = 'd-block';
    el.textContent = line.text;
    root.appendChild(el);
  }
  return root;
}

export { L };
