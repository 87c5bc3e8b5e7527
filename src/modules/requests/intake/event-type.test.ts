import { describe, expect, it } from 'vitest';
import { detectEventType } from './event-type.js';

const type = (body: string, subject = '') => detectEventType(body, subject).eventType;

describe('event type', () => {
  it('recognizes the usual words', () => {
    expect(type('tamponamento a catena in piazzale Europa')).toBe('sinistro_stradale');
    expect(type('hanno rigato diverse auto in sosta')).toBe('danneggiamento');
    expect(type('furto con destrezza del portafoglio')).toBe('furto');
    expect(type('rissa tra due gruppi di ragazzi')).toBe('aggressione');
    expect(type('una lite tra due uomini')).toBe('aggressione');
    expect(type('rapina ai danni di un esercizio commerciale')).toBe('furto');
  });

  it('does not read "lato sinistro" as an accident', () => {
    expect(type('fiancata rigata e specchietto sinistro rotto')).toBe('danneggiamento');
  });

  it('calls a break-in to steal a theft', () => {
    expect(type('mi hanno spaccato la vetrina e rubato la cassa', 'SPACCATA NEGOZIO')).toBe(
      'furto',
    );
  });

  it('says altro, with low confidence, when no event is named', () => {
    expect(detectEventType('chiede la conservazione delle immagini', '')).toMatchObject({
      eventType: 'altro',
      confidence: 0.3,
    });
    expect(detectEventType('abbandono di rifiuti ingombranti', '').confidence).toBe(0.8);
  });
});
