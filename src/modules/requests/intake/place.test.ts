import { describe, expect, it } from 'vitest';
import { findPlace } from './place-field.js';
import {
  DEFAULT_STREET_ALIASES,
  findLandmark,
  findStreets,
  normalizeStreet,
  pairCrossroads,
} from './place.js';

const place = (text: string, subject = '') =>
  findPlace(text, [subject], DEFAULT_STREET_ALIASES)?.value ?? null;
const streets = (text: string) => findStreets(text).map((s) => [s.street, s.number]);

describe('street names', () => {
  it('spells out abbreviations and lower-cases', () => {
    expect(normalizeStreet('V.le  Piave')).toBe('viale piave');
    expect(normalizeStreet('p.zza S. Prospero')).toBe('piazza san prospero');
    expect(normalizeStreet('P.za Fontanesi')).toBe('piazza fontanesi');
    expect(normalizeStreet('c.so Garibaldi')).toBe('corso garibaldi');
    expect(normalizeStreet('p.le Marconi')).toBe('piazzale marconi');
    expect(normalizeStreet('via F.lli Cervi')).toBe('via fratelli cervi');
    expect(normalizeStreet('via E. S. Pietro')).toBe('via emilia san pietro');
    expect(normalizeStreet('via E. S. Stefano')).toBe('via emilia santo stefano');
    expect(normalizeStreet('via S. Maria')).toBe('via santa maria');
    expect(normalizeStreet('via E. S. Pietro', [])).toBe('via e. san pietro');
  });

  it('finds streets with house numbers, in capitals or not', () => {
    expect(streets('auto in sosta in via Roma 12, poi')).toEqual([['via roma', '12']]);
    expect(streets("in viale Timavo all'altezza del civico 45, direzione")).toEqual([
      ['viale timavo', '45'],
    ]);
    expect(streets('in via Guido da Castello 33. Vorrei')).toEqual([
      ['via guido da castello', '33'],
    ]);
    expect(streets('in via roma vicino bar tabacchi')).toEqual([['via roma', null]]);
    expect(streets('in piazza Martiri del 7 Luglio un')).toEqual([
      ['piazza martiri del 7 luglio', null],
    ]);
    expect(streets('in viale Umberto I nei pressi')).toEqual([['viale umberto i', null]]);
    expect(streets("in via Emilia all'Angelo all'intersezione")).toEqual([
      ["via emilia all'angelo", null],
    ]);
    expect(streets('via Roma 14/11 alle 18')).toEqual([['via roma', null]]);
    expect(streets('immagini di piazza della Vittoria del 24 novembre 2026 dalle')).toEqual([
      ['piazza della vittoria', null],
    ]);
  });

  it('does not take "via" the preposition for a street', () => {
    expect(streets('inviato via email, in via preliminare, via PEC')).toEqual([]);
  });
});

describe('crossroads and landmarks', () => {
  const cross = (t: string) => {
    const p = pairCrossroads(t, findStreets(t))[0];
    return p && [p.main.street, p.cross?.street ?? null];
  };

  it('pairs the forms people use for a crossroads', () => {
    expect(cross("all'incrocio tra via Emilia San Pietro e viale Piave.")).toEqual([
      'via emilia san pietro',
      'viale piave',
    ]);
    expect(cross('viale Isonzo angolo via Gorizia')).toEqual(['viale isonzo', 'via gorizia']);
    expect(cross('p.zza del Monte ang. via Farini')).toEqual(['piazza del monte', 'via farini']);
    expect(cross("via Emilia all'Angelo all'intersezione con via Martiri di Cervarolo")).toEqual([
      "via emilia all'angelo",
      'via martiri di cervarolo',
    ]);
    expect(cross("in via Gramsci, all'altezza della rotatoria con via Vertoiba")).toEqual([
      'via gramsci',
      'via vertoiba',
    ]);
    expect(cross("all'incrocio semaforico di viale dei Mille con via Cialdini")).toEqual([
      'viale dei mille',
      'via cialdini',
    ]);
    expect(cross('viale Timavo / via Roma')).toEqual(['viale timavo', 'via roma']);
  });

  it('does not invent a crossroads', () => {
    expect(cross('in piazza Fontanesi lato via Squadroni')).toEqual(['piazza fontanesi', null]);
    expect(cross('in piazza Prampolini e in via Farini')).toEqual(['piazza prampolini', null]);
    expect(cross("in via Roma all'angolo con via Sessi, davanti al civico 41")).toEqual([
      'via roma',
      'via sessi',
    ]);
  });

  it('finds landmarks, not offices', () => {
    expect(findLandmark('si è allontanato davanti alla stazione in direzione centro')?.text).toBe(
      'stazione',
    );
    expect(findLandmark('piazzale Marconi (stazione FS), rastrelliera')?.text).toBe('stazione FS');
    expect(findLandmark('Stazione Carabinieri Reggio Emilia Principale')).toBeNull();
  });

  it('prefers the event place to the requester address, and falls back to the subject', () => {
    expect(
      place(
        'sono residente in via Dalmazia 12. Mi hanno rubato la bici davanti alla Biblioteca Panizzi',
      ),
    ).toMatchObject({
      street: null,
      landmark: 'Biblioteca Panizzi',
    });
    expect(
      place('immagini del tamponamento di stamattina', 'tamponamento viale Timavo'),
    ).toMatchObject({
      street: 'viale timavo',
    });
    expect(place('ieri sera una lite in centro')).toBeNull();
  });
});
