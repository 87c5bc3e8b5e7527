import { describe, expect, it } from 'vitest';
import { cameraStreetKeys, matchCameras, streetKey, type MatchableCamera } from './camera-match.js';

const cam = (
  id: string,
  name: string,
  address: string,
  lat: number | null = null,
  lon: number | null = null,
): MatchableCamera => ({
  id,
  code: id.toUpperCase(),
  name,
  address,
  latitude: lat,
  longitude: lon,
});

const place = (
  street: string | null,
  crossStreet: string | null = null,
  lat: number | null = null,
  lon: number | null = null,
) => ({
  street,
  crossStreet,
  landmark: null,
  lat,
  lon,
});

describe('camera matching', () => {
  const cameras = [
    cam('a', 'Porta San Pietro', 'Via Emilia San Pietro, Reggio Emilia', 44.6975, 10.638),
    cam('b', 'Incrocio Viale Piave / Via Emilia San Pietro', ''),
    cam('c', 'Piazza Fontanesi', 'P.zza Fontanesi 3, Reggio Emilia'),
    cam('d', 'Stazione', 'Piazzale Marconi, Reggio Emilia', 44.6978, 10.6425),
  ];

  it('normalizes street names to comparison keys', () => {
    expect(streetKey('V.le Piave')).toBe(streetKey('via Piave'));
    expect(streetKey('Piazza Fontanesi 3')).toBe('fontanesi');
    expect(cameraStreetKeys(cameras[0]!)).toContain('emilia san pietro');
  });

  it('matches by street, preferring cameras that name both streets of a crossroads', () => {
    expect(matchCameras(place('via emilia san pietro'), cameras).cameraIds.sort()).toEqual([
      'a',
      'b',
    ]);
    expect(matchCameras(place('via emilia san pietro', 'viale piave'), cameras).cameraIds).toEqual([
      'b',
    ]);
    expect(matchCameras(place('piazza fontanesi'), cameras).cameraIds).toEqual(['c']);
  });

  it('matches by distance within 150 m', () => {
    const r = matchCameras(place(null, null, 44.6977, 10.6423), cameras);
    expect(r.cameraIds).toEqual(['d']);
    expect(r.explanation).toContain('150 m');
  });

  it('explains why no camera matched', () => {
    const r = matchCameras(place('via roma'), cameras);
    expect(r.cameraIds).toEqual([]);
    expect(r.explanation).toContain('via roma');
    expect(matchCameras(null, cameras).explanation).toBe('luogo non indicato');
  });
});
