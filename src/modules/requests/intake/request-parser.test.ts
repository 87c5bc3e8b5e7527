import { describe, expect, it } from 'vitest';
import { parseRequestText } from './request-parser.js';

const parse = (body: string, opts: { subject?: string; from?: string; date?: string } = {}) =>
  parseRequestText({
    body,
    subject: opts.subject ?? '',
    from: { name: null, address: opts.from ?? 'agente@comune.reggioemilia.it' },
    date: new Date(opts.date ?? '2026-11-16T09:00:00+01:00'),
  });

describe('request parser', () => {
  it('counts relative days of a forward from the forwarded original', () => {
    const r = parse(
      'Inoltro.\n\n-------- Messaggio inoltrato --------\nDa: Ag. Sara Bonini <sara.bonini@comune.reggioemilia.it>\nData: Fri, 20 Nov 2026 07:58:00 +0100\nOggetto: tamponamento\n\nstamattina alle 7.20 circa in viale Timavo',
      { date: '2026-11-23T09:02:00+01:00' },
    );
    expect(r.window).toEqual({
      from: '2026-11-20T07:10:00+01:00',
      to: '2026-11-20T07:30:00+01:00',
    });
    expect(r.referenceDate).toBe('2026-11-20T07:58:00+01:00');
    expect(r.requester).toMatchObject({ name: 'Sara Bonini', rank: 'Ag.', type: 'officer' });
  });

  it('lists what it cannot find instead of guessing', () => {
    const r = parse('Ciao, puoi bloccare le immagini? Ti mando dopo i dettagli.');
    expect(r.window).toBeNull();
    expect(r.place).toBeNull();
    expect(r.missing).toEqual(['window', 'place', 'references']);
    expect(r.confidence.eventType).toBeLessThan(0.5);
  });

  it('ignores numbers and places in contact lines', () => {
    const r = parse(
      'Furto in via Crispi ieri dalle 10 alle 11.\n\nSaluti\nMario Rossi\nVia Dalmazia 12 - 42121 Reggio Emilia\nTel. 0522 456789',
    );
    expect(r.place?.street).toBe('via crispi');
    expect(r.window).toEqual({
      from: '2026-11-15T10:00:00+01:00',
      to: '2026-11-15T11:00:00+01:00',
    });
  });

  it('hands the place to the resolver', () => {
    const r = parseRequestText(
      {
        body: 'sinistro in viale Piave 20 ieri alle 8',
        subject: '',
        from: null,
        date: new Date('2026-11-16T09:00:00+01:00'),
      },
      {
        placeResolver: (p) => (p.street === 'viale piave' ? { lat: 44.6975, lon: 10.6389 } : null),
      },
    );
    expect(r.place).toMatchObject({
      street: 'viale piave',
      number: '20',
      lat: 44.6975,
      lon: 10.6389,
    });
  });

  it('reads urgency, unless negated', () => {
    expect(parse('URGENTE: immagini via Roma', {}).urgent).toBe(true);
    expect(parse('richiesta non urgente, via Roma', {}).urgent).toBe(false);
  });

  it('stays fast on hostile input (long runs of digits, spaces, headers)', () => {
    for (const body of [
      'prot. n. ' + '1/'.repeat(20_000),
      'dalle 10 del ' + ' '.repeat(20_000) + 'x',
      'Da: x\nData: y\n'.repeat(5_000),
      'n. ' + '1-'.repeat(20_000) + ' di prot',
    ]) {
      const t = performance.now();
      parse(body);
      expect(performance.now() - t, body.slice(0, 20)).toBeLessThan(1500);
    }
  });
});
