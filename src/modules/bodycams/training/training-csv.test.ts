import { describe, expect, it } from 'vitest';
import { csvDate, trainingFromCsv } from './training-csv.js';

describe('training CSV', () => {
  it('reads Italian headers with ; and both date forms', () => {
    const { rows, errors } = trainingFromCsv(
      'corso;data;matricola;docente;luogo\nprivacy;14/03/2026;rossi;Avv. Neri;Aula 1\nuso_bodycam;2026-03-15;bianchi;;\n',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        course: 'privacy',
        heldOn: '2026-03-14',
        user: 'rossi',
        instructor: 'Avv. Neri',
        place: 'Aula 1',
      },
      {
        line: 3,
        course: 'uso_bodycam',
        heldOn: '2026-03-15',
        user: 'bianchi',
        instructor: '',
        place: '',
      },
    ]);
  });

  it('reports every bad line', () => {
    const { rows, errors } = trainingFromCsv(
      'course,date,username\nprivacy,31/02/2026,rossi\n,2026-01-01,\nprivacy,2026-01-01,verdi\n',
    );
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([
      { line: 2, message: 'data "31/02/2026" non valida (AAAA-MM-GG o GG/MM/AAAA)' },
      { line: 3, message: 'corso mancante; utente mancante' },
    ]);
  });

  it('refuses unknown or missing columns', () => {
    expect(() => trainingFromCsv('corso,data,colore\n')).toThrow(/colonne sconosciute: colore/);
    expect(() => trainingFromCsv('corso,data\nx,2026-01-01\n')).toThrow(/manca la colonna utente/);
  });

  it('validates dates', () => {
    expect(csvDate('1/2/2026')).toBe('2026-02-01');
    expect(csvDate('2026-13-01')).toBeNull();
    expect(csvDate('ieri')).toBeNull();
  });
});
