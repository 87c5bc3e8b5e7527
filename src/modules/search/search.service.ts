import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { Camera } from '../cameras/camera.schemas.js';
import type { CameraViewer, CamerasService } from '../cameras/cameras.service.js';
import type { CameraAvailability } from '../recording/playback.schemas.js';
import type { PlaybackService } from '../recording/playback.service.js';
import { cameraStreetKeys, distanceMeters, streetKey } from '../requests/camera-match.js';
import {
  availabilityBands,
  bandTotals,
  coveredMs,
  summarize,
  type Band,
} from './availability-bands.js';
import type {
  CoverageQuery,
  CoverageResult,
  SearchHit,
  SearchPlace,
  SearchQuery,
  SearchResult,
} from './search.schemas.js';
import type { ThumbnailSigner } from './thumbnail-token.js';

/** Thumbnail links of a search work this long (as long as a playback session). */
const THUMB_LINK_TTL_MS = 4 * 60 * 60 * 1000;
/** At most this many cameras per answer: the nearest ones. */
const MAX_HITS = 50;

type Match = SearchHit['match'];

/** What the search needs of the street register (stradario) of the requests module. */
export interface StreetRegister {
  /** Streets whose name contains the words typed. */
  search(
    q: string,
    limit?: number,
  ): Promise<Array<{ name: string; lat: number | null; lon: number | null }>>;
  /** The street's (or crossing's) coordinates from the register, when it has them. */
  resolve<
    P extends {
      street: string | null;
      crossStreet: string | null;
      lat: number | null;
      lon: number | null;
    },
  >(
    place: P,
  ): Promise<P>;
}

/** Around a street's point from the stradario, cameras this close are on or near it. */
const STREET_RADIUS_M = 200;
interface Candidate {
  camera: Camera;
  distanceM: number | null;
  match: Match;
}

const words = (key: string) => key.split(' ').filter(Boolean);

/** How a camera's streets answer a typed street: exactly, partly ("Prampolini"), or not. */
function streetMatch(typed: string, keys: Set<string>): 'street' | 'street_partial' | null {
  if (keys.has(typed)) return 'street';
  const t = words(typed);
  for (const k of keys) {
    const w = words(k);
    if (t.every((x) => w.includes(x)) || w.every((x) => t.includes(x))) return 'street_partial';
  }
  return null;
}

const MATCH_ORDER: Record<Match, number> = {
  crossroads: 0,
  street: 1,
  street_partial: 2,
  distance: 3,
  list: 4,
};

/**
 * Event search (issue 7): from a place and a window to the cameras that may have seen it,
 * nearest first, each with what it holds for the window (recorded, gap, expired, future),
 * its holds and a frame near the start. Every search is audited with its query, since it
 * reads footage metadata and hands out links to frames.
 */
export class SearchService {
  constructor(
    private readonly d: {
      db: Db;
      cameras: CamerasService;
      playback: PlaybackService;
      audit: AuditService;
      clock: Clock;
      signer: ThumbnailSigner;
      /** The stradario, when the requests module has one. */
      streets?: StreetRegister;
    },
  ) {}

  async search(auth: AuthContext, actor: AuditActor, query: SearchQuery): Promise<SearchResult> {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const visible = await this.d.cameras.list(auth);
    const { candidates, explanation } = await this.candidates(query.place, visible);
    const chosen = candidates.slice(0, MAX_HITS);
    // Validates the window too (order, at most 31 days), with the recording module's rules.
    const availability = await this.d.playback.availability(
      auth,
      chosen.map((c) => c.camera.id),
      query.from,
      query.to,
    );
    const byCamera = new Map(availability.map((a) => [a.cameraId, a]));
    const now = this.d.clock.now();
    const items: SearchHit[] = chosen.map((c) => {
      const a = byCamera.get(c.camera.id);
      if (!a) throw new NotFound('telecamera', c.camera.id);
      const { bands, totals, summary } = windowAvailability(a, from, to, now);
      const firstRecorded = bands.find((b) => b.kind === 'recorded');
      const thumbAt = firstRecorded
        ? Math.min(
            firstRecorded.from + 1000,
            Math.floor((firstRecorded.from + firstRecorded.to) / 2),
          )
        : null;
      return {
        camera: {
          id: c.camera.id,
          code: c.camera.code,
          name: c.camera.name,
          address: c.camera.address,
          latitude: c.camera.latitude,
          longitude: c.camera.longitude,
          demo: c.camera.demo,
          state: c.camera.status.state,
        },
        distanceM: c.distanceM === null ? null : Math.round(c.distanceM),
        match: c.match,
        retentionDays: a.retentionDays,
        expiresBefore: a.expiresBefore,
        summary,
        totals: totalsOut(totals),
        bands: bands.map(bandOut),
        holds: a.holds.map(holdOut),
        thumbnail:
          thumbAt === null
            ? null
            : {
                at: isoOrNull(thumbAt) ?? '',
                url: this.thumbnailUrl(auth, c.camera.id, thumbAt, now),
              },
      };
    });
    await this.d.db.transaction().execute((tx) =>
      this.d.audit.record(tx, actor, {
        action: 'search.run',
        objectType: 'search',
        objectId: query.requestId,
        details: {
          place: query.place,
          from: query.from,
          to: query.to,
          requestId: query.requestId,
          cameras: items.map((i) => i.camera.code),
        },
      }),
    );
    return { from: query.from, to: query.to, place: query.place, explanation, items };
  }

