/** One GPS fix of a bodycam track. */
export interface GpsPoint {
  lat: number;
  lon: number;
  /** Epoch ms, null when the fix has no time. */
  t: number | null;
}

const TRKPT = /<(?:\w+:)?trkpt\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?trkpt>)/g;
const ATTR = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`);
const TIME = /<(?:\w+:)?time>\s*([^<\s]+)\s*<\/(?:\w+:)?time>/;

/**
 * The track points of a GPX sidecar (`<trkpt lat lon><time>`), in file order. Points with
 * coordinates out of range are skipped; a file with none yields an empty track.
 */
export function parseGpx(xml: string): GpsPoint[] {
  const points: GpsPoint[] = [];
  for (const m of xml.matchAll(TRKPT)) {
    const attrs = m[1] ?? '';
    const lat = Number(ATTR('lat').exec(attrs)?.[1]);
    const lon = Number(ATTR('lon').exec(attrs)?.[1]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      continue;
    const time = TIME.exec(m[2] ?? '')?.[1];
    const t = time ? Date.parse(time) : NaN;
    points.push({ lat, lon, t: Number.isFinite(t) ? t : null });
  }
  return points;
}
