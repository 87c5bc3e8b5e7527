import { describe, expect, it } from 'vitest';
import { emptyDraft, fieldErrorsOf, newRequestBody } from './requestForm';

describe('newRequestBody', () => {
  it('sends an empty form as typed, blanks included, for the server to name each one', () => {
    expect(newRequestBody(emptyDraft('phone'))).toEqual({
      channel: 'phone',
      subject: '',
      description: '',
      eventType: null,
      window: { from: '', to: '' },
      place: {
        text: null,
        street: null,
        number: null,
        crossStreet: null,
        landmark: null,
        lat: null,
        lon: null,
      },
      references: [],
      requester: {
        name: null,
        rank: null,
        badge: null,
        unit: null,
        phone: null,
        email: null,
        type: 'officer',
      },
      urgent: false,
    });
  });

  it('turns the Rome wall-clock times into instants and trims the text', () => {
    const draft = {
      ...emptyDraft('form'),
      subject: '  Furto  ',
      from: '2026-11-22T09:00',
      to: '2026-11-22T09:30',
      street: ' Viale Piave ',
    };
    const body = newRequestBody(draft);
    expect(body.window).toEqual({
      from: '2026-11-22T08:00:00.000Z',
      to: '2026-11-22T08:30:00.000Z',
    });
    expect(body.subject).toBe('Furto');
    expect(body.place.street).toBe('Viale Piave');
  });
});

describe('fieldErrorsOf', () => {
  it('puts each server message under its field, references by row, the rest apart', () => {
    const errors = fieldErrorsOf({
      'requester.name': 'Indicare nome e cognome del richiedente',
      window: 'Indicare il periodo dell’evento (inizio e fine)',
      'window.to': 'La fine deve essere successiva all’inizio',
      place: 'Indicare il luogo',
      'place.lon': 'Indicare latitudine e longitudine insieme',
      'references.1.number': 'Indicare il numero del riferimento',
      'place.text': 'Testo troppo lungo',
      '': 'Unrecognized key: "notes"',
    });
    expect(errors.fields).toEqual({
      'requester.name': 'Indicare nome e cognome del richiedente',
      from: 'Indicare il periodo dell’evento (inizio e fine)',
      to: 'La fine deve essere successiva all’inizio',
      street: 'Indicare il luogo',
      lon: 'Indicare latitudine e longitudine insieme',
    });
    expect(errors.references).toEqual({ 1: 'Indicare il numero del riferimento' });
    expect(errors.other).toEqual(['Testo troppo lungo', 'Unrecognized key: "notes"']);
  });

  it('lists a message of a field the page does not show (the officer has no channel)', () => {
    const errors = fieldErrorsOf(
      { channel: 'Un agente inserisce le richieste dal modulo web' },
      (field) => field !== 'channel',
    );
    expect(errors.fields).toEqual({});
    expect(errors.other).toEqual(['Un agente inserisce le richieste dal modulo web']);
  });
});
