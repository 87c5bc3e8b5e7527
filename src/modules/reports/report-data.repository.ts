import { sql, type ExpressionBuilder } from 'kysely';
import type { Db, Executor, Tables } from '../../platform/db/database.js';
import { BODYCAM_SOURCE_PREFIX } from '../evidence/bodycam-evidence.service.js';

/** A request as the report reads it (no requester names: the report is about the service). */
export interface ReportRequestRow {
  id: string;
  number: string;
  channel: string;
  state: string;
  negative_reason: string | null;
  state_reason: string | null;
  event_type: string | null;
  requester_type: string;
  requester_unit: string | null;
  created_at: number;
  closed_at: number | null;
  due_at: number | null;
  evidence_id: string | null;
  evidence_number: string | null;
  evidence_at: number | null;
}

export interface ReportAcquisitionRow {
  id: string;
  number: string;
  status: string;
  created_at: number;
  finished_at: number | null;
  request_number: string | null;
  item_id: string | null;
}

export interface ReportHoldWindow {
  request_id: string | null;
  placed_at: number;
  released_at: number | null;
  expires_at: number | null;
}

export interface ReportClipRow {
  recorded_start: number;
  duration_ms: number;
  categorized_at: number | null;
  categorize_due_at: number;
}

const OPEN = ['ricevuta', 'in_lavorazione'];
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Case-insensitive match of the requesting unit, the same on both databases. */
function unitIs(unit: string) {
  return (eb: ExpressionBuilder<Tables, 'requests'>) =>
    eb(sql`lower(requests.requester_unit)`, '=', sql`lower(${unit})`);
}

/**
 * Read-only queries over requests, evidence, holds, recording gaps and bodycam clips: the one
 * source of every number in the dashboard, the PDF and the spreadsheet. Other modules own
 * these tables; this repository never writes to them.
 */
export class ReportDataRepository {
  constructor(private readonly db: Db) {}

  /** The request rows every report query reads, limited to one requesting unit when given. */
  private requestColumns(ex: Executor, unit: string | null) {
    return ex
      .selectFrom('requests')
      .$if(unit !== null, (q) => q.where(unitIs(unit ?? '')))
      .leftJoin('evidence_items', 'evidence_items.id', 'requests.evidence_id')
      .select([
        'requests.id',
        'requests.number',
        'requests.channel',
        'requests.state',
        'requests.negative_reason',
        'requests.state_reason',
        'requests.event_type',
        'requests.requester_type',
        'requests.requester_unit',
        'requests.created_at',
        'requests.closed_at',
        'requests.due_at',
        'requests.evidence_id',
        'evidence_items.number as evidence_number',
        'evidence_items.created_at as evidence_at',
      ]);
  }

  /** Requests received in [from, to), oldest first. */
  async received(
    from: number,
    to: number,
    unit: string | null,
    ex: Executor = this.db,
  ): Promise<ReportRequestRow[]> {
    return this.requestColumns(ex, unit)
      .where('requests.created_at', '>=', from)
      .where('requests.created_at', '<', to)
      .orderBy('requests.created_at')
      .orderBy('requests.number')
      .execute();
  }

  /** Requests open at `asOf` (received before it, closed after it or not at all). */
  async openAt(
    asOf: number,
    unit: string | null,
    ex: Executor = this.db,
  ): Promise<ReportRequestRow[]> {
    return this.requestColumns(ex, unit)
      .where('requests.created_at', '<', asOf)
      .where((eb) =>
        eb.or([
          eb('requests.state', 'in', OPEN),
          eb.and([eb('requests.closed_at', 'is not', null), eb('requests.closed_at', '>', asOf)]),
        ]),
      )
      .execute();
  }

