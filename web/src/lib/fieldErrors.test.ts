import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { failedChecks, fieldMessagesOf, isSchemaRefusal } from './fieldErrors';

describe('fieldMessagesOf', () => {
  it('places the schema’s details by dotted path', () => {
    const error = new ApiError(400, 'validation_failed', 'Dati non validi', [
      { path: '/recipient/name', message: 'Campo obbligatorio', keyword: 'too_small' },
      { path: '/reason', message: 'Almeno 5 caratteri', keyword: 'too_small' },
      { path: '/reason', message: 'secondo messaggio', keyword: 'custom' },
    ]);
    expect(fieldMessagesOf(error)).toEqual({
      'recipient.name': 'Campo obbligatorio',
      reason: 'Almeno 5 caratteri',
    });
  });

  it('places a service’s refusal on the field its details name', () => {
    const error = new ApiError(400, 'validation_failed', 'la validità massima è 14 giorni', {
      field: 'expiresInDays',
      max: 14,
    });
    expect(fieldMessagesOf(error)).toEqual({ expiresInDays: 'la validità massima è 14 giorni' });
    const fields = new ApiError(400, 'validation_failed', 'x', { fields: { code: 'già usato' } });
    expect(fieldMessagesOf(fields)).toEqual({ code: 'già usato' });
    const weak = new ApiError(400, 'validation_failed', 'Troppo corta. Troppo comune.', {
      password: ['Troppo corta.', 'Troppo comune.'],
    });
    expect(fieldMessagesOf(weak)).toEqual({ password: 'Troppo corta. Troppo comune.' });
    const csv = new ApiError(400, 'validation_failed', 'righe', {
      errors: [{ line: 3, message: 'x' }],
    });
    expect(fieldMessagesOf(csv)).toEqual({});
  });

  it('has nothing for other errors', () => {
    expect(fieldMessagesOf(null)).toEqual({});
    expect(fieldMessagesOf(new ApiError(401, 'invalid_credentials', 'no', { field: 'x' }))).toEqual(
      {},
    );
  });
});

describe('failedChecks', () => {
  it('keeps the checks that name a message', () => {
    const username: string = '';
    const password: string = 'segreta';
    expect(
      failedChecks({
        username: !username.trim() && 'Campo obbligatorio',
        password: !password && 'Campo obbligatorio',
        confirm: password !== 'altra' && 'Le due password non coincidono.',
        nothing: null,
      }),
    ).toEqual({ username: 'Campo obbligatorio', confirm: 'Le due password non coincidono.' });
    expect(failedChecks({ a: false, b: undefined })).toEqual({});
  });
});

describe('isSchemaRefusal', () => {
  it('tells a schema’s list of bad fields from a service’s worded refusal', () => {
    const schema = new ApiError(400, 'validation_failed', 'Dati non validi (body): x: y', [
      { path: '/displayName', message: 'Almeno 2 caratteri', keyword: 'too_small' },
    ]);
    expect(isSchemaRefusal(schema)).toBe(true);
    const service = new ApiError(400, 'validation_failed', 'la validità massima è 14 giorni', {
      field: 'expiresInDays',
    });
    expect(isSchemaRefusal(service)).toBe(false);
    expect(isSchemaRefusal(new ApiError(404, 'not_found', 'Non trovato'))).toBe(false);
    expect(isSchemaRefusal(null)).toBe(false);
  });
});
