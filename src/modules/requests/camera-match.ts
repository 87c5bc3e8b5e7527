import { findStreets, normalizeStreet, pairCrossroads } from './intake/place.js';
import { DEFAULT_SEARCH_RADIUS_M } from '../search/search.schemas.js';

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
  /**
   * The place as written ("tra piazza Prampolini e via Emilia San Pietro"): the streets it names
   * count when no street was given apart, as on a form where the map was clicked and the place
   * described in words.
   */
  text?: string | null;
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

/**
 * Cameras within this distance of a request's point are held. It is the radius of the search
 * opened from the request (the search's default, `radiusM`), whose nearest cameras are
 * preselected for playback and acquisition: every camera that search offers the operator has its
 * footage preserved, instead of a narrower circle leaving the offered ones to retention.
 */
export const HOLD_RADIUS_METERS = DEFAULT_SEARCH_RADIUS_M;

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

const words = (key: string) => key.split(' ').filter(Boolean);

/** A camera and the street keys of its address and name. */
interface KeyedCamera {
  id: string;
  keys: Set<string>;
}

/**
 * The cameras on one street: those whose address or name gives it exactly; when none does, those
 * naming part of it or more ("piazza Prampolini" and "Piazza Camillo Prampolini"), as the search
 * does, so that a name written shorter or longer than the camera's does not go unheld.
 */
function camerasOnStreet(key: string, cameras: KeyedCamera[]): string[] {
  const exact = cameras.filter((c) => c.keys.has(key));
  if (exact.length > 0) return exact.map((c) => c.id);
  const typed = words(key);
  if (typed.length === 0) return [];
  return cameras
    .filter((c) =>
      [...c.keys].some((k) => {
        const w = words(k);
        return typed.every((x) => w.includes(x)) || w.every((x) => typed.includes(x));
      }),
    )
    .map((c) => c.id);
}

/** The streets a place names: its own fields, else the streets its words name, paired at crossroads. */
function namedStreets(place: MatchPlace): Array<{ main: string | null; cross: string | null }> {
  if (place.street || place.crossStreet) {
    return [{ main: place.street, cross: place.crossStreet }];
  }
  if (!place.text) return [];
  return pairCrossroads(place.text, findStreets(place.text)).map((p) => ({
    main: p.main.street,
    cross: p.cross?.street ?? null,
  }));
}

/**
 * The cameras that may have seen a place: by distance when the place has coordinates, and by
 * street name against each camera's address and name (the streets of the place's words when it
 * has no street field). At a crossroads, cameras naming both streets are preferred; otherwise
 * every camera on either street is taken (a hold too wide costs disk, one too narrow loses
 * evidence).
 */
export function matchCameras(
  place: MatchPlace | null,
  cameras: MatchableCamera[],
  maxMeters = HOLD_RADIUS_METERS,
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
  const streets = namedStreets(place);
  const keyed =
    streets.length > 0 ? cameras.map((c) => ({ id: c.id, keys: cameraStreetKeys(c) })) : [];
  const byName: string[] = [];
  let crossroads = false;
  for (const { main, cross } of streets) {
    const onMain = main ? camerasOnStreet(streetKey(main), keyed) : [];
    const onCross = cross ? camerasOnStreet(streetKey(cross), keyed) : [];
    const both = onMain.filter((id) => onCross.includes(id));
    if (both.length > 0) crossroads = true;
    byName.push(...(both.length > 0 ? both : [...onMain, ...onCross]));
  }
  const ids = [...new Set([...byDistance, ...byName])];
  const codes = (list: string[]) =>
    [...new Set(list)].map((id) => cameras.find((c) => c.id === id)?.code ?? id).join(', ');
  if (ids.length === 0) {
    const named = streets
      .flatMap((s) => [s.main, s.cross])
      .filter(Boolean)
      .join(' / ');
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
    const fromText = !place.street && !place.crossStreet ? ' (dalle vie nel luogo indicato)' : '';
    parts.push(`${crossroads ? 'incrocio' : 'via'} corrispondente${fromText}: ${codes(byName)}`);
  }
  if (byDistance.length > 0) parts.push(`entro ${maxMeters} m: ${codes(byDistance)}`);
  return { cameraIds: ids, explanation: parts.join('; ') };
}
