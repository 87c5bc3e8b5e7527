import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.js';
import type {
  AcquisitionsTable,
  EvidenceCustodyTable,
  EvidenceFilesTable,
  EvidenceItemsTable,
} from './evidence.tables.js';

export type AcquisitionRow = AcquisitionsTable;
export type EvidenceRow = EvidenceItemsTable;
export type EvidenceFileRow = EvidenceFilesTable;
export type CustodyRow = EvidenceCustodyTable;

export interface EvidenceSearch {
  cameraId?: string;
  requestId?: string;
  from?: number;
  to?: number;
  q?: string;
  limit: number;
  offset: number;
}

/** Acquisitions, the evidence register, its files and the chain of custody. */
export class EvidenceRepository {
  constructor(private readonly db: Db) {}

  /** The next number of the year (atomic upsert … returning on both databases). */
  async nextNumber(year: number, ex: Executor = this.db): Promise<number> {
    const row = await ex
      .insertInto('evidence_counters')
      .values({ year, last: 1 })
      .onConflict((oc) =>
        oc.column('year').doUpdateSet({ last: sql<number>`evidence_counters.last + 1` }),
      )
      .returning('last')
      .executeTakeFirstOrThrow();
    return Number(row.last);
  }

  async insertAcquisition(row: AcquisitionRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('evidence_acquisitions').values(row).execute();
  }

  async updateAcquisition(
    id: string,
    patch: Partial<Omit<AcquisitionRow, 'id'>>,
    ex: Executor = this.db,
  ): Promise<void> {
    await ex.updateTable('evidence_acquisitions').set(patch).where('id', '=', id).execute();
  }

  findAcquisition(id: string, ex: Executor = this.db): Promise<AcquisitionRow | undefined> {
    return ex
      .selectFrom('evidence_acquisitions')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', id), eb('number', '=', id)]))
      .executeTakeFirst();
  }

  listAcquisitions(
    opts: { status?: string; requestId?: string; limit: number },
    ex: Executor = this.db,
  ) {
    let q = ex.selectFrom('evidence_acquisitions').selectAll();
    if (opts.status) q = q.where('status', '=', opts.status as AcquisitionRow['status']);
    if (opts.requestId) q = q.where('request_id', '=', opts.requestId);
    return q.orderBy('created_at', 'desc').orderBy('number', 'desc').limit(opts.limit).execute();
  }

  async insertItem(
    row: EvidenceRow,
    files: EvidenceFileRow[],
    ex: Executor = this.db,
  ): Promise<void> {
    await ex.insertInto('evidence_items').values(row).execute();
    for (let i = 0; i < files.length; i += 200) {
      await ex
        .insertInto('evidence_files')
        .values(files.slice(i, i + 200))
        .execute();
    }
  }

  findItem(id: string, ex: Executor = this.db): Promise<EvidenceRow | undefined> {
    return ex
      .selectFrom('evidence_items')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', id), eb('number', '=', id)]))
      .executeTakeFirst();
  }

  async updateItemRetention(
    id: string,
    patch: Pick<Partial<EvidenceRow>, 'retain_until' | 'legal_hold' | 'legal_hold_reason'>,
    ex: Executor = this.db,
  ): Promise<void> {
    await ex.updateTable('evidence_items').set(patch).where('id', '=', id).execute();
  }

  searchItems(s: EvidenceSearch, ex: Executor = this.db) {
    let q = ex.selectFrom('evidence_items').selectAll();
    if (s.cameraId) q = q.where('camera_id', '=', s.cameraId);
    if (s.requestId) {
      const r = s.requestId;
      q = q.where((eb) => eb.or([eb('request_id', '=', r), eb('request_number', '=', r)]));
    }
    // Date filters select evidence whose footage overlaps [from, to).
    if (s.from !== undefined) q = q.where('actual_to_ms', '>', s.from);
    if (s.to !== undefined) q = q.where('actual_from_ms', '<', s.to);
    if (s.q) {
      const like = `%${s.q.toLowerCase()}%`;
      q = q.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['number']), 'like', like),
          eb(eb.fn('lower', ['reason']), 'like', like),
          eb(eb.fn('lower', ['camera_code']), 'like', like),
          eb(eb.fn('lower', ['camera_name']), 'like', like),
          eb(eb.fn('lower', [eb.fn.coalesce('case_ref', sql.lit(''))]), 'like', like),
          eb(eb.fn('lower', [eb.fn.coalesce('request_number', sql.lit(''))]), 'like', like),
          eb(eb.fn('lower', ['operator_username']), 'like', like),
        ]),
      );
    }
    return q
      .orderBy('created_at', 'desc')
      .orderBy('number', 'desc')
      .limit(s.limit)
      .offset(s.offset)
      .execute();
  }

  files(evidenceId: string, ex: Executor = this.db): Promise<EvidenceFileRow[]> {
    return ex
      .selectFrom('evidence_files')
      .selectAll()
      .where('evidence_id', '=', evidenceId)
      .orderBy('position')
      .execute();
  }

  async addCustody(row: CustodyRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('evidence_custody').values(row).execute();
  }

  custody(evidenceId: string, ex: Executor = this.db): Promise<CustodyRow[]> {
    return ex
      .selectFrom('evidence_custody')
      .selectAll()
      .where('evidence_id', '=', evidenceId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  /** Custody events of every item in [from, to) (the register of viewings). */
  custodyBetween(from: number, to: number, limit: number, ex: Executor = this.db) {
    return ex
      .selectFrom('evidence_custody')
      .selectAll()
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}
