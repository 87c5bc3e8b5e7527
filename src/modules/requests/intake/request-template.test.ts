import { describe, expect, it } from 'vitest';
import { parseRequestText } from './request-parser.js';
import { REQUEST_TEMPLATE, readTemplate } from './request-template.js';

const FILLED = `RICHIESTA DI ACQUISIZIONE IMMAGINI
Tipo evento: sinistro stradale
Data: 18/11/2026
Dalle ore: 17:45
Alle ore: 18:15
Luogo: viale Isonzo 64
Incrocio con: via Cecati
Riferimento (protocollo/verbale): 2262/2026
Richiedente: Marta Incerti
Qualifica: Ag.
Matricola: 521
Reparto/Ente: Reparto Infortunistica Stradale
Telefono: 0522 456200
Urgente (sì/no): sì
Motivo: dinamica del sinistro
`;

describe('request template', () => {
  it('the blank form is not a request', () => {
    expect(readTemplate(REQUEST_TEMPLATE)).toBeNull();
  });

  it('a filled form parses with full confidence', () => {
    const r = parseRequestText({
      body: FILLED,
      subject: 'richiesta',
      from: { name: null, address: 'marta.incerti@comune.reggioemilia.it' },
      date: new Date('2026-11-19T08:12:00+01:00'),
    });
    expect(r).toMatchObject({
      eventType: 'sinistro_stradale',
      window: { from: '2026-11-18T17:45:00+01:00', to: '2026-11-18T18:15:00+01:00' },
      place: { street: 'viale isonzo', number: '64', crossStreet: 'via cecati' },
      references: [{ kind: 'altro', number: '2262/2026' }],
      requester: {
        name: 'Marta Incerti',
        rank: 'Ag.',
        badge: '521',
        unit: 'Reparto Infortunistica Stradale',
        type: 'officer',
      },
      urgent: true,
      missing: [],
    });
    expect(r.confidence).toMatchObject({
      eventType: 1,
      window: 1,
      place: 1,
      references: 1,
      urgent: 1,
    });
  });

  it('reads the labels, leaving placeholders empty', () => {
    const t = readTemplate(FILLED.replace('via Cecati', '(la via che incrocia)'));
    expect(t?.cross).toBeUndefined();
    expect(t?.place?.value).toBe('viale Isonzo 64');
    expect(FILLED.slice(t!.date!.start, t!.date!.end)).toBe('18/11/2026');
  });
});
