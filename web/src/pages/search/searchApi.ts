import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { BodyOf, OkJson } from '../../api/types';
import type { paths } from '../../api/schema';

export type SearchQuery = BodyOf<paths['/api/search']['post']>;
export type SearchPlace = SearchQuery['place'];
export type SearchResult = OkJson<paths['/api/search']['post']>;
export type SearchHit = SearchResult['items'][number];
export type Band = SearchHit['bands'][number];
export type StreetEntry = OkJson<paths['/api/search/streets']['get']>['items'][number];
export type RequestDetail = OkJson<paths['/api/requests/{id}']['get']>;
export type SearchCamera = OkJson<paths['/api/cameras']['get']>['items'][number];
export type CoverageQuery = BodyOf<paths['/api/search/coverage']['post']>;
export type CoverageItem = OkJson<paths['/api/search/coverage']['post']>['items'][number];

export type PlaceMode = 'point' | 'street' | 'cameras';

/** The search form as the operator fills it (instants in epoch milliseconds). */
export interface SearchDraft {
  mode: PlaceMode;
  lat: number | null;
  lon: number | null;
  radiusM: number;
  street: string;
  crossStreet: string;
  cameraIds: string[];
  from: number;
  to: number;
}

export const DEFAULT_RADIUS_M = 300;
export const RADII_M = [100, 200, 300, 500, 1000, 2000] as const;

export function runSearch(body: SearchQuery): Promise<SearchResult> {
  return unwrap(api.POST('/api/search', { body }));
}

/** What each camera recorded of a window about to be acquired (gap, expired, held too). */
export async function fetchCoverage(
  body: CoverageQuery,
  signal?: AbortSignal,
): Promise<CoverageItem[]> {
  return (await unwrap(api.POST('/api/search/coverage', { body, signal }))).items;
}

/** The place of the draft, or null when it is not complete yet. */
export function draftPlace(d: SearchDraft): SearchPlace | null {
  if (d.mode === 'point') {
    return d.lat === null || d.lon === null
      ? null
      : { kind: 'point', lat: d.lat, lon: d.lon, radiusM: d.radiusM };
  }
  if (d.mode === 'street') {
    return d.street.trim().length < 2
      ? null
      : { kind: 'street', street: d.street.trim(), crossStreet: d.crossStreet.trim() || null };
  }
  return d.cameraIds.length === 0 ? null : { kind: 'cameras', cameraIds: d.cameraIds };
}

/**
 * A search pre-filled from a footage request: its coordinates when it has them, else its
 * street (and cross street), else the cameras of its holds; its window.
 */
export function draftFromRequest(r: RequestDetail, fallback: SearchDraft): SearchDraft {
  const window = r.window
    ? { from: Date.parse(r.window.from), to: Date.parse(r.window.to) }
    : { from: fallback.from, to: fallback.to };
  const holdCameras = [...new Set(r.holds.flatMap((h) => h.cameras.map((c) => c.id)))];
  const base = { ...fallback, ...window };
  if (r.place.lat !== null && r.place.lon !== null) {
    return { ...base, mode: 'point', lat: r.place.lat, lon: r.place.lon };
  }
  if (r.place.street) {
    return {
      ...base,
      mode: 'street',
      street: [r.place.street, r.place.number].filter(Boolean).join(' '),
      crossStreet: r.place.crossStreet ?? '',
    };
  }
  if (holdCameras.length > 0) return { ...base, mode: 'cameras', cameraIds: holdCameras };
  return { ...base, mode: 'point' };
}
