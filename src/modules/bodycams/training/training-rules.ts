// Pure rules of the training register: validity of a session and whether an officer may be
// issued a bodycam (all required courses attended and still valid).

const ROME_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) in Rome at an instant. */
export const romeDate = (ms: number): string => ROME_DATE.format(new Date(ms));

/**
 * The last valid day of a session held on `heldOn` for a course valid `months` months: the day
 * before the same date `months` later (end of month when that day does not exist).
 */
export function validUntil(heldOn: string, months: number | null): string | null {
  if (months === null) return null;
  const [y, m, d] = heldOn.split('-').map(Number) as [number, number, number];
  const totalMonths = y * 12 + (m - 1) + months;
  const ty = Math.floor(totalMonths / 12);
  const tm = totalMonths % 12;
  const daysInMonth = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const anniversary = Date.UTC(ty, tm, Math.min(d, daysInMonth));
  return new Date(anniversary - 86_400_000).toISOString().slice(0, 10);
}

export interface RequiredCourse {
  id: string;
  name: string;
}

export interface Attendance {
  courseId: string;
  heldOn: string;
  validUntil: string | null;
}

export interface TrainingGap {
  courseId: string;
  course: string;
  problem: 'missing' | 'expired';
  /** For an expired course: the last valid day of the newest session attended. */
  expiredOn: string | null;
}

/** What keeps an officer from being issued a bodycam on `today` (empty: nothing). */
export function trainingGaps(
  required: readonly RequiredCourse[],
  attended: readonly Attendance[],
  today: string,
): TrainingGap[] {
  const gaps: TrainingGap[] = [];
  for (const course of required) {
    const mine = attended.filter((a) => a.courseId === course.id && a.heldOn <= today);
    if (mine.length === 0) {
      gaps.push({ courseId: course.id, course: course.name, problem: 'missing', expiredOn: null });
      continue;
    }
    if (mine.some((a) => a.validUntil === null || a.validUntil >= today)) continue;
    const newest =
      mine
        .map((a) => a.validUntil ?? '')
        .sort()
        .at(-1) ?? null;
    gaps.push({ courseId: course.id, course: course.name, problem: 'expired', expiredOn: newest });
  }
  return gaps;
}

const itDate = (iso: string) => iso.split('-').reverse().join('/');

/** The issuing screen's explanation, in Italian, naming each missing or expired course. */
export function trainingRefusal(officerName: string, gaps: readonly TrainingGap[]): string {
  const missing = gaps.filter((g) => g.problem === 'missing').map((g) => `«${g.course}»`);
  const expired = gaps
    .filter((g) => g.problem === 'expired')
    .map((g) => `«${g.course}» (scaduta il ${itDate(g.expiredOn ?? '')})`);
  const parts: string[] = [];
  if (missing.length) parts.push(`formazione mancante: ${missing.join(', ')}`);
  if (expired.length) parts.push(`formazione scaduta: ${expired.join(', ')}`);
  return `Bodycam non assegnabile a ${officerName}: ${parts.join('; ')}`;
}
