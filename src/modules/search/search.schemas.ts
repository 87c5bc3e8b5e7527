import { z } from 'zod';

const iso = z.iso.datetime({ offset: true });

/** The search's radius around a point when none is given (also what a request's hold covers). */
export const DEFAULT_SEARCH_RADIUS_M = 300;

/** Where to look: a point and radius on the map, a list of cameras, or a street. */
export const SearchPlaceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('point'),
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      radiusM: z.number().int().min(10).max(5000).default(DEFAULT_SEARCH_RADIUS_M),
    })
    .strict(),
  z
    .object({
      kind: z.literal('cameras'),
      cameraIds: z.array(z.uuid()).min(1).max(64),
    })
    .strict(),
  z
    .object({
      kind: z.literal('street'),
      street: z.string().trim().min(2).max(200),
      crossStreet: z.string().trim().max(200).nullable().default(null),
    })
    .strict(),
]);
export type SearchPlace = z.infer<typeof SearchPlaceSchema>;

export const SearchQuerySchema = z
  .object({
    place: SearchPlaceSchema,
    from: iso,
    to: iso,
    /** The footage request the search serves, if any (recorded in the audit entry). */
    requestId: z.string().trim().min(1).max(100).nullable().default(null),
  })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

const Band = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(['recorded', 'gap', 'expired', 'future']),
  cause: z
    .string()
    .nullable()
    .describe(
      'gap: camera_offline, recorder_down, disk, error or null; expired: retention, disk_space',
    ),
});

export const SearchHitSchema = z.object({
  camera: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    address: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    demo: z.boolean(),
    state: z.string(),
  }),
  distanceM: z.number().nullable().describe('from the searched point (point searches only)'),
  match: z.enum(['distance', 'crossroads', 'street', 'street_partial', 'list']),
  retentionDays: z.number().int(),
  expiresBefore: z.string(),
  summary: z
    .enum(['complete', 'partial', 'none', 'expired'])
    .describe('complete: the whole past part of the window is recorded'),
  totals: z.object({
    recordedMs: z.number(),
    gapMs: z.number(),
    expiredMs: z.number(),
    futureMs: z.number(),
  }),
  bands: z
    .array(Band)
    .describe('the window split into contiguous recorded / gap / expired / future'),
  holds: z.array(
    z.object({
      id: z.string(),
      from: z.string(),
      to: z.string(),
      reason: z.string(),
      caseRef: z.string().nullable(),
    }),
  ),
  thumbnail: z
    .object({ at: z.string(), url: z.string() })
    .nullable()
    .describe('a frame near the start of the recorded part of the window'),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  place: SearchPlaceSchema,
  explanation: z.string().describe('Italian: how the cameras were chosen, or why none was'),
  items: z.array(SearchHitSchema),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

/** A window about to be acquired, for the cameras chosen. */
export const CoverageQuerySchema = z
  .object({
    cameraIds: z.array(z.uuid()).min(1).max(64),
    from: iso,
    to: iso,
  })
  .strict();
export type CoverageQuery = z.infer<typeof CoverageQuerySchema>;

export const CoverageItemSchema = z.object({
  camera: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  summary: SearchHitSchema.shape.summary,
  totals: z.object({
    recordedMs: z.number(),
    gapMs: z.number(),
    expiredMs: z.number(),
    futureMs: z.number(),
    heldMs: z.number().describe('the part of the window under a preservation hold (blocco)'),
  }),
  bands: z.array(Band),
  holds: SearchHitSchema.shape.holds,
});

export const CoverageResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(CoverageItemSchema),
});
export type CoverageResult = z.infer<typeof CoverageResultSchema>;

export const ThumbnailQuerySchema = z
  .object({
    camera: z.uuid(),
    at: z.coerce.number().int().positive(),
    exp: z.coerce.number().int().positive(),
    sig: z.string().min(16).max(100),
  })
  .strict();

export const StreetSchema = z.object({
  street: z.string(),
  cameras: z.number().int().describe('cameras whose address names the street'),
  register: z.boolean().describe('the street is in the stradario'),
});
