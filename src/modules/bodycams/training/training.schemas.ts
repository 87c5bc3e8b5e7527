import { z } from 'zod';

export const CourseInputSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9_]{2,40}$/, 'codice: lettere minuscole, cifre e _ (2-40)'),
    name: z.string().trim().min(2).max(200),
    validityMonths: z.number().int().min(1).max(240).nullable().describe('null: never expires'),
    requiredForBodycam: z.boolean(),
  })
  .strict();
export type CourseInput = z.infer<typeof CourseInputSchema>;

export const CourseSchema = CourseInputSchema.extend({ id: z.string() });
export type Course = z.infer<typeof CourseSchema>;

const Day = z.iso.date();

export const NewSessionSchema = z
  .object({
    courseId: z.string().min(1).max(100).describe('course id or code'),
    heldOn: Day,
    instructor: z.string().trim().max(200).default(''),
    place: z.string().trim().max(200).default(''),
    attendees: z.array(z.string().min(1).max(100)).max(500).describe('user ids or usernames'),
  })
  .strict();
export type NewSession = z.infer<typeof NewSessionSchema>;

export const SessionSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  courseName: z.string(),
  heldOn: z.string(),
  instructor: z.string(),
  place: z.string(),
  attendees: z.array(
    z.object({
      userId: z.string(),
      username: z.string(),
      displayName: z.string(),
      validUntil: z.string().nullable(),
    }),
  ),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

export const OfficerTrainingSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  eligible: z.boolean().describe('may be issued a bodycam today'),
  refusal: z.string().nullable().describe('why not, in Italian (issuing screen)'),
  courses: z.array(
    z.object({
      courseId: z.string(),
      course: z.string(),
      required: z.boolean(),
      lastHeldOn: z.string().nullable(),
      validUntil: z.string().nullable(),
      state: z.enum(['valida', 'scaduta', 'mancante']),
    }),
  ),
});
export type OfficerTraining = z.infer<typeof OfficerTrainingSchema>;

export const TrainingImportResultSchema = z.object({
  sessions: z.number().int(),
  attendances: z.number().int(),
});