  /**
   * Requests whose footage deadline fell in [from, until) after they arrived, still open or
   * refused because the footage was gone: candidates for "lost to expiry" (holds decide).
   */
  async lostCandidates(
    from: number,
    until: number,
    unit: string | null,
    ex: Executor = this.db,
  ): Promise<ReportRequestRow[]> {
    return this.requestColumns(ex, unit)
      .where('requests.due_at', '>=', from)
      .where('requests.due_at', '<', until)
      .where('requests.due_at', '>', sql<number>`requests.created_at`)
      .where((eb) =>
        eb.or([
          eb('requests.state', 'in', OPEN),
          eb.and([
            eb('requests.state', '=', 'negativa'),
            eb('requests.negative_reason', '=', 'footage_expired'),
          ]),
        ]),
      )
      .orderBy('requests.due_at')
      .execute();
  }

  /** Requests marked evasa in [from, to) with no evidence item (legacy imports aside). */
  async fulfilledWithoutEvidence(
    from: number,
    to: number,
    unit: string | null,
    ex: Executor = this.db,
  ): Promise<ReportRequestRow[]> {
    return this.requestColumns(ex, unit)
      .where('requests.state', '=', 'evasa')
      .where('requests.closed_at', '>=', from)
      .where('requests.closed_at', '<', to)
      .where('requests.evidence_id', 'is', null)
      .where('requests.channel', '<>', 'legacy_import')
      .orderBy('requests.closed_at')
      .execute();
  }

  /** The state each request had at `asOf`, from its history (last state change at or before). */
  async statesAt(ids: readonly string[], asOf: number, ex: Executor = this.db) {
    const out = new Map<string, string>();
    for (const part of chunks(ids)) {
      const rows = await ex
        .selectFrom('request_history')
        .select(['request_id', 'to_state', 'at'])
        .where('request_id', 'in', part)
        .where('at', '<=', asOf)
        .where('to_state', 'is not', null)
        .orderBy('at')
        .orderBy('id')
        .execute();
      for (const r of rows) if (r.to_state) out.set(r.request_id, r.to_state);
    }
    return out;
  }

  /** The holds placed for these requests (their windows in time, not their cameras). */
  async holdsOfRequests(ids: readonly string[], ex: Executor = this.db) {
    const out: ReportHoldWindow[] = [];
    for (const part of chunks(ids)) {
      out.push(
        ...(await ex
          .selectFrom('holds')
          .select(['request_id', 'placed_at', 'released_at', 'expires_at'])
          .where('request_id', 'in', part)
          .execute()),
      );
    }
    return out;
  }