  /**
   * What each camera holds for a window about to be acquired: recorded, gap, expired and held
   * milliseconds with the bands, so the operator sees a mostly empty window before confirming.
   * Metadata only, like the availability of the recordings: not audited (the acquisition is).
   */
  async coverage(viewer: CameraViewer, query: CoverageQuery): Promise<CoverageResult> {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    // Checks visibility of each camera and the window, with the recording module's rules.
    const availability = await this.d.playback.availability(
      viewer,
      query.cameraIds,
      query.from,
      query.to,
    );
    const now = this.d.clock.now();
    return {
      from: query.from,
      to: query.to,
      items: availability.map((a) => {
        const { bands, totals, summary } = windowAvailability(a, from, to, now);
        const held = coveredMs(
          a.holds.map((h) => ({ from: Date.parse(h.from), to: Date.parse(h.to) })),
          from,
          to,
        );
        return {
          camera: { id: a.cameraId, code: a.code ?? '', name: a.name ?? '' },
          summary,
          totals: { ...totalsOut(totals), heldMs: held },
          bands: bands.map(bandOut),
          holds: a.holds.map(holdOut),
        };
      }),
    };
  }

  /** A frame behind a link from the caller's own search: signature, expiry and visibility checked. */
  async thumbnail(
    auth: AuthContext,
    q: { camera: string; at: number; exp: number; sig: string },
  ): Promise<Buffer> {
    const grant = { userId: auth.userId, cameraId: q.camera, at: q.at, expires: q.exp };
    if (!this.d.signer.verify(grant, q.sig, this.d.clock.now())) {
      throw new Forbidden('Collegamento all’anteprima non valido o scaduto: ripetere la ricerca');
    }
    await this.d.cameras.get(q.camera, auth);
    return this.d.playback.frameAt(q.camera, q.at);
  }

  /**
   * The streets named in the addresses of the cameras the viewer may see (there is no
   * stradario table yet: the camera registry is the street register of the search).
   */
  async streets(
    viewer: CameraViewer,
    q?: string,
  ): Promise<Array<{ street: string; cameras: number; register: boolean }>> {
    const byKey = new Map<string, { street: string; cameras: number; register: boolean }>();
    for (const c of await this.d.cameras.list(viewer)) {
      const first = c.address.split(',')[0]?.trim();
      if (!first) continue;
      const key = streetKey(first);
      if (!key) continue;
      const entry = byKey.get(key) ?? { street: first, cameras: 0, register: false };
      entry.cameras++;
      byKey.set(key, entry);
    }
    const typed = q ? words(streetKey(q)) : [];
    const matches = (name: string) => {
      const key = words(streetKey(name));
      return typed.every((w) => key.some((k) => k.includes(w)));
    };
    const out = [...byKey.values()].filter((s) => matches(s.street));
    if (this.d.streets && typed.length > 0) {
      for (const s of await this.d.streets.search(q ?? '', 30)) {
        const known = byKey.get(streetKey(s.name));
        if (known) known.register = true;
        else out.push({ street: s.name, cameras: 0, register: true });
      }
    }
    return out
      .sort((a, b) => b.cameras - a.cameras || a.street.localeCompare(b.street, 'it'))
      .slice(0, 50);
  }

  private thumbnailUrl(auth: AuthContext, cameraId: string, at: number, now: number): string {
    const expires = now + THUMB_LINK_TTL_MS;
    const sig = this.d.signer.sign({ userId: auth.userId, cameraId, at, expires });
    const q = new URLSearchParams({
      camera: cameraId,
      at: String(at),
      exp: String(expires),
      sig,
    });
    return `/api/search/thumbnail?${q.toString()}`;
  }

