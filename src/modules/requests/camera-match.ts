import { findStreets, normalizeStreet } from './intake/place.js';

/** What matching needs of a camera. */
export interface MatchableCamera {
  id: string;
  code: string;
  name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
}

export interface MatchPlace {
  street: string | null;
  crossStreet: string | null;
  landmark: string | null;
  lat: number | null;
  lon: number | null;
}

export interface CameraMatch {
  cameraIds: string[];
  /** Italian, for the request's history: how the cameras were chosen, or why none was. */
  explanation: string;
}

/** Cameras within this distance of the place's coordinates cover it. */
export const DEFAULT_MATCH_METERS = 150;

const STREET_TYPE =
  /^(?:via|viale|piazza|piazzale|piazzetta|corso|vicolo|largo|strada|stradone|galleria|circonvallazione)\s+/;

/** A comparison key: no accents, no punctuation, no street type ("viale Piave" ≡ "via Piave"). */
export function streetKey(street: string): string {
  return normalizeStreet(street)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['.,;:()"-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(STREET_TYPE, '')
    .replace(/\s+\d+\s*[a-z]?$/, '');
}

/** The streets a camera's address and name mention ("Via Emilia San Pietro, Reggio Emilia"). */
export function cameraStreetKeys(camera: MatchableCamera): Set<string> {
  const keys = new Set<string>();
  for (const text of [camera.address, camera.name]) {
    if (!text) continue;
    for (const s of findStreets(text)) keys.add(streetKey(s.street));
    // Addresses are often written plainly: the part before the city is the street.
    const first = text.split(',')[0]?.trim();
    if (first && STREET_TYPE.test(normalizeStreet(first))) {
      for (const part of first.split(/\s*(?:\/|\bangolo\b|\bang\.|\bincrocio\b|\s-\s)\s*/i)) {
        if (part) keys.add(streetKey(part));
      }
    }
  }
  keys.delete('');
  return keys;
}

/** Great-circle distance in metres. */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 6_371_000 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The cameras that may have seen a place: by distance when the place has coordinates, and by
 * street name against each camera's address and name. At a crossroads, cameras naming both
 * streets are preferred; otherwise every camera on either street is taken (a hold too wide
 * costs disk, one too narrow loses evidence).
 */
export function matchCameras(
  place: MatchPlace | null,
  cameras: MatchableCamera[],
  maxMeters = DEFAULT_MATCH_METERS,
): CameraMatch {
  if (!place) return { cameraIds: [], explanation: 'luogo non indicato' };
  const byDistance: string[] = [];
  if (place.lat !== null && place.lon !== null) {
    for (const c of cameras) {
      if (c.latitude === null || c.longitude === null) continue;
      if (distanceMeters(place.lat, place.lon, c.latitude, c.longitude) <= maxMeters) {
        byDistance.push(c.id);
      }
    }
  }
  const main = place.street ? streetKey(place.street) : null;
  const cross = place.crossStreet ? streetKey(place.crossStreet) : null;
  const both: string[] = [];
  const either: string[] = [];
  if (main || cross) {
    for (const c of cameras) {
      const keys = cameraStreetKeys(c);
      const hasMain = main !== null && keys.has(main);
      const hasCross = cross !== null && keys.has(cross);
      if (hasMain && hasCross) both.push(c.id);
      if (hasMain || hasCross) either.push(c.id);
    }
  }
  const byName = both.length > 0 ? both : either;
  const ids = [...new Set([...byDistance, ...byName])];
  const codes = (list: string[]) =>
    list.map((id) => cameras.find((c) => c.id === id)?.code ?? id).join(', ');
  if (ids.length === 0) {
    const named = [place.street, place.crossStreet].filter(Boolean).join(' / ');
    return {
      cameraIds: [],
      explanation: named
        ? `nessuna telecamera registrata in ${named}` +
          (place.lat !== null ? ` né entro ${maxMeters} m` : '')
        : place.lat !== null
          ? `nessuna telecamera entro ${maxMeters} m`
          : 'luogo senza via né coordinate: serve un operatore',
    };
  }
  const parts: string[] = [];
  if (byName.length > 0) {
    parts.push(`${both.length > 0 ? 'incrocio' : 'via'} corrispondente: ${codes(byName)}`);
  }
  if (byDistance.length > 0) parts.push(`entro ${maxMeters} m: ${codes(byDistance)}`);
  return { cameraIds: ids, explanation: parts.join('; ') };
}
