import { describe, expect, it } from 'vitest';
import { romeDate, trainingGaps, trainingRefusal, validUntil } from './training-rules.js';

describe('training rules', () => {
  it('a session is valid up to the day before its anniversary', () => {
    expect(validUntil('2026-01-15', 24)).toBe('2028-01-14');
    expect(validUntil('2026-01-31', 1)).toBe('2026-02-27');
    expect(validUntil('2024-02-29', 12)).toBe('2025-02-27');
    expect(validUntil('2026-03-01', null)).toBeNull();
  });

  it('reads the calendar day in Rome', () => {
    expect(romeDate(Date.UTC(2026, 10, 23, 23, 30))).toBe('2026-11-24');
    expect(romeDate(Date.UTC(2026, 6, 1, 21, 59))).toBe('2026-07-01');
  });

  const required = [
    { id: 'p', name: 'Privacy' },
    { id: 'b', name: 'Uso della bodycam' },
  ];

  it('names missing and expired courses', () => {
    const gaps = trainingGaps(
      required,
      [{ courseId: 'p', heldOn: '2023-01-10', validUntil: '2025-01-09' }],
      '2026-11-23',
    );
    expect(gaps).toEqual([
      { courseId: 'p', course: 'Privacy', problem: 'expired', expiredOn: '2025-01-09' },
      { courseId: 'b', course: 'Uso della bodycam', problem: 'missing', expiredOn: null },
    ]);
    expect(trainingRefusal('Mario Rossi', gaps)).toBe(
      'Bodycam non assegnabile a Mario Rossi: formazione mancante: «Uso della bodycam»; formazione scaduta: «Privacy» (scaduta il 09/01/2025)',
    );
  });

  it('any valid session suffices; a session in the future does not count yet', () => {
    const attended = [
      { courseId: 'p', heldOn: '2023-01-10', validUntil: '2025-01-09' },
      { courseId: 'p', heldOn: '2026-01-10', validUntil: '2028-01-09' },
      { courseId: 'b', heldOn: '2026-12-01', validUntil: null },
    ];
    expect(trainingGaps(required, attended, '2026-11-23').map((g) => g.courseId)).toEqual(['b']);
    expect(trainingGaps(required, attended, '2026-12-01')).toEqual([]);
    expect(trainingGaps(required, attended, '2028-01-09')).toEqual([]);
    expect(trainingGaps(required, attended, '2028-01-10')[0]?.problem).toBe('expired');
  });
});