  private async candidates(
    place: SearchPlace,
    visible: Camera[],
  ): Promise<{ candidates: Candidate[]; explanation: string }> {
    if (place.kind === 'cameras') {
      const byId = new Map(visible.map((c) => [c.id, c]));
      const ids = [...new Set(place.cameraIds)];
      const missing = ids.filter((id) => !byId.has(id));
      if (missing.length > 0) throw new NotFound('telecamera', missing.join(', '));
      return {
        candidates: ids.map((id) => ({ camera: byId.get(id)!, distanceM: null, match: 'list' })),
        explanation: `${cameraCount(ids.length)} scelte dall’elenco`,
      };
    }
    if (place.kind === 'point') {
      const all = visible
        .filter((c) => c.latitude !== null && c.longitude !== null)
        .map((c) => ({
          camera: c,
          distanceM: distanceMeters(place.lat, place.lon, c.latitude!, c.longitude!),
          match: 'distance' as const,
        }))
        .sort((a, b) => a.distanceM - b.distanceM);
      const within = all.filter((c) => c.distanceM <= place.radiusM);
      const nearest = all[0];
      return {
        candidates: within,
        explanation:
          within.length > 0
            ? `${cameraCount(within.length)} entro ${place.radiusM} m dal punto`
            : nearest
              ? `nessuna telecamera entro ${place.radiusM} m; la più vicina è ${nearest.camera.code} a ${Math.round(nearest.distanceM)} m`
              : 'nessuna telecamera con coordinate',
      };
    }
    const main = streetKey(place.street);
    const cross = place.crossStreet ? streetKey(place.crossStreet) : null;
    const found = new Map<string, Candidate>();
    for (const camera of visible) {
      const keys = cameraStreetKeys({ ...camera });
      const onMain = main ? streetMatch(main, keys) : null;
      const onCross = cross ? streetMatch(cross, keys) : null;
      if (onMain && onCross) found.set(camera.id, { camera, distanceM: null, match: 'crossroads' });
      else if (onMain ?? onCross)
        found.set(camera.id, { camera, distanceM: null, match: (onMain ?? onCross)! });
    }
    // The stradario places the street (or the crossing): cameras near that point count too,
    // and every camera gets its distance from it.
    const register = this.d.streets;
    // The register's own name for what was typed ("via Farini" → "Via Luigi Carlo Farini").
    const canonical = async (name: string | null) =>
      name && register ? ((await register.search(name, 1))[0]?.name ?? name) : name;
    const located = register
      ? await register.resolve({
          street: await canonical(place.street),
          crossStreet: await canonical(place.crossStreet),
          lat: null,
          lon: null,
        })
      : null;
    const point = located?.lat != null && located.lon != null ? located : null;
    let near = 0;
    if (point) {
      for (const camera of visible) {
        if (camera.latitude === null || camera.longitude === null) continue;
        const d = distanceMeters(point.lat!, point.lon!, camera.latitude, camera.longitude);
        const known = found.get(camera.id);
        if (known) known.distanceM = d;
        else if (d <= STREET_RADIUS_M) {
          found.set(camera.id, { camera, distanceM: d, match: 'distance' });
          near++;
        }
      }
    }
    const list = [...found.values()].sort(
      (a, b) =>
        MATCH_ORDER[a.match] - MATCH_ORDER[b.match] ||
        (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) ||
        a.camera.code.localeCompare(b.camera.code),
    );
    const named = [place.street, place.crossStreet].filter(Boolean).join(' / ');
    const parts = [
      list.length - near > 0
        ? `${cameraCount(list.length - near)} in ${named} (dagli indirizzi delle telecamere)`
        : `nessuna telecamera con ${named} nell’indirizzo`,
    ];
    if (point) parts.push(`${near} entro ${STREET_RADIUS_M} m dal punto dello stradario`);
    return { candidates: list, explanation: parts.join('; ') };
  }
}

/** "1 telecamera" / "3 telecamere" for the search summary. */
function cameraCount(n: number): string {
  return n === 1 ? '1 telecamera' : `${n} telecamere`;
}

/** A camera's availability over [from, to) as bands, totals and one summary word. */
function windowAvailability(a: CameraAvailability, from: number, to: number, now: number) {
  const ms = (s: string) => Date.parse(s);
  const bands = availabilityBands({
    from,
    to,
    now,
    expiresBefore: ms(a.expiresBefore),
    recorded: a.recorded.map((r) => ({ from: ms(r.from), to: ms(r.to) })),
    gaps: a.gaps.map((g) => ({
      from: ms(g.from),
      to: g.to === null ? null : ms(g.to),
      cause: g.cause,
    })),
    deleted: a.deleted.map((x) => ({ from: ms(x.from), to: ms(x.to), cause: x.cause })),
  });
  const totals = bandTotals(bands);
  return { bands, totals, summary: summarize(totals) };
}

const totalsOut = (t: ReturnType<typeof bandTotals>) => ({
  recordedMs: t.recorded,
  gapMs: t.gap,
  expiredMs: t.expired,
  futureMs: t.future,
});

const bandOut = (b: Band) => ({
  from: isoOrNull(b.from) ?? '',
  to: isoOrNull(b.to) ?? '',
  kind: b.kind,
  cause: b.cause,
});

const holdOut = (h: CameraAvailability['holds'][number]) => ({
  id: h.id,
  from: h.from,
  to: h.to,
  reason: h.reason,
  caseRef: h.caseRef,
});
