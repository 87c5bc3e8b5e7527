import type { Role } from '../../api/types';
import type { DisciplinareVersion, NewDisciplinare } from './disciplinareApi';

export const ROLES: readonly Role[] = [
  'officer',
  'commander',
  'operator',
  'privacy_officer',
  'admin',
  'auditor',
];

export interface CategoryDraft {
  code: string;
  label: string;
  retentionHours: string;
  legalHold: boolean;
  viewRoles: Role[];
}

export interface DisciplinareDraft {
  title: string;
  effectiveFrom: string;
  notes: string;
  reasons: string;
  categories: CategoryDraft[];
  categorizeWithinHours: string;
  reminders: string;
  preRecordAllowed: boolean;
  preRecordSeconds: string;
  maxClipMinutes: string;
  notUsable: boolean;
  withApproval: boolean;
  actKind: string;
  actNumber: string;
  actDate: string;
}

/** A new version starts as a copy of the one in force. */
export function draftFrom(v: DisciplinareVersion, actKind: string): DisciplinareDraft {
  const r = v.rules;
  return {
    title: v.title,
    effectiveFrom: '',
    notes: '',
    reasons: r.activationReasons.join('\n'),
    categories: r.categories.map((c) => ({
      code: c.code,
      label: c.label,
      retentionHours: c.retentionHours === null ? '' : String(c.retentionHours),
      legalHold: c.legalHold,
      viewRoles: [...c.viewRoles],
    })),
    categorizeWithinHours: String(r.categorizeWithinHours),
    reminders: (r.reminderHoursBefore ?? []).join(', '),
    preRecordAllowed: r.preRecordAllowed,
    preRecordSeconds: String(r.preRecordSeconds),
    maxClipMinutes: String(r.maxClipMinutes),
    notUsable: r.notUsableForAdministrativeOffences ?? true,
    withApproval: false,
    actKind,
    actNumber: '',
    actDate: '',
  };
}

/** A number as typed; anything else goes to the server as is, to be named there. */
const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s.trim()));

export function bodyOf(d: DisciplinareDraft): NewDisciplinare {
  return {
    title: d.title.trim(),
    ...(d.effectiveFrom && { effectiveFrom: new Date(d.effectiveFrom).toISOString() }),
    notes: d.notes,
    rules: {
      activationReasons: d.reasons
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      categories: d.categories.map((c) => ({
        code: c.code.trim(),
        label: c.label.trim(),
        retentionHours: c.legalHold ? null : num(c.retentionHours),
        legalHold: c.legalHold,
        viewRoles: c.viewRoles,
      })),
      categorizeWithinHours: num(d.categorizeWithinHours),
      reminderHoursBefore: d.reminders
        .split(/[,;\s]+/)
        .filter(Boolean)
        .map((x) => num(x)),
      preRecordAllowed: d.preRecordAllowed,
      preRecordSeconds: d.preRecordAllowed ? num(d.preRecordSeconds) : 0,
      maxClipMinutes: num(d.maxClipMinutes),
      notUsableForAdministrativeOffences: d.notUsable,
    },
    ...(d.withApproval && {
      approval: { actKind: d.actKind.trim(), actNumber: d.actNumber.trim(), actDate: d.actDate },
    }),
  };
}

/** The first message at a path or below it (`rules.categories.0` covers its fields' too). */
export function errorAt(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const key = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return key ? errors[key] : undefined;
}
