import { describe, expect, it } from 'vitest';
import { SearchPlaceSchema } from '../search/search.schemas.js';
import {
  HOLD_RADIUS_METERS,
  cameraStreetKeys,
  matchCameras,
  streetKey,
  type MatchableCamera,
} from './camera-match.js';

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

  it('matches by distance within 300 m, the radius of the search opened from the request', () => {
    const r = matchCameras(place(null, null, 44.6977, 10.6423), cameras);
    expect(r.cameraIds).toEqual(['d']);
    expect(r.explanation).toBe('entro 300 m: D');
    // 236 m from each of two cameras, a point between them: both are held.
    const between = [
      cam('p', 'Piazza Prampolini', 'Piazza Camillo Prampolini, Reggio Emilia', 44.69758, 10.63093),
      cam('s', 'Via Emilia San Pietro', 'Via Emilia San Pietro, Reggio Emilia', 44.69716, 10.63688),
      cam('v', 'Viale Piave', 'Viale Piave, Reggio Emilia', 44.69548, 10.64054),
    ];
    expect(matchCameras(place(null, null, 44.69737, 10.633905), between).cameraIds).toEqual([
      'p',
      's',
    ]);
    expect(matchCameras(place(null, null, 44.69737, 10.633905), between, 150).explanation).toBe(
      'nessuna telecamera entro 150 m',
    );
  });

  it('holds as far as the search opened from a request looks', () => {
    const point = SearchPlaceSchema.parse({ kind: 'point', lat: 44.7, lon: 10.6 });
    expect(point.kind === 'point' && point.radiusM).toBe(HOLD_RADIUS_METERS);
  });

  it('takes a street written shorter or longer than the camera’s only when none matches exactly', () => {
    const square = [
      cam('p', 'Telecamera 1', 'Piazza Camillo Prampolini, Reggio Emilia'),
      cam('q', 'Telecamera 2', 'Via Emilia San Pietro, Reggio Emilia'),
    ];
    expect(matchCameras(place('piazza Prampolini'), square)).toEqual({
      cameraIds: ['p'],
      explanation: 'via corrispondente: P',
    });
    expect(matchCameras(place('via Emilia'), square).cameraIds).toEqual(['q']);
    // An exact match is enough: "San Pietro" cameras are not added to "via Emilia San Pietro".
    const exact = [...square, cam('r', 'Telecamera 3', 'Via Emilia, Reggio Emilia')];
    expect(matchCameras(place('via Emilia'), exact).cameraIds).toEqual(['r']);
  });

  it('reads the streets of the place as written when no street was given apart', () => {
    const text = (t: string) => ({ ...place(null), text: t });
    expect(matchCameras(text('tra piazza Fontanesi e via Emilia San Pietro'), cameras)).toEqual({
      cameraIds: ['c', 'a', 'b'],
      explanation: 'via corrispondente (dalle vie nel luogo indicato): C, A, B',
    });
    expect(
      matchCameras(text("all'incrocio tra via Emilia San Pietro e viale Piave"), cameras),
    ).toEqual({
      cameraIds: ['b'],
      explanation: 'incrocio corrispondente (dalle vie nel luogo indicato): B',
    });
    // A street field wins over the words.
    expect(
      matchCameras({ ...place('piazza Fontanesi'), text: 'via Emilia San Pietro' }, cameras)
        .cameraIds,
    ).toEqual(['c']);
    expect(matchCameras(text('davanti al bar'), cameras).explanation).toBe(
      'luogo senza via né coordinate: serve un operatore',
    );
    expect(matchCameras(text('in via Roma'), cameras).explanation).toBe(
      'nessuna telecamera registrata in via roma',
    );
  });

  it('explains why no camera matched', () => {
    const r = matchCameras(place('via roma'), cameras);
    expect(r.cameraIds).toEqual([]);
    expect(r.explanation).toContain('via roma');
    expect(matchCameras(null, cameras).explanation).toBe('luogo non indicato');
  });
});
