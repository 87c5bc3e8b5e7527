import { z } from 'zod';

const iso = z.iso.datetime({ offset: true });

export const AvailabilityQuerySchema = z
  .object({
    cameras: z
      .string()
      .trim()
      .min(1)
      .transform((s) => s.split(',').map((x) => x.trim()))
      .pipe(z.array(z.uuid()).min(1).max(64)),
    from: iso,
    to: iso,
  })
  .strict();

const Range = z.object({ from: z.string(), to: z.string() });

export const CameraAvailabilitySchema = z.object({
  cameraId: z.string(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  retentionDays: z.number().int(),
  /** Footage that ended before this instant has expired. */
  expiresBefore: z.string(),
  recorded: z.array(Range),
  gaps: z.array(
    z.object({
      from: z.string(),
      to: z.string().nullable(),
      cause: z.enum(['camera_offline', 'recorder_down', 'disk', 'error']),
      detail: z.string().nullable(),
    }),
  ),
  holds: z.array(
    Range.extend({ id: z.string(), reason: z.string(), caseRef: z.string().nullable() }),
  ),
  deleted: z.array(Range.extend({ cause: z.enum(['retention', 'disk_space']) })),
});
export type CameraAvailability = z.infer<typeof CameraAvailabilitySchema>;

export const NewPlaybackSchema = z
  .object({
    cameraId: z.uuid(),
    from: iso,
    to: iso,
    reason: z.string().trim().min(3).max(500),
    caseRef: z.string().trim().max(200).nullable().default(null),
  })
  .strict();
export type NewPlayback = z.infer<typeof NewPlaybackSchema>;

export const PlaybackSegmentSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  bytes: z.number().int(),
});

export const PlaybackSessionSchema = z.object({
  id: z.uuid(),
  cameraId: z.string(),
  from: z.string(),
  to: z.string(),
  expiresAt: z.string(),
  segments: z.array(PlaybackSegmentSchema),
});
export type PlaybackSession = z.infer<typeof PlaybackSessionSchema>;
