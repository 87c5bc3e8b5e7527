import { describe, expect, it } from 'vitest';
import { parseHeaderDate, prepareText, segmentAt } from './message-text.js';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

describe('forwards and replies', () => {
  it('reads dates of forwarded headers in the forms mail clients write', () => {
    expect(iso(parseHeaderDate('Fri, 20 Nov 2026 07:58:00 +0100'))).toBe(
      '2026-11-20T06:58:00.000Z',
    );
    expect(iso(parseHeaderDate('giovedì 12 novembre 2026 21:40'))).toBe('2026-11-12T20:40:00.000Z');
    expect(iso(parseHeaderDate('ven 13 nov 2026 alle ore 18:05'))).toBe('2026-11-13T17:05:00.000Z');
    expect(iso(parseHeaderDate('21 novembre 2026 10:12:45 CET'))).toBe('2026-11-21T09:12:00.000Z');
    expect(iso(parseHeaderDate('13/11/2026 09:12'))).toBe('2026-11-13T08:12:00.000Z');
    expect(iso(parseHeaderDate('Fri, Nov 13, 2026 at 6:05 PM'))).toBe('2026-11-13T17:05:00.000Z');
    expect(parseHeaderDate('domani')).toBeNull();
  });

  it('dates the forwarded part by its own header and blanks the header lines', () => {
    const body = `Inoltro per competenza.

-------- Messaggio inoltrato --------
Da: Ag. Sara Bonini <sara.bonini@comune.reggioemilia.it>
Data: Fri, 20 Nov 2026 07:58:00 +0100
Oggetto: tamponamento viale Timavo

stamattina alle 7.20 circa in viale Timavo`;
    const p = prepareText(body, Date.parse('2026-11-23T09:00:00+01:00'));
    expect(p.work).toHaveLength(body.length);
    expect(p.work).not.toContain('Data:');
    expect(p.forwardedFrom).toEqual({
      name: 'Ag. Sara Bonini',
      address: 'sara.bonini@comune.reggioemilia.it',
    });
    expect(p.forwardedSubject).toBe('tamponamento viale Timavo');
    expect(iso(segmentAt(p, body.indexOf('stamattina')).refDate)).toBe('2026-11-20T06:58:00.000Z');
    expect(iso(segmentAt(p, 0).refDate)).toBe('2026-11-23T08:00:00.000Z');
  });

  it('recognizes Outlook and Apple Mail forwards without a dashed marker line', () => {
    const outlook =
      'nota\n\nDa: Giorgio Bassi <g@libero.it>\nInviato: giovedì 12 novembre 2026 21:40\nA: URP\nOggetto: auto\n\nieri notte';
    expect(prepareText(outlook, null).forwardedFrom?.address).toBe('g@libero.it');
    const apple =
      'nota\n\nInizio messaggio inoltrato:\n\nDa: Carla Ferri <carla.ferri@alice.it>\nData: 21 novembre 2026 10:12:45 CET\n\nstanotte';
    expect(prepareText(apple, null).forwardedDate).toBe(Date.parse('2026-11-21T10:12:00+01:00'));
  });

  it('keeps offsets while removing quote markers', () => {
    const body =
      'Dalle 16 alle 16.30.\n\nIl giorno mar 10 nov 2026 alle ore 11:02 CO ha scritto:\n> piazza\n>> Casotti';
    const p = prepareText(body, null);
    expect(p.work).toHaveLength(body.length);
    expect(p.work).not.toContain('>');
    expect(p.work).not.toContain('ha scritto');
    expect(p.work.indexOf('Casotti')).toBe(body.indexOf('Casotti'));
    expect(iso(segmentAt(p, body.indexOf('piazza')).refDate)).toBe('2026-11-10T10:02:00.000Z');
  });
});
