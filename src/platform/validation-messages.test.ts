import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installItalianValidationMessages } from './validation-messages.js';

const messagesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a refusal');
  return result.error.issues.map((i) => i.message);
};

describe('Italian validation messages', () => {
  beforeAll(() => installItalianValidationMessages());
  afterAll(() => {
    z.config({ localeError: z.locales.en().localeError });
  });

  it('names a missing or empty field as required', () => {
    const schema = z.object({ username: z.string().min(1), note: z.string() });
    expect(messagesOf(schema, { username: '' })).toEqual([
      'Campo obbligatorio',
      'Campo obbligatorio',
    ]);
    expect(messagesOf(z.object({ a: z.number() }), { a: null })).toEqual(['Campo obbligatorio']);
  });

  it('words lengths, ranges and types in Italian', () => {
    expect(messagesOf(z.string().min(12), 'corta')).toEqual(['Almeno 12 caratteri']);
    expect(messagesOf(z.string().max(3), 'lunga')).toEqual(['Al massimo 3 caratteri']);
    expect(messagesOf(z.string().length(6), '12345')).toEqual([
      'Devono essere esattamente 6 caratteri',
    ]);
    expect(messagesOf(z.number().int().min(1).max(14), 0)).toEqual(['Minimo 1']);
    expect(messagesOf(z.number().int().min(1).max(14), 20)).toEqual(['Massimo 14']);
    expect(messagesOf(z.number().positive(), 0)).toEqual(['Deve essere maggiore di 0']);
    expect(messagesOf(z.number().int(), 1.5)).toEqual(['Atteso un numero intero']);
    expect(messagesOf(z.number(), 'tre')).toEqual(['Valore non valido: atteso un numero']);
    expect(messagesOf(z.array(z.string()).min(1), [])).toEqual(['Almeno 1 elemento']);
  });

  it('words formats, choices and unknown keys in Italian', () => {
    expect(messagesOf(z.email(), 'no')).toEqual(['Indirizzo di posta elettronica non valido']);
    expect(messagesOf(z.iso.datetime(), 'ieri')).toEqual([
      'Data e ora non valide: attese in formato ISO 8601',
    ]);
    expect(messagesOf(z.uuid(), 'x')).toEqual(['Identificativo non valido']);
    expect(messagesOf(z.enum(['a', 'b']), 'c')).toEqual([
      'Valore non consentito: ammessi «a», «b»',
    ]);
    expect(messagesOf(z.strictObject({}), { x: 1, y: 2 })).toEqual(['Campi non previsti: x, y']);
  });

  it('leaves a schema’s own message in place', () => {
    const schema = z.object({
      password: z.string().min(12, 'La password deve avere almeno 12 caratteri'),
      code: z.string().regex(/^\d{6}$/, { message: 'Codice di 6 cifre' }),
    });
    expect(messagesOf(schema, { password: 'x', code: 'abc' })).toEqual([
      'La password deve avere almeno 12 caratteri',
      'Codice di 6 cifre',
    ]);
  });

  it('falls back to zod’s Italian locale for the rarer issues', () => {
    expect(messagesOf(z.string().startsWith('VD-'), 'X')).toEqual([
      'Stringa non valida: deve iniziare con "VD-"',
    ]);
  });
});
