import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { BodyOf, OkJson } from '../../api/types';
import type { paths } from '../../api/schema';
import type { PlayerSession } from '../../components/player/Player';
import type { TimelineData } from '../../components/timeline/types';

export type Camera = OkJson<paths['/api/cameras']['get']>['items'][number];
export type CameraState = Camera['status']['state'];
export type Availability = OkJson<paths['/api/recordings/availability']['get']>['items'][number];
export type PlaybackSession = OkJson<paths['/api/playback']['post']>;
export type NewPlayback = BodyOf<paths['/api/playback']['post']>;
export type Hold = OkJson<paths['/api/holds']['get']>['items'][number];
export type NewHold = BodyOf<paths['/api/holds']['post']>;

const ms = (iso: string) => Date.parse(iso);

/** The availability answer in the timeline's terms (epoch milliseconds). */
export function toTimelineData(a: Availability, now: number): TimelineData {
  return {
    expiresBefore: a.expiresBefore ? ms(a.expiresBefore) : null,
    recorded: a.recorded.map((r) => ({ from: ms(r.from), to: ms(r.to) })),
    gaps: a.gaps.map((g) => ({
      from: ms(g.from),
      to: g.to ? ms(g.to) : now,
      open: g.to === null,
      cause: g.cause,
      detail: g.detail,
    })),
    holds: a.holds.map((h) => ({
      id: h.id,
      from: ms(h.from),
      to: ms(h.to),
      reason: h.reason,
      caseRef: h.caseRef,
    })),
    deleted: a.deleted.map((d) => ({ from: ms(d.from), to: ms(d.to), cause: d.cause })),
  };
}

export function toPlayerSession(s: PlaybackSession): PlayerSession {
  return {
    id: s.id,
    from: ms(s.from),
    to: ms(s.to),
    segments: s.segments.map((seg) => ({ id: seg.id, from: ms(seg.from), to: ms(seg.to) })),
  };
}

export function loadAvailability(
  cameraId: string,
  from: number,
  to: number,
  signal: AbortSignal,
): Promise<Availability | undefined> {
  return unwrap(
    api.GET('/api/recordings/availability', {
      signal,
      params: {
        query: {
          cameras: cameraId,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        },
      },
    }),
  ).then((body) => body.items[0]);
}

export function startPlayback(body: NewPlayback): Promise<PlaybackSession> {
  return unwrap(api.POST('/api/playback', { body }));
}

export function loadPlayback(id: string, signal: AbortSignal): Promise<PlaybackSession> {
  return unwrap(api.GET('/api/playback/{id}', { signal, params: { path: { id } } }));
}

/** One segment file; errors (403 expired session, 404 deleted footage) throw an ApiError. */
export function loadSegment(
  sessionId: string,
  segmentId: string,
  signal: AbortSignal,
): Promise<ArrayBuffer> {
  return unwrap<ArrayBuffer>(
    api.GET('/api/playback/{id}/segments/{segmentId}', {
      signal,
      params: { path: { id: sessionId, segmentId } },
      parseAs: 'arrayBuffer',
    }),
  );
}

export function thumbnailUrl(sessionId: string, at: number): string {
  const query = new URLSearchParams({ at: new Date(at).toISOString() });
  return `/api/playback/${encodeURIComponent(sessionId)}/thumbnail?${query.toString()}`;
}