  /** Acquisitions finished in [from, to), and those still queued or running at `to`. */
  async acquisitions(
    from: number,
    to: number,
    unit: string | null,
    ex: Executor = this.db,
  ): Promise<ReportAcquisitionRow[]> {
    return ex
      .selectFrom('evidence_acquisitions as a')
      .leftJoin('evidence_items as i', 'i.acquisition_id', 'a.id')
      .$if(unit !== null, (q) =>
        q
          .innerJoin('requests', 'requests.id', 'a.request_id')
          .where(sql<boolean>`lower(requests.requester_unit) = lower(${unit ?? ''})`),
      )
      .select([
        'a.id',
        'a.number',
        'a.status',
        'a.created_at',
        'a.finished_at',
        'a.request_number',
        'i.id as item_id',
      ])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('a.status', 'in', ['done', 'failed']),
            eb('a.finished_at', '>=', from),
            eb('a.finished_at', '<', to),
          ]),
          eb.and([eb('a.status', 'in', ['queued', 'running']), eb('a.created_at', '<', to)]),
        ]),
      )
      .orderBy('a.created_at')
      .execute();
  }

  /** Holds in force at `asOf`, placed and released in [from, to). */
  async holdCounts(
    from: number,
    to: number,
    asOf: number,
    unit: string | null,
    ex: Executor = this.db,
  ): Promise<{ active: number; placed: number; released: number }> {
    const base = () =>
      ex
        .selectFrom('holds')
        .$if(unit !== null, (q) =>
          q
            .innerJoin('requests', 'requests.id', 'holds.request_id')
            .where(sql<boolean>`lower(requests.requester_unit) = lower(${unit ?? ''})`),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'));
    const [active, placed, released] = await Promise.all([
      base()
        .where('holds.placed_at', '<=', asOf)
        .where((eb) =>
          eb.or([eb('holds.released_at', 'is', null), eb('holds.released_at', '>', asOf)]),
        )
        .where((eb) =>
          eb.or([eb('holds.expires_at', 'is', null), eb('holds.expires_at', '>', asOf)]),
        )
        .executeTakeFirstOrThrow(),
      base()
        .where('holds.placed_at', '>=', from)
        .where('holds.placed_at', '<', to)
        .executeTakeFirstOrThrow(),
      base()
        .where('holds.released_at', '>=', from)
        .where('holds.released_at', '<', to)
        .executeTakeFirstOrThrow(),
    ]);
    return { active: Number(active.n), placed: Number(placed.n), released: Number(released.n) };
  }

  /** Cameras enabled now that existed before `to`. */
  async cameras(to: number, ex: Executor = this.db) {
    return ex
      .selectFrom('cameras')
      .select(['id', 'code', 'name', 'created_at'])
      .where('enabled', '=', 1)
      .where('created_at', '<', to)
      .orderBy('code')
      .execute();
  }

  /** Recording gaps overlapping [from, until); an open gap has no end yet. */
  async gaps(from: number, until: number, ex: Executor = this.db) {
    return ex
      .selectFrom('recording_gaps')
      .select(['camera_id', 'start_ms', 'end_ms'])
      .where('start_ms', '<', until)
      .where((eb) => eb.or([eb('end_ms', 'is', null), eb('end_ms', '>', from)]))
      .execute();
  }

  /** Bodycam clips recorded in [from, to), deleted ones included (they were recorded). */
  async clips(from: number, to: number, ex: Executor = this.db): Promise<ReportClipRow[]> {
    return ex
      .selectFrom('bodycam_clips')
      .select(['recorded_start', 'duration_ms', 'categorized_at', 'categorize_due_at'])
      .where('recorded_start', '>=', from)
      .where('recorded_start', '<', to)
      .execute();
  }

  /**
   * Share links created in [from, to) on evidence items made from bodycam clips (revoked or
   * expired since included: they were created). Such an item has no fixed camera: its
   * camera_id is `bodycam:` and the devices' serials (the manifest's `bodycam` section).
   */
  async bodycamShares(from: number, to: number, ex: Executor = this.db): Promise<number> {
    const row = await ex
      .selectFrom('evidence_shares')
      .innerJoin('evidence_items', 'evidence_items.id', 'evidence_shares.evidence_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('evidence_items.camera_id', 'like', `${BODYCAM_SOURCE_PREFIX}%`)
      .where('evidence_shares.created_at', '>=', from)
      .where('evidence_shares.created_at', '<', to)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** How many audit entries of each action in [from, to). */
  async auditCounts(
    actions: readonly string[],
    from: number,
    to: number,
    ex: Executor = this.db,
  ): Promise<Map<string, number>> {
    const rows = await ex
      .selectFrom('audit_log')
      .select((eb) => ['action', eb.fn.countAll<number>().as('n')])
      .where('action', 'in', [...actions])
      .where('at', '>=', from)
      .where('at', '<', to)
      .groupBy('action')
      .execute();
    return new Map(rows.map((r) => [r.action, Number(r.n)]));
  }

  /** When the installation got its first user (null: not set up yet). */
  async installedAt(ex: Executor = this.db): Promise<number | null> {
    const row = await ex
      .selectFrom('users')
      .select((eb) => eb.fn.min<number>('created_at').as('at'))
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? null : Number(row.at);
  }

  /** The requesting units named in requests, for the dashboard's filter. */
  async units(ex: Executor = this.db): Promise<string[]> {
    const rows = await ex
      .selectFrom('requests')
      .select('requester_unit')
      .distinct()
      .where('requester_unit', 'is not', null)
      .where('requester_unit', '<>', '')
      .orderBy('requester_unit')
      .execute();
    return rows.map((r) => r.requester_unit ?? '').filter(Boolean);
  }
}
