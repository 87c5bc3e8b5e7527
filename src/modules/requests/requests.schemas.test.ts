import { describe, expect, it } from 'vitest';
import { CommentInputSchema, NewRequestSchema } from './requests.schemas.js';

/** The messages of a refused body, by dotted path (as the form shows them). */
function problems(body: unknown): Record<string, string> {
  const result = NewRequestSchema.safeParse(body);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) out[issue.path.join('.')] ??= issue.message;
  return out;
}

const complete = {
  channel: 'phone',
  subject: 'Furto di bicicletta',
  eventType: 'furto',
  window: { from: '2026-11-22T09:00:00+01:00', to: '2026-11-22T09:30:00+01:00' },
  place: { street: 'Viale Piave' },
  requester: { name: 'Giulia Verdi', type: 'other_force' },
};

describe('NewRequestSchema (manual entry and officers’ form)', () => {
  it('accepts a complete request', () => {
    expect(NewRequestSchema.safeParse(complete).success).toBe(true);
  });

  it('names every missing field of an empty body at once, in Italian', () => {
    expect(problems({})).toEqual({
      channel: 'Indicare il canale di arrivo (modulo, telefono, carta o di persona)',
      eventType: 'Indicare il tipo di evento',
      window: 'Indicare il periodo dell’evento (inizio e fine)',
      place:
        'Indicare il luogo: via o piazza, un punto di riferimento, oppure un punto sulla mappa',
      subject:
        'Indicare l’oggetto o una descrizione: che cosa è successo e perché servono le immagini',
    });
  });

  it('names each empty field of the form as the web page sends it', () => {
    const empty = {
      channel: 'phone',
      subject: '  ',
      description: '',
      eventType: null,
      window: { from: '', to: '' },
      place: { text: null, street: null, number: null, crossStreet: null, landmark: null },
      references: [],
      requester: { name: '', type: 'officer', email: null },
      urgent: false,
    };
    expect(problems(empty)).toEqual({
      eventType: 'Indicare il tipo di evento',
      'window.from': 'Indicare data e ora di inizio dell’evento',
      'window.to': 'Indicare data e ora di fine dell’evento',
      place:
        'Indicare il luogo: via o piazza, un punto di riferimento, oppure un punto sulla mappa',
      'requester.name': 'Indicare nome e cognome del richiedente',
      subject:
        'Indicare l’oggetto o una descrizione: che cosa è successo e perché servono le immagini',
    });
  });

  it('takes a description instead of a subject, a landmark or a point instead of a street', () => {
    const r = { ...complete, subject: '', description: 'Bicicletta rubata davanti al bar' };
    expect(problems({ ...r, place: { landmark: 'stazione' } })).toEqual({});
    expect(problems({ ...r, place: { lat: 44.69, lon: 10.63 } })).toEqual({});
    expect(problems({ ...r, place: { lat: 44.69 } })).toEqual({
      'place.lon': 'Indicare latitudine e longitudine insieme',
    });
    // A house number alone is no place.
    expect(Object.keys(problems({ ...r, place: { number: '8' } }))).toEqual(['place']);
  });

  it('refuses a window whose end does not follow its start', () => {
    const at = '2026-11-22T09:00:00+01:00';
    expect(problems({ ...complete, window: { from: at, to: at } })).toEqual({
      'window.to': 'La fine deve essere successiva all’inizio',
    });
  });

  it('caps free text with a message saying the limit and the length', () => {
    expect(problems({ ...complete, subject: 'x'.repeat(301) })).toEqual({
      subject: 'Testo troppo lungo: al massimo 300 caratteri (ne sono stati inseriti 301)',
    });
    expect(problems({ ...complete, description: 'x'.repeat(10_001) })).toEqual({
      description:
        'Testo troppo lungo: al massimo 10.000 caratteri (ne sono stati inseriti 10.001)',
    });
    expect(
      problems({ ...complete, references: [{ kind: 'verbale', number: '1'.repeat(101) }] }),
    ).toEqual({
      'references.0.number':
        'Testo troppo lungo: al massimo 100 caratteri (ne sono stati inseriti 101)',
    });
    // Spaces around the text do not count; Italian groups digits from five (10.000, 5000).
    expect(problems({ ...complete, subject: ` ${'x'.repeat(300)} ` })).toEqual({});
    expect(CommentInputSchema.safeParse({ text: 'x'.repeat(5001) }).error?.issues[0]?.message).toBe(
      'Testo troppo lungo: al massimo 5000 caratteri (ne sono stati inseriti 5001)',
    );
  });

  it('refuses a channel a person does not enter and fields it does not know', () => {
    expect(Object.keys(problems({ ...complete, channel: 'email' }))).toEqual(['channel']);
    expect(NewRequestSchema.safeParse({ ...complete, notes: 'x' }).success).toBe(false);
  });
});
