import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCIPLINARE } from './disciplinare-defaults.js';
import { DisciplinareRulesSchema } from './disciplinare.schemas.js';

const rules = DEFAULT_DISCIPLINARE.rules;

describe('disciplinare rules: reminders before the categorize deadline', () => {
  it('accepts reminders before the deadline and defaults to none for older versions', () => {
    expect(DisciplinareRulesSchema.parse(rules).reminderHoursBefore).toEqual([24, 4]);
    const { reminderHoursBefore: _drop, ...older } = rules;
    expect(DisciplinareRulesSchema.parse(older).reminderHoursBefore).toEqual([]);
  });
  it('refuses a reminder at or after the deadline, naming it', () => {
    const r = DisciplinareRulesSchema.safeParse({ ...rules, reminderHoursBefore: [24, 48] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['reminderHoursBefore.1', 'il promemoria va inviato prima della scadenza di 48 ore'],
    ]);
  });
});
